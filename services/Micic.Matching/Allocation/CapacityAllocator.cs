using Micic.Matching.Data;
using Micic.Matching.Domain;
using Micic.Matching.StateMachines;
using Micic.Persistence.Data;
using Micic.Persistence.Messaging;

namespace Micic.Matching.Allocation;

/// <summary>
/// Shares an offer's free seats out to the groups waiting at its pickup place, highest priority first, skipping any
/// group that does not fit (<see cref="AllocationPolicy.ShareCapacity"/>). Each chosen group's saga is told to hold
/// seats; Offers stays the judge, so a count that turns out stale costs a refused hold, never an overbooking.
/// Runs inside the caller's transaction, one offer at a time across every instance (a transaction-scoped advisory lock).
/// </summary>
public sealed class CapacityAllocator(DbSession session, TransactionalOutbox outbox, IOfferBoard board, EvacuationSagas sagas, TimeProvider clock)
{
    /// <param name="offerId">The offer with new capacity.</param>
    /// <param name="waitForTurn">Wait while another instance shares this offer out; otherwise leave it to that one.</param>
    /// <returns>How many groups were offered seats.</returns>
    public async Task<int> Allocate(Guid offerId, bool waitForTurn, CancellationToken cancellationToken)
    {
        await using (var turn = await session.Command(waitForTurn
            ? "SELECT pg_advisory_xact_lock(hashtextextended(@offer::text, 17))"
            : "SELECT pg_try_advisory_xact_lock(hashtextextended(@offer::text, 17))", cancellationToken))
        {
            turn.Parameters.AddWithValue("offer", offerId);
            if (await turn.ExecuteScalarAsync(cancellationToken) is false)
                return 0;
        }

        var now = clock.GetUtcNow();
        if (await board.Find(offerId, cancellationToken) is not { IsOpen: true, SeatsAvailable: > 0 } offer || offer.DepartsAt <= now)
            return 0;
        var waiting = (await sagas.Waiting(offer.CrisisId, offer.FromPlace, cancellationToken))
            .Where(saga => !saga.ExcludedOffers.Contains(offerId))
            .Select(saga => saga.AsWaitingGroup())
            .ToList();
        // Seats already offered are not offered again: a group asking for seats, or told they are held, may be ahead of
        // the board's count, and a second round (a sweep, a release) would send lower-priority groups racing the
        // higher ones for the same seats. Counted after the waiting groups were read, so that a group moving on in
        // between is counted twice (its seats wait for the next round) rather than not at all (and given away).
        offer = offer with { SeatsAvailable = Math.Min(offer.SeatsAvailable, await sagas.SeatsNotSpokenFor(offerId, cancellationToken)) };
        if (offer.SeatsAvailable <= 0)
            return 0;

        var served = AllocationPolicy.ShareCapacity(offer, waiting, now);
        foreach (var group in served)
            await outbox.Publish(new SeatsOffered { RequestId = group.RequestId, OfferId = offerId }, cancellationToken);
        return served.Count;
    }
}
