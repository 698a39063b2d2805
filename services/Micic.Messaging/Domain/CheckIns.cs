using System.Globalization;

namespace Micic.Messaging.Domain;

/// <summary>What a registered household answers to "are you safe?".</summary>
public enum CheckInAnswer
{
    Safe = 1,
    NeedHelp = 2,
    WantToLeave = 3,
}

/// <summary>What follows a check-in left without an answer for a day.</summary>
public enum CheckInFollowUp
{
    /// <summary>Asked once: asked again.</summary>
    AskAgain,
    /// <summary>Asked twice: on the consulate's list of people to call.</summary>
    ToCall,
}

/// <summary>
/// The rules of a check-in: who is asked (a crisis raised to 3, voluntary departure, or 4, mandatory departure), how an
/// answer is read, and what follows silence.
/// </summary>
public static class CheckInRules
{
    public const int VoluntaryDeparture = 3;

    /// <summary>A declaration at, or a change to, level 3 or 4 from below it asks; a move between 3 and 4 does not ask again.</summary>
    public static bool Asks(int? from, int to) => to >= VoluntaryDeparture && (from is null || from < VoluntaryDeparture);

    /// <summary>
    /// The answer is a single digit 1–3, in the digits the person's phone writes (Latin, Arabic-Indic, Persian or Bengali),
    /// with the punctuation or spaces around it; anything else is not an answer (it becomes feedback).
    /// </summary>
    public static CheckInAnswer? Read(string text)
    {
        var trimmed = text.Trim().Trim('.', '!', '?', '؟', ',', '،', ' ', '\u200f', '\u200e');
        if (trimmed.Length != 1)
            return null;
        var digit = CharUnicodeInfo.GetDecimalDigitValue(trimmed[0]);
        return digit is >= 1 and <= 3 ? (CheckInAnswer)digit : null;
    }

    public static CheckInFollowUp AfterSilence(int attempts) => attempts <= 1 ? CheckInFollowUp.AskAgain : CheckInFollowUp.ToCall;
}
