using MassTransit;
using Micic.Contracts;
using Micic.Messaging.Application;

namespace Micic.Messaging.Consumers;

/// <summary>Offers' departures, for the notices: where to gather and when, and a new time when it moves.</summary>
public sealed class OfferConsumer(JourneyNotes notes) : IConsumer<OfferPublished>, IConsumer<OfferCapacityChanged>
{
    public Task Consume(ConsumeContext<OfferPublished> context) => notes.Publish(context.Message, context.CancellationToken);

    public Task Consume(ConsumeContext<OfferCapacityChanged> context) =>
        notes.Moved(context.Message.OfferId, context.Message.Capacity, context.CancellationToken);
}
