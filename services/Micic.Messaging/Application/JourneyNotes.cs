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
        await journeys.SaveJourneys(newest, cancellationToken);
        var now = clock.GetUtcNow();
        // A matched notice names its offer: should OfferPublished still be on its way, the notice waits for it.
        await messages.AddNotices(due.Select(notice => new NewNotice(notice.Change.RequestId, notice.Template!.Value,
            JourneyNotices.Key(notice.Template.Value, notice.Change.Sequence), notice.Template == Template.Matched ? notice.Change.OfferId : null, now)).ToList(),
            cancellationToken);
        await contacts.Reach(due.Select(notice => notice.Change.RequestId).ToList(), cancellationToken);
    }

    /// <summary>A new offer: known here from now on, and the notices that waited for it go out.</summary>
    public async Task Publish(OfferPublished offer, CancellationToken cancellationToken)
    {
        await journeys.SaveOffer(offer, cancellationToken);
        await contacts.Reach(await messages.AwaitingOffer(offer.OfferId, cancellationToken), cancellationToken);
    }

    /// <summary>An offer's departure moved: every group holding seats on it gets the new time.</summary>
    public async Task Moved(Guid offerId, OfferCapacity capacity, CancellationToken cancellationToken)
    {
        if (!await journeys.MoveDeparture(offerId, capacity, cancellationToken))
            return;
        var groups = await journeys.OnOffer(offerId, cancellationToken);
        var now = clock.GetUtcNow();
        await messages.AddNotices(groups.Select(group => new NewNotice(group, Template.DepartureChanged,
            JourneyNotices.Key(Template.DepartureChanged, capacity.Version), offerId, now)).ToList(), cancellationToken);
        await contacts.Reach(groups, cancellationToken);
    }
}
