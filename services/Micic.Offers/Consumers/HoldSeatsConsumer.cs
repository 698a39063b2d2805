using MassTransit;
using Micic.Contracts;
using Micic.Offers.Data;
using Micic.Persistence.Data;

namespace Micic.Offers.Consumers;

/// <summary>Answers matching's request for seats with <see cref="SeatsHeld"/> or <see cref="SeatHoldRejected"/>, through the outbox.</summary>
public sealed class HoldSeatsConsumer(DbSession session, OfferStore offers) : IConsumer<HoldSeats>
{
    public async Task Consume(ConsumeContext<HoldSeats> context)
    {
        var hold = context.Message;
        var outcome = await offers.Hold(session, hold, context.CancellationToken);
        if (outcome.Held)
            await context.Publish(new SeatsHeld { OfferId = hold.OfferId, RequestId = hold.RequestId, Seats = hold.Seats, Capacity = outcome.Capacity! });
        else
            await context.Publish(new SeatHoldRejected { OfferId = hold.OfferId, RequestId = hold.RequestId, Reason = outcome.Refusal!, Capacity = outcome.Capacity });
    }
}
