using MassTransit;
using Micic.Contracts;
using Micic.Dashboard.Data;

namespace Micic.Dashboard.Consumers;

/// <summary>Lists declared crises at their current alert level, and shows each declaration and change as an event.</summary>
public sealed class CrisisFiguresConsumer(DashboardProjection projection) : IConsumer<CrisisDeclared>, IConsumer<CrisisAlertLevelChanged>
{
    public Task Consume(ConsumeContext<CrisisDeclared> context) => projection.Project(context);

    public Task Consume(ConsumeContext<CrisisAlertLevelChanged> context) => projection.Project(context);
}
