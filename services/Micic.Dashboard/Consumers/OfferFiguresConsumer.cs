using MassTransit;
using Micic.Contracts;
using Micic.Dashboard.Data;
using Micic.Persistence.Data;

namespace Micic.Dashboard.Consumers;

/// <summary>Counts open offers, their seats and the seats allocated, from every event that carries an offer's capacity.</summary>
public sealed class OfferFiguresConsumer(DbSession session, DashboardProjection projection) :
    IConsumer<OfferPublished>, IConsumer<OfferCapacityChanged>, IConsumer<OfferWithdrawn>, IConsumer<SeatsHeld>, IConsumer<SeatsReleased>
{
    public Task Consume(ConsumeContext<OfferPublished> context) => projection.Project(session, context);

    public Task Consume(ConsumeContext<OfferCapacityChanged> context) => projection.Project(session, context);

    public Task Consume(ConsumeContext<OfferWithdrawn> context) => projection.Project(session, context);

    public Task Consume(ConsumeContext<SeatsHeld> context) => projection.Project(session, context);

    public Task Consume(ConsumeContext<SeatsReleased> context) => projection.Project(session, context);
}
