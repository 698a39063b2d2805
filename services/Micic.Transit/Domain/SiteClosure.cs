namespace Micic.Transit.Domain;

/// <summary>
/// A site closed by its State (a border crossing, a reception site): from <see cref="ClosedAt"/> until <see cref="Until"/>, or
/// until reopened earlier. While it is in force, no one is received there: people wait at the border and are received
/// once it opens.
/// </summary>
public sealed record SiteClosure(Guid Id, string SiteCode, DateTimeOffset ClosedAt, DateTimeOffset Until, string Reason, string ClosedBy,
    DateTimeOffset? ReopenedAt = null, string? ReopenedBy = null)
{
    /// <summary>The longest a site may be closed in one closure: a month; beyond that it is a typo, or a closure to decide again.</summary>
    public static readonly TimeSpan Longest = TimeSpan.FromDays(31);

    public const int ReasonLength = 500;

    /// <summary>When it ends: when reopened, or at <see cref="Until"/>.</summary>
    public DateTimeOffset EndsAt => ReopenedAt is { } reopened && reopened < Until ? reopened : Until;

    public bool InForceAt(DateTimeOffset at) => ClosedAt <= at && at < EndsAt;

    /// <summary>Field errors of a closure asked at <paramref name="now"/>; none for one that can be made.</summary>
    public static Dictionary<string, string[]> Errors(CloseSite body, DateTimeOffset now)
    {
        var errors = new Dictionary<string, string[]>();
        if (body.Until is not { } until)
            errors["until"] = ["Say until when the site is closed (ISO 8601 UTC)."];
        else if (until <= now)
            errors["until"] = [$"Must be after now ({now:yyyy-MM-dd HH:mm} UTC)."];
        else if (until - now > Longest)
            errors["until"] = [$"Must be at most {Longest.TotalDays:0} days ahead; close the site again when that ends."];
        if (string.IsNullOrWhiteSpace(body.Reason))
            errors["reason"] = ["Say why the site is closed."];
        else if (body.Reason.Length > ReasonLength)
            errors["reason"] = [$"At most {ReasonLength} characters."];
        return errors;
    }
}

/// <summary>A State closes its site (<c>POST /api/transit/sites/{code}/closures</c>).</summary>
public sealed record CloseSite(DateTimeOffset? Until, string? Reason);

/// <summary>A closed site opens again before its closure ends (<c>POST /api/transit/sites/{code}/reopen</c>).</summary>
public sealed record ReopenSite(string? Reason);
