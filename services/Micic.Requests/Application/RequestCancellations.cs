using System.Security.Claims;
using Micic.Contracts;
using Micic.Persistence.Data;
using Micic.Persistence.Messaging;
using Micic.Requests.Data;
using Micic.Requests.Domain;

namespace Micic.Requests.Application;

/// <summary>What a cancellation came to.</summary>
public abstract record CancellationOutcome
{
    public sealed record Cancelled : CancellationOutcome;

    /// <summary>No such request, as far as the caller may know.</summary>
    public sealed record Missing : CancellationOutcome;

    /// <summary>The request can no longer be cancelled (<see cref="RequestCancellation.Refusal"/>).</summary>
    public sealed record Refused(string Why) : CancellationOutcome;
}

/// <summary>
/// A request is withdrawn until its group has left: status, history and <see cref="EvacuationRequestCancelled"/> (on
/// which matching releases any seats held) in one unit of work.
/// </summary>
public sealed class RequestCancellations(DbSession session, EvacuationRequestStore store, TransactionalOutbox outbox, TimeProvider clock)
{
    public async Task<CancellationOutcome> Cancel(Guid id, string reason, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        await session.BeginAsync(cancellationToken);
        if (await store.Lock(id, cancellationToken) is not { } current || !user.MayActOn(current.OrganisationId))
            return new CancellationOutcome.Missing();
        if (RequestCancellation.Refusal(current.Status) is { } refusal)
            return new CancellationOutcome.Refused(refusal);

        await CancelLocked(id, reason, clock.GetUtcNow(), cancellationToken);
        await session.CommitAsync(cancellationToken);
        return new CancellationOutcome.Cancelled();
    }

    /// <summary>Cancels a request the caller has locked and may cancel, in the caller's unit of work.</summary>
    public async Task CancelLocked(Guid id, string reason, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await store.Cancel(id, reason.Trim(), now, cancellationToken);
        await outbox.Publish(new EvacuationRequestCancelled { RequestId = id, Reason = reason.Trim(), CancelledAt = now }, cancellationToken);
    }
}
