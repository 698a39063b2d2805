using MassTransit;
using Micic.Contracts;
using Micic.Requests.Data;
using Micic.Persistence.Data;
using Micic.Persistence.Messaging;
using Micic.ServiceDefaults.Telemetry;

namespace Micic.Requests.Consumers;

/// <summary>
/// Keeps the request's status, as its requester reads it, in step with the matching saga — except that a request
/// cancelled here stays cancelled; if matching still acts on it, the cancellation is announced again. Changes come in
/// batches, one transaction each, taken in request order so that two batches never wait on each other's rows.
/// </summary>
public sealed class EvacuationStatusChangedConsumer(InboxBatch inbox, DbSession session, TransactionalOutbox outbox, EvacuationRequestStore store)
    : IConsumer<Batch<EvacuationStatusesChanged>>, IConsumer<Batch<EvacuationStatusChanged>>
{
    public const string Endpoint = "requests-evacuation-status-changed";

    public Task Consume(ConsumeContext<Batch<EvacuationStatusesChanged>> context) =>
        inbox.Consume<EvacuationStatusChangedConsumer, EvacuationStatusesChanged>(context.Message,
            (fresh, cancellationToken) => Apply(fresh.SelectMany(envelope => envelope.Message.Changes), cancellationToken), context.CancellationToken);

    /// <summary>One change a message, as matching sent them before it gathered them: taken still, for a rolling upgrade.</summary>
    public Task Consume(ConsumeContext<Batch<EvacuationStatusChanged>> context) =>
        inbox.Consume<EvacuationStatusChangedConsumer, EvacuationStatusChanged>(context.Message,
            (fresh, cancellationToken) => Apply(fresh.Select(message => message.Message), cancellationToken), context.CancellationToken);

    async Task Apply(IEnumerable<EvacuationStatusChanged> changes, CancellationToken cancellationToken)
    {
        foreach (var change in changes.OrderBy(change => change.RequestId).ThenBy(change => change.Sequence))
        {
            var (cancellation, waited) = await store.ApplyStatus(change, cancellationToken);
            if (cancellation is not null)
                await outbox.Publish(cancellation, cancellationToken);
            if (waited is { } wait && change.Status == RequestStatus.Matched)
                session.AfterCommit(() => MicicTelemetry.TimeToMatch.Record(wait.TotalSeconds));
        }
    }
}
