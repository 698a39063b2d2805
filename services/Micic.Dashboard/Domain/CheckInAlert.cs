using System.Security.Cryptography;
using System.Text;

namespace Micic.Dashboard.Domain;

/// <summary>
/// A registered household's latest check-in answer in a crisis, as the dashboard keeps it for the household's consulate:
/// "need help" (2) is an open alert until the household answers again (safe, or wanting to leave: a request follows), or
/// its consulate acknowledges it — it called. A "need help" answered after that acknowledgement is a new alert. Ids and
/// times only: the consulate's view in Requests holds the names.
/// </summary>
public sealed record CheckInAlert(string CrisisId, Guid RegistrationId, string Nationality, int Answer, DateTimeOffset AnsweredAt,
    DateTimeOffset? AcknowledgedAnswerAt = null, DateTimeOffset? AcknowledgedAt = null, string? AcknowledgedBy = null)
{
    public const int Safe = 1;
    public const int NeedsHelp = 2;
    public const int WantsToLeave = 3;

    /// <summary>The alert's id: the same for a household in a crisis however often it asks for help, and on every rebuild.</summary>
    public Guid Id => IdOf(CrisisId, RegistrationId);

    public static Guid IdOf(string crisisId, Guid registrationId)
    {
        var key = new byte[Encoding.UTF8.GetByteCount(crisisId) + 16];
        registrationId.TryWriteBytes(key);
        Encoding.UTF8.GetBytes(crisisId, key.AsSpan(16));
        return new Guid(MD5.HashData(key));
    }

    /// <summary>Only the three answers of a check-in count; any other digit is no answer.</summary>
    public static bool IsAnswer(int answer) => answer is >= Safe and <= WantsToLeave;

    /// <summary>Whether the household ever asked for help as far as this tells: its latest answer, or one its consulate acknowledged.</summary>
    public bool WasRaised => Answer == NeedsHelp || AcknowledgedAnswerAt is not null;

    /// <summary>The household asks for help and the consulate has not acknowledged this answer.</summary>
    public bool IsOpen => Answer == NeedsHelp && (AcknowledgedAnswerAt is null || AcknowledgedAnswerAt < AnsweredAt);

    /// <summary>A household's answer: it replaces the one held only if it was given later (answers arrive in any order).</summary>
    public CheckInAlert Answered(int answer, DateTimeOffset at) =>
        IsAnswer(answer) && at > AnsweredAt ? this with { Answer = answer, AnsweredAt = at } : this;

    /// <summary>The consulate called: the open alert is closed. One that is not open (acknowledged already, or the household answered since) cannot be.</summary>
    public Acknowledgement Acknowledge(string organisationId, DateTimeOffset at) => IsOpen
        ? new Acknowledgement(this with { AcknowledgedAnswerAt = AnsweredAt, AcknowledgedAt = at, AcknowledgedBy = organisationId }, null)
        : new Acknowledgement(this, AcknowledgedAnswerAt == AnsweredAt && Answer == NeedsHelp
            ? $"This alert was acknowledged at {AcknowledgedAt:yyyy-MM-dd HH:mm} UTC."
            : "The household has answered since it asked for help: there is no alert to acknowledge.");
}

/// <summary>An acknowledgement's outcome: the alert as it now stands, and why it was refused, if it was.</summary>
public sealed record Acknowledgement(CheckInAlert Alert, string? Refused);
