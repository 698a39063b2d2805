using MassTransit;
using MassTransit.Context;
using Micic.Matching.Data;
using Micic.Matching.Domain;
using Micic.Matching.StateMachines;
using Micic.Persistence.Data;
using Micic.Persistence.Sagas;

namespace Micic.Matching.Allocation;

/// <summary>
/// An allocation round: shares an offer's free seats out to the groups waiting at its pickup place, highest priority
/// first, skipping any group that does not fit (<see cref="AllocationPolicy.ShareCapacity"/>). The chosen groups' sagas
/// take their turn in the round's own transaction (<see cref="SeatsOffered"/>, through <see cref="SagaBatches{TSaga}"/>)
/// and ask Offers for the seats; Offers stays the judge, so a count that turns out stale costs a refused hold, never an
/// overbooking. Rounds at one pickup place run one at a time across every instance (a transaction-scoped advisory
/// lock), so the next round — another offer published a moment later — sees these groups holding and offers its seats
/// to the others, rather than to groups already served.
/// </summary>
public sealed class CapacityAllocator(DbSession session, IOfferBoard board, EvacuationSagas sagas, SagaBatches<EvacuationState> batches,
    EvacuationStateMachine machine, TimeProvider clock)
{
    /// <param name="context">The message that brought the new capacity: the round acts on its behalf.</param>
    /// <param name="offerId">The offer with new capacity.</param>
    /// <returns>How many groups were offered seats.</returns>
    public async Task<int> Allocate(ConsumeContext context, Guid offerId)
    {
        var cancellationToken = context.CancellationToken;
        if (await board.Find(offerId, cancellationToken) is not { IsOpen: true, SeatsAvailable: > 0 } found)
            return 0;
        await using (var turn = await session.Command("SELECT pg_advisory_xact_lock(hashtextextended(@crisis || '|' || @place, 17))", cancellationToken))
        {
            turn.Parameters.AddWithValue("crisis", found.CrisisId);
            turn.Parameters.AddWithValue("place", found.FromPlace);
            await turn.ExecuteNonQueryAsync(cancellationToken);
        }

        var now = clock.GetUtcNow();
        if (await board.Find(offerId, cancellationToken) is not { IsOpen: true, SeatsAvailable: > 0 } offer || offer.DepartsAt <= now)
            return 0;
        // Seats already offered are not offered again: a group asking for seats, or told they are held, may be ahead of
        // the board's count, and a second round (a sweep, a release) would send lower-priority groups racing the
        // higher ones for the same seats.
        offer = offer with { SeatsAvailable = Math.Min(offer.SeatsAvailable, await sagas.SeatsNotSpokenFor(offerId, cancellationToken)) };
        if (offer.SeatsAvailable <= 0)
            return 0;

        var served = await ShareOut(offer, now, cancellationToken);
        await batches.Apply(machine, served
            .Select(group => (ConsumeContext<SeatsOffered>)new MessageConsumeContext<SeatsOffered>(context, new SeatsOffered { RequestId = group.RequestId, OfferId = offerId }))
            .ToList(), cancellationToken);
        return served.Count;
    }

    /// <summary>
    /// The groups the offer's seats go to, reading the waiting list a chunk at a time in the order groups rank from
    /// (<see cref="Priority.RanksFrom"/>), only as far as the policy needs (<see cref="AllocationPolicy.ReadFarEnough"/>).
    /// </summary>
    async Task<IReadOnlyList<WaitingGroup>> ShareOut(AvailableOffer offer, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var read = new List<WaitingGroup>();
        var chunkSize = Math.Max(MinimumChunk, 2 * offer.SeatsAvailable);
        EvacuationState? last = null;
        while (true)
        {
            var chunk = await sagas.WaitingInRankOrder(null, null, offer, last, upTo: null, chunkSize, cancellationToken);
            read.AddRange(chunk.Select(saga => saga.AsWaitingGroup()));
            var served = AllocationPolicy.ShareCapacity(offer, read, now);
            if (chunk.Count < chunkSize)
                return served; // the whole list is read
            last = chunk[^1];
            if (AllocationPolicy.ReadFarEnough(offer, served, last.AsWaitingGroup()))
                return served;
        }
    }

    const int MinimumChunk = 200;
}
