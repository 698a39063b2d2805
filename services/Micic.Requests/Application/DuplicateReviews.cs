using System.Security.Claims;
using Micic.Contracts;
using Micic.Persistence.Data;
using Micic.Persistence.Privacy;
using Micic.Requests.Data;
using Micic.Requests.Domain;
using Micic.ServiceDefaults.Auth;
using Micic.ServiceDefaults.Http;

namespace Micic.Requests.Application;

/// <summary>A possible duplicate as the caller may see it: both requests side by side, with the people the caller may see.</summary>
public sealed record SeenDuplicate(ListedDuplicate Duplicate, IReadOnlyList<FlaggedPerson> People, IReadOnlyList<VisibleRequest> Requests);

/// <summary>What a review came to.</summary>
public abstract record DuplicateReviewOutcome
{
    public sealed record Reviewed(SeenDuplicate Duplicate) : DuplicateReviewOutcome;

    /// <summary>No such possible duplicate.</summary>
    public sealed record Missing : DuplicateReviewOutcome;

    /// <summary>The request to keep is not one of the two.</summary>
    public sealed record NotInPair(Guid KeepRequestId) : DuplicateReviewOutcome;

    /// <summary>The decision cannot be taken (<see cref="DuplicateReview"/>).</summary>
    public sealed record Refused(string Why) : DuplicateReviewOutcome;
}

/// <summary>
/// Coordinators review the possible duplicates found at intake: they see both requests side by side, then merge them
/// (one request keeps the people, the other is cancelled and its seats released) or dismiss the flag. A consulate sees
/// the flags of its nationals. Every list shows personal data and is audited.
/// </summary>
public sealed class DuplicateReviews(DbSession session, PossibleDuplicateStore duplicates, EvacuationRequestStore requests,
    RequestCancellations cancellations, PersonalDataAudit audit, TimeProvider clock)
{
    public async Task<(IReadOnlyList<SeenDuplicate> Items, long Total)> List(ClaimsPrincipal user, string? crisisId, string? status, PageRequest page,
        CancellationToken cancellationToken) => await Read(user, null, crisisId, status, page, cancellationToken);

    public async Task<SeenDuplicate?> Find(Guid id, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        (await Read(user, id, null, null, new PageRequest(1, 1), cancellationToken)).Items.SingleOrDefault();

    async Task<(IReadOnlyList<SeenDuplicate> Items, long Total)> Read(ClaimsPrincipal user, Guid? id, string? crisisId, string? status,
        PageRequest page, CancellationToken cancellationToken)
    {
        await session.BeginAsync(cancellationToken);
        var scope = new DuplicateScope(user.IsCoordinator(), user.IsInRole(Roles.Consulate) ? user.Nationalities() : new HashSet<string>());
        var (listed, total) = await duplicates.List(scope, id, crisisId, status, page, cancellationToken);
        var stored = (await requests.FindMany([.. listed.SelectMany(duplicate => new[] { duplicate.FirstRequestId, duplicate.SecondRequestId })],
            cancellationToken)).ToDictionary(request => request.Id);

        var seen = listed.Select(duplicate =>
        {
            var sideBySide = new[] { stored[duplicate.FirstRequestId], stored[duplicate.SecondRequestId] }.Select(request => new VisibleRequest(request,
                [.. request.People.Where(person => user.MaySee(request.OrganisationId, request.ConsentToShareWithConsulate, person.Nationality))],
                [])).ToList();
            var visible = sideBySide.SelectMany(request => request.People.Select(person => person.Id)).ToHashSet();
            return new SeenDuplicate(duplicate, [.. duplicate.People.Where(person => visible.Contains(person.PersonId))], sideBySide);
        }).ToList();

        await audit.Record(Actor.Of(user), "possible-duplicates",
            [.. seen.SelectMany(duplicate => duplicate.Requests).SelectMany(request => request.People).Select(person => person.Id).Distinct()],
            cancellationToken);
        await session.CommitAsync(cancellationToken);
        return (seen, total);
    }

    /// <summary>Keeps one request and cancels the other with the reason given (matching then releases its seats).</summary>
    public async Task<DuplicateReviewOutcome> Merge(Guid id, Guid keepRequestId, string reason, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        await session.BeginAsync(cancellationToken);
        if (await duplicates.Lock(id, cancellationToken) is not { } duplicate)
            return new DuplicateReviewOutcome.Missing();
        if (!duplicate.Concerns(keepRequestId))
            return new DuplicateReviewOutcome.NotInPair(keepRequestId);

        var cancelledId = duplicate.OtherThan(keepRequestId);
        foreach (var request in new[] { keepRequestId, cancelledId }.Order())
            await requests.Lock(request, cancellationToken); // in one order, against a concurrent cancellation or merge
        var pair = (await requests.FindMany([keepRequestId, cancelledId], cancellationToken)).ToDictionary(request => request.Id);
        var (kept, cancelled) = (pair[keepRequestId], pair[cancelledId]);
        if (DuplicateReview.MergeRefusal(duplicate, (kept.Reference, kept.Status),
                (cancelled.Reference, cancelled.Status, [.. cancelled.People.Select(person => person.Id)])) is { } refusal)
            return new DuplicateReviewOutcome.Refused(refusal);

        var now = clock.GetUtcNow();
        reason = reason.Trim();
        if (cancelled.Status != RequestStatus.Cancelled)
            await cancellations.CancelLocked(cancelledId, reason, now, cancellationToken);
        await requests.Note(cancelledId, null, $"registered twice: the people travel on request {kept.Reference}", now, cancellationToken);
        await requests.Note(keepRequestId, null, $"request {cancelled.Reference}, registered twice, was merged into this one: {reason}", now,
            cancellationToken);
        await duplicates.Resolve(id, DuplicateStatus.Merged, keepRequestId, Reviewer(user), reason, now, cancellationToken);
        await session.CommitAsync(cancellationToken);
        return await Reviewed(id, user, cancellationToken);
    }

    /// <summary>Closes the flag: the people only look alike.</summary>
    public async Task<DuplicateReviewOutcome> Dismiss(Guid id, string reason, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        await session.BeginAsync(cancellationToken);
        if (await duplicates.Lock(id, cancellationToken) is not { } duplicate)
            return new DuplicateReviewOutcome.Missing();
        if (DuplicateReview.Closed(duplicate) is { } closed)
            return new DuplicateReviewOutcome.Refused(closed);
        await duplicates.Resolve(id, DuplicateStatus.Dismissed, null, Reviewer(user), reason.Trim(), clock.GetUtcNow(), cancellationToken);
        await session.CommitAsync(cancellationToken);
        return await Reviewed(id, user, cancellationToken);
    }

    async Task<DuplicateReviewOutcome> Reviewed(Guid id, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        await Find(id, user, cancellationToken) is { } seen ? new DuplicateReviewOutcome.Reviewed(seen) : new DuplicateReviewOutcome.Missing();

    static FieldWorker Reviewer(ClaimsPrincipal user) => FieldWorker.Of(Actor.Of(user));
}
