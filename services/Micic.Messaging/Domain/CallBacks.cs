namespace Micic.Messaging.Domain;

/// <summary>Where a call-back stands, as the API names it: open until a coordinator has called and closed it.</summary>
public static class CallBackStatus
{
    public const string Open = "open";
    public const string Closed = "closed";

    public static readonly IReadOnlyList<string> All = [Open, Closed];
}

/// <summary>
/// The rules of call-backs (HELP by SMS). The coordinator who is to call needs the whole number; once the call is made
/// nobody does, so a closed call-back shows it masked like any phone shown only to be told apart.
/// </summary>
public static class CallBackRules
{
    /// <summary>What came of the call, in a line or two: who answered, what was agreed.</summary>
    public const int MaxNoteLength = 1000;

    public static string? NoteProblem(string? note) => FeedbackRules.TextProblem(note, MaxNoteLength);

    /// <summary>A call-back is closed once; closing it again would overwrite what the first caller noted.</summary>
    public static bool CanClose(string status) => status == CallBackStatus.Open;

    /// <summary>The number as a reader is shown it: whole while the call is to be made, masked after; null when erased.</summary>
    public static string? PhoneShown(string status, string? phone) =>
        string.IsNullOrEmpty(phone) ? null : status == CallBackStatus.Open ? phone : Phones.Masked(phone);

    /// <summary>Whether a read shows a person's whole number, and so is audited as a read of that person's data.</summary>
    public static bool ShowsWholeNumber(string status, string? phone) => status == CallBackStatus.Open && !string.IsNullOrEmpty(phone);
}
