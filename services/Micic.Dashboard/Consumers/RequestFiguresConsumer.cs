using MassTransit;
using Micic.Contracts;
using Micic.Dashboard.Data;
using Micic.Persistence.Data;
using Micic.Persistence.Messaging;

namespace Micic.Dashboard.Consumers;

/// <summary>
/// Counts requests and their people by status, nationality and need. A CSV import or a busy offer brings thousands of
/// these a minute; they are counted in batches, one transaction each.
/// </summary>
public sealed class RequestFiguresConsumer(InboxBatch inbox, DashboardProjection projection)
    : IConsumer<Batch<EvacuationRequested>>, IConsumer<Batch<EvacuationStatusesChanged>>, IConsumer<Batch<EvacuationStatusChanged>>
{
    public const string Endpoint = "dashboard-request-figures";

    public Task Consume(ConsumeContext<Batch<EvacuationRequested>> context) => Project(context);

    public Task Consume(ConsumeContext<Batch<EvacuationStatusesChanged>> context) =>
        inbox.Consume<RequestFiguresConsumer, EvacuationStatusesChanged>(context.Message,
            (fresh, cancellationToken) => projection.Project([.. fresh.SelectMany(envelope => projection.Carried(envelope, envelope.Message.Changes))],
                cancellationToken), context.CancellationToken);

    /// <summary>One change a message, as matching sent them before it gathered them: taken still, for a rolling upgrade.</summary>
    public Task Consume(ConsumeContext<Batch<EvacuationStatusChanged>> context) => Project(context);

    Task Project<T>(ConsumeContext<Batch<T>> context) where T : class =>
        inbox.Consume<RequestFiguresConsumer, T>(context.Message, (fresh, cancellationToken) => projection.Project(fresh, cancellationToken), context.CancellationToken);
}
