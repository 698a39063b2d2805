using System.Security.Claims;
using System.Text.Json;
using Micic.Persistence.Data;
using Micic.Persistence.Privacy;
using Micic.ServiceDefaults.Auth;
using Micic.ServiceDefaults.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Micic.Persistence.Intake;

/// <summary>What a review of a held submission came to.</summary>
public abstract record ReviewOutcome
{
    /// <summary>Taken up: <paramref name="Result"/> is what it became (a request, an arrival), <paramref name="Id"/> its id.</summary>
    public sealed record Accepted(Guid Id, object Result) : ReviewOutcome;

    public sealed record Discarded : ReviewOutcome;

    /// <summary>No such held submission, as far as the caller may know.</summary>
    public sealed record Missing : ReviewOutcome;

    /// <summary>Reviewed already, or no longer valid.</summary>
    public sealed record Refused(string Why) : ReviewOutcome;

    /// <summary>Refused because the submission, checked again at the review, is no longer valid.</summary>
    public static Refused Invalid(string what, Dictionary<string, string[]> errors) =>
        new($"It is no longer a valid {what}: " + string.Join(" ", errors.Select(error => $"{error.Key}: {string.Join(" ", error.Value)}")));
}

/// <summary>
/// What was registered by someone disabled since they typed it (a family, a walk-in): kept, not accepted, until a
/// colleague of the same organisation (at the same site, for what is registered at a site) or a coordinator accepts it or
/// discards it, saying why. Never silently lost, never silently accepted.
/// </summary>
public sealed class HeldSubmissions(DbSession session, HeldSubmissionStore store, PersonalDataAudit audit, TimeProvider clock)
{
    public const string Disabled = "The person who registered it has been disabled since.";

    /// <summary>Holds a valid submission of <paramref name="people"/> people; nothing is announced.</summary>
    public async Task<Guid> Hold<T>(T submission, int people, string? siteCode, Registrant registrant, FieldWorker sentBy,
        CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var id = Guid.CreateVersion7(now);
        await session.BeginAsync(cancellationToken);
        await store.Hold(new HeldSubmission(id, registrant.OrganisationId, siteCode, registrant, sentBy, now, Disabled,
            JsonSerializer.Serialize(submission, JsonSerializerOptions.Web), Enumerable.Range(0, people).Select(_ => Guid.CreateVersion7(now)).ToList(),
            HeldStatus.Held, null, null, null, null), cancellationToken);
        await session.CommitAsync(cancellationToken);
        return id;
    }

    /// <summary>A page of held submissions the caller may review; each one whose people are shown is audited.</summary>
    public async Task<(IReadOnlyList<HeldSubmission> Items, long Total)> List(ClaimsPrincipal user, IReadOnlyCollection<string>? sites,
        string? status, PageRequest page, CancellationToken cancellationToken)
    {
        await session.BeginAsync(cancellationToken);
        var (items, total) = await store.List(user.IsCoordinator() ? null : user.OrganisationId(), user.IsCoordinator() ? null : sites, status, page,
            cancellationToken);
        foreach (var item in items.Where(item => item.Submission is not null))
            await audit.Record(Actor.Of(user), "held-review", item.PersonIds, cancellationToken, siteCode: item.SiteCode);
        await session.CommitAsync(cancellationToken);
        return (items, total);
    }

    /// <summary>
    /// The held submission is taken up by <paramref name="accept"/> (given the submission as it was sent, the held record and
    /// the reviewer), in the review's unit of work; its personal data is erased here, living on in what it became.
    /// </summary>
    public Task<ReviewOutcome> Accept<T>(Guid id, ClaimsPrincipal user, Func<T, HeldSubmission, FieldWorker, Task<ReviewOutcome>> accept,
        CancellationToken cancellationToken) =>
        Review(id, user, async (held, reviewer, now) =>
        {
            var outcome = await accept(JsonSerializer.Deserialize<T>(held.Submission!, JsonSerializerOptions.Web)!, held, reviewer);
            if (outcome is ReviewOutcome.Accepted accepted)
                await store.Reviewed(id, HeldStatus.Accepted, reviewer, now, accepted.Id, null, cancellationToken);
            return outcome;
        }, cancellationToken);

    /// <summary>The held submission is not taken up; its personal data is erased here, the reason kept.</summary>
    public Task<ReviewOutcome> Discard(Guid id, string reason, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        Review(id, user, async (_, reviewer, now) =>
        {
            await store.Reviewed(id, HeldStatus.Discarded, reviewer, now, null, reason.Trim(), cancellationToken);
            return new ReviewOutcome.Discarded();
        }, cancellationToken);

    static bool MayReview(ClaimsPrincipal user, HeldSubmission held) =>
        user.IsCoordinator() || user.OrganisationId() == held.OrganisationId && (held.SiteCode is null || user.Sites().Contains(held.SiteCode));

    async Task<ReviewOutcome> Review(Guid id, ClaimsPrincipal user, Func<HeldSubmission, FieldWorker, DateTimeOffset, Task<ReviewOutcome>> decide,
        CancellationToken cancellationToken)
    {
        await session.BeginAsync(cancellationToken);
        if (await store.Lock(id, cancellationToken) is not { } held || !MayReview(user, held))
            return new ReviewOutcome.Missing();
        if (held.Status != HeldStatus.Held)
            return new ReviewOutcome.Refused($"It was {held.Status} already.");
        var actor = Actor.Of(user);
        var outcome = await decide(held, FieldWorker.Of(actor), clock.GetUtcNow());
        if (outcome is ReviewOutcome.Refused)
            return outcome;
        await session.CommitAsync(cancellationToken);
        return outcome;
    }
}

public static class HeldSubmissionsExtensions
{
    /// <summary>Holding and reviewing submissions; the service's database has the table <c>held_submission</c>.</summary>
    public static IServiceCollection AddHeldSubmissions(this IServiceCollection services) =>
        services.AddScoped<HeldSubmissionStore>().AddScoped<HeldSubmissions>();
}
