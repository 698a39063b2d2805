using MassTransit;
using Micic.Contracts;
using Micic.Offers.Data;
using Micic.Offers.Domain;
using Micic.Persistence.Data;

namespace Micic.Offers.Consumers;

/// <summary>A closed manifest closes its offer to new holds; a departure marks it departed. Matching hears of both.</summary>
public sealed class MovementConsumer(OfferStore offers) : IConsumer<ManifestClosed>, IConsumer<MovementDeparted>
{
    public Task Consume(ConsumeContext<ManifestClosed> context) =>
        MoveOn(context, context.Message.OfferId, OfferLifecycle.Closing);

    public Task Consume(ConsumeContext<MovementDeparted> context) =>
        MoveOn(context, context.Message.OfferId, OfferLifecycle.Departure);

    async Task MoveOn(ConsumeContext context, Guid offerId, OfferMove move)
    {
        if (await offers.MoveOn(offerId, move, context.CancellationToken) is { } capacity)
            await context.Publish(new OfferCapacityChanged { OfferId = offerId, Capacity = capacity });
    }
}
