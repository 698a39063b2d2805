using MassTransit;
using Micic.Contracts;
using Micic.Matching.Data;
using Micic.Persistence.Messaging;

namespace Micic.Matching.Consumers;

/// <summary>
/// Keeps the offer board current from Offers' answers to holds — one for every group matched, thousands a minute on a
/// busy offer. They come in batches and only the newest account of each offer is written, once per batch, so the
/// offer's row is not fought over by every answer.
/// </summary>
public sealed class OfferCapacityReportsConsumer(InboxBatch inbox, IOfferBoard board) :
    IConsumer<Batch<SeatsHeld>>, IConsumer<Batch<SeatHoldRejected>>
{
    public const string Endpoint = "matching-offer-capacity";

    public Task Consume(ConsumeContext<Batch<SeatsHeld>> context) =>
        Apply(context.Message, held => (held.OfferId, held.Capacity), context.CancellationToken);

    public Task Consume(ConsumeContext<Batch<SeatHoldRejected>> context) =>
        Apply(context.Message, rejected => (rejected.OfferId, rejected.Capacity), context.CancellationToken);

    Task Apply<T>(Batch<T> batch, Func<T, (Guid OfferId, OfferCapacity? Capacity)> report, CancellationToken cancellationToken) where T : class =>
        inbox.Consume<OfferCapacityReportsConsumer, T>(batch, async (fresh, token) =>
        {
            var newest = fresh.Select(context => report(context.Message))
                .Where(account => account.Capacity is not null)
                .GroupBy(account => account.OfferId, account => account.Capacity!)
                .Select(offer => (OfferId: offer.Key, Capacity: offer.MaxBy(capacity => capacity.Version)!))
                .OrderBy(offer => offer.OfferId);
            foreach (var (offerId, capacity) in newest)
                await board.Apply(offerId, capacity, token);
        }, cancellationToken);
}
