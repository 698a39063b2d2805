using MassTransit;
using Micic.Contracts;
using Micic.Funds.Application;
using Micic.Funds.Data;

namespace Micic.Funds.Consumers;

/// <summary>Keeps Funds' own account of offers — what each costs, its seats, status and departure — from Offers' events.</summary>
public sealed class OfferTermsConsumer(MovementStore movements, MovementCharging charging)
    : IConsumer<OfferPublished>, IConsumer<OfferCapacityChanged>, IConsumer<OfferWithdrawn>
{
    public Task Consume(ConsumeContext<OfferPublished> context) => movements.Publish(context.Message, context.CancellationToken);

    public Task Consume(ConsumeContext<OfferCapacityChanged> context) =>
        charging.CapacityChanged(context.Message.OfferId, context.Message.Capacity, context.CancellationToken);

    public Task Consume(ConsumeContext<OfferWithdrawn> context) =>
        charging.CapacityChanged(context.Message.OfferId, context.Message.Capacity, context.CancellationToken);
}
