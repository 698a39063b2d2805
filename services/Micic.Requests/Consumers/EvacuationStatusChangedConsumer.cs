using MassTransit;
using Micic.Contracts;
using Micic.Requests.Data;
using Micic.ServiceDefaults.Data;

namespace Micic.Requests.Consumers;

/// <summary>Keeps the request's status, as its requester reads it, in step with the matching saga.</summary>
public sealed class EvacuationStatusChangedConsumer(DbSession session, EvacuationRequestStore store) : IConsumer<EvacuationStatusChanged>
{
    public Task Consume(ConsumeContext<EvacuationStatusChanged> context) =>
        store.ApplyStatus(session, context.Message, context.CancellationToken);
}
