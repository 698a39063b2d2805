using MassTransit;
using Micic.Contracts;
using Micic.Matching.Allocation;
using Micic.Matching.Data;
using Micic.Matching.StateMachines;

namespace Micic.Matching.Consumers;

/// <summary>
/// Keeps the offer board up to date from Offers' events and, whenever seats appear — a new offer, more seats, a group's
/// seats released, the safety net's call — shares them out to the waiting groups at once.
/// </summary>
public sealed class OfferBoardConsumer(IOfferBoard board, CapacityAllocator allocator) :
    IConsumer<OfferPublished>, IConsumer<OfferCapacityChanged>, IConsumer<OfferWithdrawn>, IConsumer<SeatsReleased>, IConsumer<ShareOutSeats>
{
    public async Task Consume(ConsumeContext<OfferPublished> context)
    {
        await board.Publish(context.Message, context.CancellationToken);
        await allocator.Allocate(context, context.Message.OfferId);
    }

    public Task Consume(ConsumeContext<OfferCapacityChanged> context) => ApplyAndAllocate(context, context.Message.OfferId, context.Message.Capacity);

    public Task Consume(ConsumeContext<OfferWithdrawn> context) =>
        board.Apply(context.Message.OfferId, context.Message.Capacity, context.CancellationToken);

    public Task Consume(ConsumeContext<SeatsReleased> context) => ApplyAndAllocate(context, context.Message.OfferId, context.Message.Capacity);

    public Task Consume(ConsumeContext<ShareOutSeats> context) => allocator.Allocate(context, context.Message.OfferId);

    async Task ApplyAndAllocate(ConsumeContext context, Guid offerId, OfferCapacity capacity)
    {
        await board.Apply(offerId, capacity, context.CancellationToken);
        await allocator.Allocate(context, offerId);
    }
}
