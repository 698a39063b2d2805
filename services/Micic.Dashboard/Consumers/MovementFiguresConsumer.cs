using MassTransit;
using Micic.Contracts;
using Micic.Dashboard.Data;
using Micic.Persistence.Data;

namespace Micic.Dashboard.Consumers;

/// <summary>
/// Counts departures, arrivals and referrals per site, and raises alerts for escalated waits, people missing, referrals
/// overdue and manifests holding the same document twice.
/// </summary>
public sealed class MovementFiguresConsumer(DashboardProjection projection) :
    IConsumer<MovementDeparted>, IConsumer<PersonArrived>, IConsumer<VulnerableGroupWaitingTooLong>, IConsumer<PeopleMissingAfterDeparture>,
    IConsumer<ReferralChanged>, IConsumer<ReferralOverdue>, IConsumer<ManifestHoldsSameDocument>
{
    public Task Consume(ConsumeContext<MovementDeparted> context) => projection.Project(context);

    public Task Consume(ConsumeContext<PersonArrived> context) => projection.Project(context);

    public Task Consume(ConsumeContext<VulnerableGroupWaitingTooLong> context) => projection.Project(context);

    public Task Consume(ConsumeContext<PeopleMissingAfterDeparture> context) => projection.Project(context);

    public Task Consume(ConsumeContext<ReferralChanged> context) => projection.Project(context);

    public Task Consume(ConsumeContext<ReferralOverdue> context) => projection.Project(context);

    public Task Consume(ConsumeContext<ManifestHoldsSameDocument> context) => projection.Project(context);
}
