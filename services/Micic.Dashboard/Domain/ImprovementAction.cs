using System.Globalization;

namespace Micic.Dashboard.Domain;

/// <summary>Where an improvement action stands.</summary>
public static class ImprovementStatus
{
    public const string Open = "open";
    public const string InProgress = "in-progress";
    public const string Done = "done";

    public static readonly IReadOnlyList<string> All = [Open, InProgress, Done];
}

/// <summary>What an improvement came from: an exercise (its scenario, on its crisis) or a real crisis.</summary>
public static class ImprovementSource
{
    public const string Exercise = "exercise";
    public const string Crisis = "crisis";
}

/// <summary><c>POST /api/improvements</c>. <see cref="CrisisId"/> names the real crisis it comes from; in an exercise it is the exercise's own.</summary>
public sealed record NewImprovement(string? ObjectiveId, string? Text, string? OwnerOrganisationId, string? DueBy, string? CrisisId = null);

/// <summary><c>PATCH /api/improvements/{id}</c>.</summary>
public sealed record ImprovementChange(string? Status, string? Evidence);

/// <summary>Who raised an improvement, from their token.</summary>
public sealed record ImprovementRaiser(string Id, string Name, string OrganisationId);

/// <summary>
/// An action of the improvement plan: what is to be done, by which organisation, by when, and how far it is; kept across
/// exercises and real crises, each recording where it came from, who raised it and when — in crisis time (the exercise
/// clock) and in real time.
/// </summary>
public sealed record ImprovementAction(
    Guid Id, string? ObjectiveId, string Text, string OwnerOrganisationId, DateTimeOffset DueBy, string Status, string? Evidence,
    string Source, string? Scenario, string CrisisId, ImprovementRaiser RaisedBy, DateTimeOffset RaisedAtCrisisTime, DateTimeOffset RaisedAt,
    DateTimeOffset? UpdatedAt);

/// <summary>
/// The rules an improvement action is written by. Text and evidence are 1 to 2,000 printable characters. The owner is an
/// organisation of the platform. The due date is an ISO 8601 date (due by the end of that day, UTC) or date and time, after
/// now in real time: the action is done in the world, after the drill, whatever the exercise clock says. An action is
/// marked done only with evidence of what was done (HSEEP closes an improvement on evidence), which it keeps.
/// </summary>
public static class ImprovementRules
{
    public const int MaxText = 2_000;
    public const int MaxId = 100;

    public static Dictionary<string, string[]> Errors(NewImprovement body, IReadOnlySet<string> organisations, DateTimeOffset realNow, out DateTimeOffset dueBy)
    {
        var errors = new Dictionary<string, string[]>();
        dueBy = default;
        if (Text(body.Text, "what is to be done") is { } text)
            errors["text"] = [text];
        if (string.IsNullOrWhiteSpace(body.OwnerOrganisationId))
            errors["ownerOrganisationId"] = ["Required: the organisation that owns the action."];
        else if (!organisations.Contains(body.OwnerOrganisationId))
            errors["ownerOrganisationId"] = [$"No organisation '{Shortened(body.OwnerOrganisationId)}' is known."];
        if (string.IsNullOrWhiteSpace(body.DueBy))
            errors["dueBy"] = ["Required: an ISO 8601 date (2027-03-31) or date and time."];
        else if (ParseDue(body.DueBy) is not { } due)
            errors["dueBy"] = [$"'{Shortened(body.DueBy)}' is not an ISO 8601 date (2027-03-31) or date and time."];
        else if (due <= realNow)
            errors["dueBy"] = [$"Must be after now ({realNow:yyyy-MM-dd HH:mm} UTC, real time)."];
        else
            dueBy = due;
        if (body.ObjectiveId is { Length: > MaxId })
            errors["objectiveId"] = [$"At most {MaxId} characters."];
        if (body.CrisisId is { Length: 0 or > MaxId })
            errors["crisisId"] = [$"A crisis id of 1 to {MaxId} characters."];
        return errors;
    }

    public static Dictionary<string, string[]> Errors(ImprovementChange change)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrEmpty(change.Status))
            errors["status"] = [$"Required: {string.Join(", ", ImprovementStatus.All)}."];
        else if (!ImprovementStatus.All.Contains(change.Status))
            errors["status"] = [$"'{Shortened(change.Status)}' is not a status: {string.Join(", ", ImprovementStatus.All)}."];
        if (change.Evidence is not null && Text(change.Evidence, "what was done") is { } evidence)
            errors["evidence"] = [evidence];
        else if (change.Status == ImprovementStatus.Done && change.Evidence is null)
            errors["evidence"] = ["An action is marked done with evidence of what was done."];
        return errors;
    }

    /// <summary>A due date: a date is due by the end of that day (UTC); a date and time needs its offset.</summary>
    public static DateTimeOffset? ParseDue(string text)
    {
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            return new DateTimeOffset(day.ToDateTime(new TimeOnly(23, 59, 59)), TimeSpan.Zero);
        return text.Length > 10 && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at)
            && (text.EndsWith('Z') || text[^6] is '+' or '-')
            ? at.ToUniversalTime()
            : null;
    }

    static string? Text(string? text, string what) =>
        string.IsNullOrWhiteSpace(text) ? $"Required: {what}."
        : text.Length > MaxText ? $"At most {MaxText:N0} characters."
        : Micic.ServiceDefaults.Http.PrintableText.HasControlCharacters(text) ? "Control characters are not allowed (tabs and line breaks are)."
        : null;

    static string Shortened(string text) => text.Length > 40 ? text[..40] + "…" : text;
}
