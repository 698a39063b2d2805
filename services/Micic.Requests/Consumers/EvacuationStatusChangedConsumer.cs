using MassTransit;
using Micic.Contracts;
using Micic.Requests.Data;
using Micic.ServiceDefaults.Data;

namespace Micic.Requests.Consumers;

/// <summary>
/// Keeps the request's status, as its requester reads it, in step with the matching saga — except that a request
/// cancelled here stays cancelled; if matching still acts on it, the cancellation is announced again.
/// </summary>
public sealed class EvacuationStatusChangedConsumer(DbSession session, EvacuationRequestStore store) : IConsumer<EvacuationStatusChanged>
{
    public async Task Consume(ConsumeContext<EvacuationStatusChanged> context)
    {
        if (await store.ApplyStatus(session, context.Message, context.CancellationToken) is { } cancellation)
            await context.Publish(cancellation, context.CancellationToken);
    }
}
