using MassTransit;
using Micic.Contracts;
using Micic.Matching.Data;
using Micic.Matching.Domain;

namespace Micic.Matching.StateMachines;

/// <summary>
/// Chooses the offer a group should ask seats of (<see cref="AllocationPolicy.Choose"/> over the offer board), or
/// says why there is none. When the message that brought the group here is Offers' account of an offer — a refused
/// hold, released seats — that account counts if it is newer than the board's (the board itself is kept by
/// <c>OfferCapacityReportsConsumer</c>, not here: writing the same offer's row from every saga would make them queue
/// behind each other), and an offer that just refused the group is not asked again at once: the seats it frees
/// later are offered to the waiting groups in priority order.
/// </summary>
public sealed class SeekSeat<TMessage>(IOfferBoard board, TimeProvider clock) : IStateMachineActivity<EvacuationState, TMessage>
    where TMessage : class
{
    public async Task Execute(BehaviorContext<EvacuationState, TMessage> context, IBehavior<EvacuationState, TMessage> next)
    {
        var saga = context.Saga;
        var (reportedOffer, capacity, refused) = context.Message switch
        {
            SeatHoldRejected rejected => (rejected.OfferId, rejected.Capacity, true),
            SeatsReleased released => (released.OfferId, released.Capacity, false),
            _ => (Guid.Empty, null, false),
        };
        var offers = (await board.From(saga.CrisisId, saga.PickupPlace, context.CancellationToken))
            .Where(offer => !saga.ExcludedOffers.Contains(offer.OfferId))
            .Select(offer => offer.OfferId != reportedOffer ? offer
                : refused ? offer with { SeatsAvailable = 0 }
                : capacity is not null ? offer.With(capacity)
                : offer);
        var (chosen, reason) = AllocationPolicy.Choose(saga.AsWaitingGroup(), offers, clock.GetUtcNow());
        saga.OfferId = chosen?.OfferId;
        saga.UnmatchedReason = reason is null ? null : saga.WaitingReason(reason);
        await next.Execute(context);
    }

    public Task Faulted<TException>(BehaviorExceptionContext<EvacuationState, TMessage, TException> context, IBehavior<EvacuationState, TMessage> next)
        where TException : Exception => next.Faulted(context);

    public void Probe(ProbeContext context) => context.CreateScope("seek-seat");

    public void Accept(StateMachineVisitor visitor) => visitor.Visit(this);
}
