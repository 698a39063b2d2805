using MassTransit;
using Micic.Contracts;
using Micic.Requests.Data;
using Micic.Persistence.Data;
using Micic.ServiceDefaults.Telemetry;

namespace Micic.Requests.Consumers;

/// <summary>
/// Keeps the request's status, as its requester reads it, in step with the matching saga — except that a request
/// cancelled here stays cancelled; if matching still acts on it, the cancellation is announced again.
/// </summary>
public sealed class EvacuationStatusChangedConsumer(DbSession session, EvacuationRequestStore store) : IConsumer<EvacuationStatusChanged>
{
    public async Task Consume(ConsumeContext<EvacuationStatusChanged> context)
    {
        var (cancellation, waited) = await store.ApplyStatus(session, context.Message, context.CancellationToken);
        if (cancellation is not null)
            await context.Publish(cancellation, context.CancellationToken);
        if (waited is { } wait && context.Message.Status == RequestStatus.Matched)
            session.AfterCommit(() => MicicTelemetry.TimeToMatch.Record(wait.TotalSeconds));
    }
}
