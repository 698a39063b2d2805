using MassTransit;
using Micic.Contracts;
using Micic.Dashboard.Data;
using Micic.Persistence.Data;

namespace Micic.Dashboard.Consumers;

/// <summary>Counts requests and their people by status, nationality and need.</summary>
public sealed class RequestFiguresConsumer(DbSession session, DashboardProjection projection)
    : IConsumer<EvacuationRequested>, IConsumer<EvacuationStatusChanged>
{
    public Task Consume(ConsumeContext<EvacuationRequested> context) => projection.Project(session, context);

    public Task Consume(ConsumeContext<EvacuationStatusChanged> context) => projection.Project(session, context);
}
