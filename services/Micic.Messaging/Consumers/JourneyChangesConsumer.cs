using MassTransit;
using Micic.Contracts;
using Micic.Messaging.Application;
using Micic.Persistence.Messaging;

namespace Micic.Messaging.Consumers;

/// <summary>Matching's status changes, taken in batches: the notices they call for (<see cref="JourneyNotes"/>).</summary>
public sealed class JourneyChangesConsumer(InboxBatch inbox, JourneyNotes notes)
    : IConsumer<Batch<EvacuationStatusesChanged>>, IConsumer<Batch<EvacuationStatusChanged>>
{
    public const string Endpoint = "messages-journey-changes";

    public Task Consume(ConsumeContext<Batch<EvacuationStatusesChanged>> context) =>
        inbox.Consume<JourneyChangesConsumer, EvacuationStatusesChanged>(context.Message,
            (fresh, cancellationToken) => notes.Apply(fresh.SelectMany(envelope => envelope.Message.Changes).ToList(), cancellationToken),
            context.CancellationToken);

    /// <summary>One change a message, as matching sent them before it gathered them: taken still, for a rolling upgrade.</summary>
    public Task Consume(ConsumeContext<Batch<EvacuationStatusChanged>> context) =>
        inbox.Consume<JourneyChangesConsumer, EvacuationStatusChanged>(context.Message,
            (fresh, cancellationToken) => notes.Apply(fresh.Select(message => message.Message).ToList(), cancellationToken), context.CancellationToken);
}
