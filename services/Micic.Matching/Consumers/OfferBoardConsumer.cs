using MassTransit;
using Micic.Contracts;
using Micic.Matching.Allocation;
using Micic.Matching.Data;

namespace Micic.Matching.Consumers;

/// <summary>
/// Keeps the offer board up to date from Offers' events and, whenever seats appear — a new offer, more seats, a group's
/// seats released — shares them out to the waiting groups at once.
/// </summary>
public sealed class OfferBoardConsumer(IOfferBoard board, CapacityAllocator allocator) :
    IConsumer<OfferPublished>, IConsumer<OfferCapacityChanged>, IConsumer<OfferWithdrawn>, IConsumer<SeatsReleased>
{
    public async Task Consume(ConsumeContext<OfferPublished> context)
    {
        await board.Publish(context.Message, context.CancellationToken);
        await allocator.Allocate(context.Message.OfferId, waitForTurn: true, context.CancellationToken);
    }

    public Task Consume(ConsumeContext<OfferCapacityChanged> context) =>
        ApplyAndAllocate(context.Message.OfferId, context.Message.Capacity, context.CancellationToken);

    public Task Consume(ConsumeContext<OfferWithdrawn> context) =>
        board.Apply(context.Message.OfferId, context.Message.Capacity, context.CancellationToken);

    public Task Consume(ConsumeContext<SeatsReleased> context) =>
        ApplyAndAllocate(context.Message.OfferId, context.Message.Capacity, context.CancellationToken);

    async Task ApplyAndAllocate(Guid offerId, OfferCapacity capacity, CancellationToken cancellationToken)
    {
        await board.Apply(offerId, capacity, cancellationToken);
        await allocator.Allocate(offerId, waitForTurn: true, cancellationToken);
    }
}
