using MassTransit;
using Micic.Contracts;
using Micic.Manifests.Application;
using Micic.Persistence.Messaging;

namespace Micic.Manifests.Consumers;

/// <summary>Matching's status changes, taken in batches: groups join and leave manifests (<see cref="GroupMembership"/>).</summary>
public sealed class GroupMembershipConsumer(InboxBatch inbox, GroupMembership membership)
    : IConsumer<Batch<EvacuationStatusesChanged>>, IConsumer<Batch<EvacuationStatusChanged>>
{
    public const string Endpoint = "manifests-group-membership";

    public Task Consume(ConsumeContext<Batch<EvacuationStatusesChanged>> context) =>
        inbox.Consume<GroupMembershipConsumer, EvacuationStatusesChanged>(context.Message,
            (fresh, cancellationToken) => membership.Apply(fresh.SelectMany(envelope => envelope.Message.Changes).ToList(), cancellationToken),
            context.CancellationToken);

    /// <summary>One change a message, as matching sent them before it gathered them: taken still, for a rolling upgrade.</summary>
    public Task Consume(ConsumeContext<Batch<EvacuationStatusChanged>> context) =>
        inbox.Consume<GroupMembershipConsumer, EvacuationStatusChanged>(context.Message,
            (fresh, cancellationToken) => membership.Apply(fresh.Select(message => message.Message).ToList(), cancellationToken), context.CancellationToken);
}
