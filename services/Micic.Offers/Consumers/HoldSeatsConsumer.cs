using MassTransit;
using Micic.Contracts;
using Micic.Offers.Data;
using Micic.Persistence.Data;
using Micic.Persistence.Messaging;

namespace Micic.Offers.Consumers;

/// <summary>
/// Answers matching's requests for seats with <see cref="SeatsHeld"/> or <see cref="SeatHoldRejected"/>, through the
/// outbox, which sends a batch's answers as one message of each kind. Holds come in batches and are decided in one transaction: an offer's row is locked once per batch rather
/// than once per group, which is what lets thousands of groups hold seats on one ship in seconds. Within a batch the
/// offers are taken in a fixed order (no two batches wait on each other) and each offer's holds in priority order.
/// </summary>
public sealed class HoldSeatsConsumer(InboxBatch inbox, TransactionalOutbox outbox, OfferStore offers)
    : IConsumer<Batch<HoldSeatsForGroups>>, IConsumer<Batch<HoldSeats>>
{
    public Task Consume(ConsumeContext<Batch<HoldSeatsForGroups>> context) =>
        inbox.Consume<HoldSeatsConsumer, HoldSeatsForGroups>(context.Message,
            (fresh, cancellationToken) => Decide(fresh.SelectMany(round => round.Message.Holds), cancellationToken), context.CancellationToken);

    /// <summary>One hold a message, as matching asked before it gathered them: taken still, for a rolling upgrade.</summary>
    public Task Consume(ConsumeContext<Batch<HoldSeats>> context) =>
        inbox.Consume<HoldSeatsConsumer, HoldSeats>(context.Message,
            (fresh, cancellationToken) => Decide(fresh.Select(message => message.Message), cancellationToken), context.CancellationToken);

    async Task Decide(IEnumerable<HoldSeats> holds, CancellationToken cancellationToken)
    {
        foreach (var hold in holds.OrderBy(hold => hold.OfferId).ThenBy(hold => hold.RanksFrom).ThenBy(hold => hold.SubmittedAt).ThenBy(hold => hold.RequestId))
        {
            var outcome = await offers.Hold(hold, cancellationToken);
            if (outcome.Held)
                await outbox.Publish(new SeatsHeld { OfferId = hold.OfferId, RequestId = hold.RequestId, Seats = hold.Seats, Capacity = outcome.Capacity! },
                    cancellationToken);
            else
                await outbox.Publish(new SeatHoldRejected { OfferId = hold.OfferId, RequestId = hold.RequestId, Reason = outcome.Refusal!, Capacity = outcome.Capacity },
                    cancellationToken);
        }
    }
}
