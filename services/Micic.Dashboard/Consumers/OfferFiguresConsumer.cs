using MassTransit;
using Micic.Contracts;
using Micic.Dashboard.Data;
using Micic.ServiceDefaults.Data;

namespace Micic.Dashboard.Consumers;

/// <summary>Counts open offers, their seats and the seats allocated, from every event that carries an offer's capacity.</summary>
public sealed class OfferFiguresConsumer(DbSession session, DashboardProjection projection) :
    IConsumer<OfferPublished>, IConsumer<OfferCapacityChanged>, IConsumer<OfferWithdrawn>, IConsumer<SeatsHeld>, IConsumer<SeatsReleased>
{
    public Task Consume(ConsumeContext<OfferPublished> context) => projection.Apply(session, context.Message, context.CancellationToken);

    public Task Consume(ConsumeContext<OfferCapacityChanged> context) => Apply(context.Message.OfferId, context.Message.Capacity, context);

    public Task Consume(ConsumeContext<OfferWithdrawn> context) => Apply(context.Message.OfferId, context.Message.Capacity, context);

    public Task Consume(ConsumeContext<SeatsHeld> context) => Apply(context.Message.OfferId, context.Message.Capacity, context);

    public Task Consume(ConsumeContext<SeatsReleased> context) => Apply(context.Message.OfferId, context.Message.Capacity, context);

    Task Apply(Guid offerId, OfferCapacity capacity, ConsumeContext context) => projection.Apply(session, offerId, capacity, context.CancellationToken);
}
