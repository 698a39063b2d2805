using MassTransit;
using Micic.Contracts;
using Micic.Messaging.Data;
using Micic.Persistence.Messaging;

namespace Micic.Messaging.Consumers;

/// <summary>Requests' new groups, taken in batches: where each waits and its nationalities, for broadcasts. Never a phone.</summary>
public sealed class GroupScopeConsumer(InboxBatch inbox, BroadcastStore broadcasts) : IConsumer<Batch<EvacuationRequested>>
{
    public const string Endpoint = "messages-group-scope";

    public Task Consume(ConsumeContext<Batch<EvacuationRequested>> context) =>
        inbox.Consume<GroupScopeConsumer, EvacuationRequested>(context.Message,
            (fresh, cancellationToken) => broadcasts.SaveScopes(fresh.Select(message => message.Message).ToList(), cancellationToken),
            context.CancellationToken);
}
