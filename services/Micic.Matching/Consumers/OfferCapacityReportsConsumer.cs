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
    IConsumer<Batch<SeatsHeldForGroups>>, IConsumer<Batch<SeatHoldsRejected>>, IConsumer<Batch<SeatsHeld>>, IConsumer<Batch<SeatHoldRejected>>
{
    public const string Endpoint = "matching-offer-capacity";

    public Task Consume(ConsumeContext<Batch<SeatsHeldForGroups>> context) =>
        Apply(context.Message, answers => answers.Held.Select(held => (held.OfferId, (OfferCapacity?)held.Capacity)), context.CancellationToken);

    public Task Consume(ConsumeContext<Batch<SeatHoldsRejected>> context) =>
        Apply(context.Message, answers => answers.Rejected.Select(rejected => (rejected.OfferId, rejected.Capacity)), context.CancellationToken);

    /// <summary>One answer a message, as Offers sent them before it gathered them: taken still, for a rolling upgrade.</summary>
    public Task Consume(ConsumeContext<Batch<SeatsHeld>> context) =>
        Apply(context.Message, held => [(held.OfferId, held.Capacity)], context.CancellationToken);

    /// <summary>One answer a message, as Offers sent them before it gathered them: taken still, for a rolling upgrade.</summary>
    public Task Consume(ConsumeContext<Batch<SeatHoldRejected>> context) =>
        Apply(context.Message, rejected => [(rejected.OfferId, rejected.Capacity)], context.CancellationToken);

    Task Apply<T>(Batch<T> batch, Func<T, IEnumerable<(Guid OfferId, OfferCapacity? Capacity)>> reports, CancellationToken cancellationToken) where T : class =>
        inbox.Consume<OfferCapacityReportsConsumer, T>(batch, async (fresh, token) =>
        {
            var newest = fresh.SelectMany(context => reports(context.Message))
                .Where(account => account.Capacity is not null)
                .GroupBy(account => account.OfferId, account => account.Capacity!)
                .Select(offer => (OfferId: offer.Key, Capacity: offer.MaxBy(capacity => capacity.Version)!))
                .OrderBy(offer => offer.OfferId);
            foreach (var (offerId, capacity) in newest)
                await board.Apply(offerId, capacity, token);
        }, cancellationToken);
}
