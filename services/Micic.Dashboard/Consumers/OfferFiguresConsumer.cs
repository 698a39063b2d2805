using MassTransit;
using Micic.Contracts;
using Micic.Dashboard.Data;
using Micic.Persistence.Data;
using Micic.Persistence.Messaging;

namespace Micic.Dashboard.Consumers;

/// <summary>
/// Counts open offers, their seats and the seats allocated, from every event that carries an offer's capacity. A busy
/// offer sends one for every group matched; they are counted in batches, one transaction each, so they do not queue
/// behind each other for the offer's row. A batch takes its offers in one order (their ids), so that two batches in
/// progress at once never each hold an offer the other waits for.
/// </summary>
public sealed class OfferFiguresConsumer(InboxBatch inbox, DashboardProjection projection) :
    IConsumer<Batch<OfferPublished>>, IConsumer<Batch<OfferCapacityChanged>>, IConsumer<Batch<OfferWithdrawn>>, IConsumer<Batch<SeatsHeldForGroups>>,
    IConsumer<Batch<SeatsHeld>>, IConsumer<Batch<SeatsReleased>>
{
    public const string Endpoint = "dashboard-offer-figures";

    /// <summary>A batch of holds granted, one message for many groups; the holds of one offer are counted together, offers in id order.</summary>
    public Task Consume(ConsumeContext<Batch<SeatsHeldForGroups>> context) =>
        inbox.Consume<OfferFiguresConsumer, SeatsHeldForGroups>(context.Message, (fresh, cancellationToken) => projection.Project(
            [.. fresh.SelectMany(envelope => projection.Carried(envelope, envelope.Message.Held)).OrderBy(held => OfferOf(held.Message))], cancellationToken),
            context.CancellationToken);

    public Task Consume(ConsumeContext<Batch<OfferPublished>> context) => Project(context);

    public Task Consume(ConsumeContext<Batch<OfferCapacityChanged>> context) => Project(context);

    public Task Consume(ConsumeContext<Batch<OfferWithdrawn>> context) => Project(context);

    /// <summary>One hold a message, as Offers sent them before it gathered them: taken still, for a rolling upgrade.</summary>
    public Task Consume(ConsumeContext<Batch<SeatsHeld>> context) => Project(context);

    public Task Consume(ConsumeContext<Batch<SeatsReleased>> context) => Project(context);

    Task Project<T>(ConsumeContext<Batch<T>> context) where T : class =>
        inbox.Consume<OfferFiguresConsumer, T>(context.Message, (fresh, cancellationToken) => projection.Project(fresh.OrderBy(message => OfferOf(message.Message)), cancellationToken),
            context.CancellationToken);

    static Guid OfferOf(object message) => message switch
    {
        OfferPublished published => published.OfferId,
        OfferCapacityChanged changed => changed.OfferId,
        OfferWithdrawn withdrawn => withdrawn.OfferId,
        SeatsHeld held => held.OfferId,
        SeatsReleased released => released.OfferId,
        _ => throw new ArgumentException($"{message.GetType().Name} is not about an offer.", nameof(message)),
    };
}
