using MassTransit;
using Micic.Contracts;
using Micic.Manifests.Data;
using Micic.Persistence.Data;

namespace Micic.Manifests.Consumers;

/// <summary>Every offer gets its (empty) manifest when it is published; a new departure time follows it while open.</summary>
public sealed class OfferConsumer(ManifestStore manifests) : IConsumer<OfferPublished>, IConsumer<OfferCapacityChanged>
{
    public Task Consume(ConsumeContext<OfferPublished> context) => manifests.CreateFor(context.Message, context.CancellationToken);

    public Task Consume(ConsumeContext<OfferCapacityChanged> context) =>
        manifests.UpdateDeparture(context.Message.OfferId, context.Message.Capacity.DepartsAt, context.CancellationToken);
}
