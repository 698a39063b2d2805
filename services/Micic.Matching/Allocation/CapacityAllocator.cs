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
        await using (var turn = session.Command(waitForTurn
            ? "SELECT pg_advisory_xact_lock(hashtextextended(@offer::text, 17))"
            : "SELECT pg_try_advisory_xact_lock(hashtextextended(@offer::text, 17))"))
        {
            turn.Parameters.AddWithValue("offer", offerId);
            if (await turn.ExecuteScalarAsync(cancellationToken) is false)
                return 0;
        }

        var now = clock.GetUtcNow();
        if (await board.Find(offerId, cancellationToken) is not { IsOpen: true, SeatsAvailable: > 0 } offer || offer.DepartsAt <= now)
            return 0;
        // Seats offered to groups whose holds are still on their way are not offered again: a second round sharing out
        // the same seats (a sweep, a release) would send lower-priority groups racing the higher ones for them. A hold
        // the board has counted already is subtracted twice meanwhile; those seats wait for the next round.
        offer = offer with { SeatsAvailable = offer.SeatsAvailable - await sagas.SeatsBeingHeld(offerId, cancellationToken) };
        if (offer.SeatsAvailable <= 0)
            return 0;

        var waiting = (await sagas.Waiting(offer.CrisisId, offer.FromPlace, cancellationToken))
            .Where(saga => !saga.ExcludedOffers.Contains(offerId))
            .Select(saga => saga.AsWaitingGroup());
        var served = AllocationPolicy.ShareCapacity(offer, waiting, now);
        foreach (var group in served)
            await outbox.Publish(new SeatsOffered { RequestId = group.RequestId, OfferId = offerId }, cancellationToken);
        return served.Count;
    }
}
