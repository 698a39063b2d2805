using System.Security.Claims;
using System.Text.Json;
using Micic.Contracts;
using Micic.Persistence.Data;
using Micic.Persistence.Privacy;
using Micic.Requests.Data;
using Micic.Requests.Domain;
using Micic.ServiceDefaults.Auth;
using Micic.ServiceDefaults.Http;

namespace Micic.Requests.Application;

/// <summary>What a review of a held submission came to.</summary>
public abstract record ReviewOutcome
{
    public sealed record Accepted(EvacuationRequest Request) : ReviewOutcome;

    public sealed record Discarded : ReviewOutcome;

    /// <summary>No such held submission, as far as the caller may know.</summary>
    public sealed record Missing : ReviewOutcome;

    /// <summary>Reviewed already, or no longer a valid request.</summary>
    public sealed record Refused(string Why) : ReviewOutcome;
}

/// <summary>
/// Families registered by someone disabled since they typed them: kept, not accepted, until a colleague of the same
/// organisation (or a coordinator) accepts one as a request or discards it, saying why. Never silently lost, never
/// silently accepted.
/// </summary>
public sealed class HeldSubmissions(DbSession session, HeldSubmissionStore store, RequestIntake intake, EvacuationRequestValidator validator,
    PersonalDataAudit audit, TimeProvider clock)
{
    public const string Disabled = "The person who registered it has been disabled since.";

    /// <summary>Holds a valid submission; nothing is announced.</summary>
    public async Task<Guid> Hold(SubmitEvacuationRequest submission, Registrant registrant, FieldWorker sentBy, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var id = Guid.CreateVersion7(now);
        await session.BeginAsync(cancellationToken);
        await store.Hold(new HeldSubmission(id, registrant.OrganisationId, registrant, sentBy, now, Disabled,
            JsonSerializer.Serialize(submission, JsonSerializerOptions.Web), submission.People!.Select(_ => Guid.CreateVersion7(now)).ToList(),
            HeldStatus.Held, null, null, null, null), cancellationToken);
        await session.CommitAsync(cancellationToken);
        return id;
    }

    /// <summary>A page of held submissions the caller may review; each one whose people are shown is audited.</summary>
    public async Task<(IReadOnlyList<HeldSubmission> Items, long Total)> List(ClaimsPrincipal user, string? status, PageRequest page,
        CancellationToken cancellationToken)
    {
        await session.BeginAsync(cancellationToken);
        var (items, total) = await store.List(user.IsCoordinator() ? null : user.OrganisationId(), status, page, cancellationToken);
        foreach (var item in items.Where(item => item.Submission is not null))
            await audit.Record(Actor.Of(user), "held-review", item.PersonIds, cancellationToken);
        await session.CommitAsync(cancellationToken);
        return (items, total);
    }

    /// <summary>The held family becomes a request, sent by the reviewer and registered by whom it was.</summary>
    public Task<ReviewOutcome> Accept(Guid id, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        Review(id, user, async (held, reviewer, now) =>
        {
            var submission = JsonSerializer.Deserialize<SubmitEvacuationRequest>(held.Submission!, JsonSerializerOptions.Web)!;
            if (validator.Validate(submission) is { Count: > 0 } errors)
                return new ReviewOutcome.Refused("It is no longer a valid request: " + string.Join(" ", errors.Select(error => $"{error.Key}: {string.Join(" ", error.Value)}")));
            var request = (await intake.Submit([submission], held.OrganisationId, cancellationToken, new Registration(held.Registrant.Worker, reviewer)))[0];
            await store.Reviewed(id, HeldStatus.Accepted, reviewer, now, request.Id, null, cancellationToken);
            return new ReviewOutcome.Accepted(request);
        }, cancellationToken);

    /// <summary>The held family is not taken up; its personal data is erased here, the reason kept.</summary>
    public Task<ReviewOutcome> Discard(Guid id, string reason, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        Review(id, user, async (_, reviewer, now) =>
        {
            await store.Reviewed(id, HeldStatus.Discarded, reviewer, now, null, reason.Trim(), cancellationToken);
            return new ReviewOutcome.Discarded();
        }, cancellationToken);

    async Task<ReviewOutcome> Review(Guid id, ClaimsPrincipal user, Func<HeldSubmission, FieldWorker, DateTimeOffset, Task<ReviewOutcome>> decide,
        CancellationToken cancellationToken)
    {
        await session.BeginAsync(cancellationToken);
        if (await store.Lock(id, cancellationToken) is not { } held || !user.MayActOn(held.OrganisationId))
            return new ReviewOutcome.Missing();
        if (held.Status != HeldStatus.Held)
            return new ReviewOutcome.Refused($"It was {held.Status} already.");
        var actor = Actor.Of(user);
        var outcome = await decide(held, new FieldWorker(actor.Id, actor.Name), clock.GetUtcNow());
        if (outcome is ReviewOutcome.Refused)
            return outcome;
        await session.CommitAsync(cancellationToken);
        return outcome;
    }
}
