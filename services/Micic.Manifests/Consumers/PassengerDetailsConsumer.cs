using MassTransit;
using Micic.Contracts;
using Micic.Manifests.Application;
using Micic.Manifests.Data;

namespace Micic.Manifests.Consumers;

/// <summary>
/// Requests' answer about a matched group's people: they take their places on the manifest the group is on now. A group
/// taken off meanwhile stays off; a repeated answer changes nothing.
/// </summary>
public sealed class PassengerDetailsConsumer(PassengersJoining joining, ManifestStore manifests) : IConsumer<PassengerDetails>, IConsumer<PassengerDetailsNotFound>
{
    public Task Consume(ConsumeContext<PassengerDetails> context) => joining.Join(context.Message, context.CancellationToken);

    public Task Consume(ConsumeContext<PassengerDetailsNotFound> context) =>
        manifests.StopAwaiting(context.Message.RequestId, context.CancellationToken);
}
