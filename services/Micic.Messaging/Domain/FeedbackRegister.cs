using Micic.ServiceDefaults.ReferenceData;

namespace Micic.Messaging.Domain;

/// <summary>Where feedback came in, as the API names it.</summary>
public static class FeedbackChannel
{
    public const string Sms = "sms";
    public const string Web = "web";
    public const string Desk = "desk";

    public static readonly IReadOnlyList<string> All = [Sms, Web, Desk];

    /// <summary>What a desk may record: an SMS is recorded only as it arrives.</summary>
    public static readonly IReadOnlyList<string> Recorded = [Web, Desk];
}

/// <summary>Who reads the register: coordinators every item but the sealed ones' text; the roster's <c>psea</c> partner the sealed ones only.</summary>
public enum FeedbackReader
{
    Coordinator,
    PseaPartner,
}

/// <summary>
/// The rules of the feedback register. A sensitive item (sexual exploitation or abuse, trafficking) is sealed: it is
/// referred to the roster's <c>psea</c> partner at once, and its text goes to nobody else, coordinators included — a
/// survivor's words are shared on a need-to-know basis only.
/// </summary>
public static class FeedbackRules
{
    /// <summary>The roster service of the partner that receives sealed items.</summary>
    public const string PseaService = "psea";

    public const int MaxTextLength = 2000;

    /// <summary>An answer goes back by SMS, a few concatenated parts at most: a person reads it on a basic phone.</summary>
    public const int MaxAnswerLength = 480;

    public static bool IsSealed(string category) => category == FeedbackCategory.Sensitive;

    /// <summary>A new item waits for a coordinator, a sealed one is referred to the psea partner at once.</summary>
    public static string InitialStatus(string category) => IsSealed(category) ? FeedbackStatus.Referred : FeedbackStatus.New;

    /// <summary>Which items a reader lists: a psea partner sees the sealed ones only.</summary>
    public static bool Lists(FeedbackReader reader, string category) => reader == FeedbackReader.Coordinator || IsSealed(category);

    /// <summary>Whether a reader is shown an item's text.</summary>
    public static bool ShowsText(FeedbackReader reader, string category) => IsSealed(category) == (reader == FeedbackReader.PseaPartner);

    /// <summary>Only new items are answered; a sealed one is the psea partner's to follow, never answered from the register.</summary>
    public static AnswerRefusal? CanAnswer(string category, string status) =>
        IsSealed(category) ? AnswerRefusal.Sealed
        : status is FeedbackStatus.Answered or FeedbackStatus.Closed ? AnswerRefusal.AlreadyAnswered
        : null;

    /// <summary>What is wrong with a text, or null: present, printable, not too long.</summary>
    public static string? TextProblem(string? text, int maxLength) =>
        string.IsNullOrWhiteSpace(text) ? "Required."
        : text.Length > maxLength ? $"At most {maxLength} characters."
        : text.Any(character => char.IsControl(character) && character is not ('\n' or '\r' or '\t')) ? "Must not contain control characters."
        : null;

    /// <summary>The organisations on the roster that receive sealed items.</summary>
    public static IReadOnlySet<string> PseaPartners(SeedData seeds) =>
        seeds.Organisations.Where(organisation => organisation.Roles.Contains("partner") && (organisation.Services ?? []).Contains(PseaService))
            .Select(organisation => organisation.Id).ToHashSet(StringComparer.Ordinal);

    /// <summary>The answer as the phone reads it: a heading in the sender's language, then the coordinator's words.</summary>
    public static string AnswerText(string language, string? reference, string answer)
    {
        var heading = language switch
        {
            MessageLanguage.French => "Réponse à votre message",
            MessageLanguage.Arabic => "رد على رسالتك",
            MessageLanguage.Bengali => "আপনার বার্তার উত্তর",
            _ => "Answer to your message",
        };
        return reference is null ? $"{heading}: {answer.Trim()}" : $"{heading} ({reference}): {answer.Trim()}";
    }
}

public enum AnswerRefusal
{
    Sealed,
    AlreadyAnswered,
}
