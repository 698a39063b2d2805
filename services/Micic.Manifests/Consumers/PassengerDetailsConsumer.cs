using MassTransit;
using Micic.Contracts;
using Micic.Manifests.Application;

namespace Micic.Manifests.Consumers;

/// <summary>
/// Requests' answer about matched groups' people: they take their places on the manifests their groups are on now. A
/// group taken off meanwhile stays off; a repeated answer changes nothing.
/// </summary>
public sealed class PassengerDetailsConsumer(PassengersJoining joining) : IConsumer<PassengerDetailsOfGroups>
{
    public Task Consume(ConsumeContext<PassengerDetailsOfGroups> context) => joining.Join(context.Message, context.CancellationToken);
}
