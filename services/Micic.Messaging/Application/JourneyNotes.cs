using Micic.Contracts;
using Micic.Messaging.Data;
using Micic.Messaging.Domain;

namespace Micic.Messaging.Application;

/// <summary>
/// Turns what the flow decided for each group into the notice its family gets: matched (where and when to gather), seat
/// lost (back in line), departure moved, departed, arrived — each once, however often its event comes, and only for
/// groups that agreed to messages (<see cref="ContactBook"/>).
/// </summary>
public sealed class JourneyNotes(JourneyStore journeys, MessageStore messages, ContactBook contacts, TimeProvider clock)
{
    /// <summary>A batch of matching's status changes, in one unit of work.</summary>
    public async Task Apply(IReadOnlyCollection<EvacuationStatusChanged> changes, CancellationToken cancellationToken)
    {
        var newest = changes.GroupBy(change => change.RequestId).Select(group => group.MaxBy(change => change.Sequence)!).ToList();
        var before = await journeys.Journeys(newest.Select(change => change.RequestId).ToList(), cancellationToken);
        var due = newest.Select(change => (Change: change, Template: JourneyNotices.For(before.GetValueOrDefault(change.RequestId), change)))
            .Where(notice => notice.Template is not null)
            .ToList();
        var offers = await journeys.Offers(due.Where(notice => notice.Template == Template.Matched).Select(notice => notice.Change.OfferId!.Value).Distinct().ToList(),
            cancellationToken);
        // The offer is known from OfferPublished; if that is still on its way, the batch is tried again shortly.
        if (due.FirstOrDefault(notice => notice.Template == Template.Matched && !offers.ContainsKey(notice.Change.OfferId!.Value)) is { Change: { } early })
            throw new InvalidOperationException($"Offer {early.OfferId} is not known here yet.");

        await journeys.SaveJourneys(newest, cancellationToken);
        var now = clock.GetUtcNow();
        await messages.AddNotices(due.Select(notice =>
        {
            var offer = notice.Template == Template.Matched ? offers[notice.Change.OfferId!.Value] : null;
            return new NewNotice(notice.Change.RequestId, notice.Template!.Value, JourneyNotices.Key(notice.Template.Value, notice.Change.Sequence),
                offer?.FromPlace, offer?.DepartsAt, now);
        }).ToList(), cancellationToken);
        await contacts.Reach(due.Select(notice => notice.Change.RequestId).ToList(), cancellationToken);
    }

    public Task Publish(OfferPublished offer, CancellationToken cancellationToken) => journeys.SaveOffer(offer, cancellationToken);

    /// <summary>An offer's departure moved: every group holding seats on it gets the new time.</summary>
    public async Task Moved(Guid offerId, OfferCapacity capacity, CancellationToken cancellationToken)
    {
        if (!await journeys.MoveDeparture(offerId, capacity, cancellationToken))
            return;
        var offer = (await journeys.Offers([offerId], cancellationToken))[offerId];
        var groups = await journeys.OnOffer(offerId, cancellationToken);
        var now = clock.GetUtcNow();
        await messages.AddNotices(groups.Select(group => new NewNotice(group, Template.DepartureChanged,
            JourneyNotices.Key(Template.DepartureChanged, capacity.Version), offer.FromPlace, offer.DepartsAt, now)).ToList(), cancellationToken);
        await contacts.Reach(groups, cancellationToken);
    }
}
