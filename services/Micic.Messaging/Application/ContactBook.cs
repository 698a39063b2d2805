using MassTransit;
using Micic.Contracts;
using Micic.Messaging.Data;
using Micic.Messaging.Domain;
using Micic.Persistence.Data;
using Micic.Persistence.Messaging;
using Micic.ServiceDefaults.ReferenceData;

namespace Micic.Messaging.Application;

/// <summary>
/// How groups are reached: their contacts are asked of Requests point to point the first time a notice is due (one
/// question a batch, through the outbox with the notices), and notices waiting for them are written out in the group's
/// language once the answer is in — or dropped, never sent, for a group without a phone, without consent, or after STOP.
/// </summary>
public sealed class ContactBook(JourneyStore journeys, MessageStore messages, TransactionalOutbox outbox, DbSession session, SeedData seeds,
    OutboundWakeup wakeup, TimeProvider clock)
{
    /// <summary>Writes out these groups' waiting notices, asking Requests first for the contacts not yet asked for.</summary>
    public async Task Reach(IReadOnlyCollection<Guid> requestIds, CancellationToken cancellationToken)
    {
        if (requestIds.Count == 0)
            return;
        var ask = await journeys.AskContacts(requestIds, clock.GetUtcNow(), cancellationToken);
        if (ask.Count > 0)
        {
            var requests = await outbox.SendEndpoint(CommandQueues.AddressOf<GetMessageContacts>());
            await requests.Send(new GetMessageContacts { RequestIds = ask },
                question => question.ResponseAddress = CommandQueues.AddressOf<MessageContactsOfGroups>(), cancellationToken);
        }
        await WriteOut(requestIds, cancellationToken);
    }

    /// <summary>Requests' answer is in: the contacts are kept and what waited for them goes out.</summary>
    public async Task Answered(MessageContactsOfGroups answer, CancellationToken cancellationToken)
    {
        await journeys.AnswerContacts(answer, clock.GetUtcNow(), cancellationToken);
        await WriteOut([.. answer.Groups.Select(group => group.RequestId), .. answer.NotFound], cancellationToken);
    }

    async Task WriteOut(IReadOnlyCollection<Guid> requestIds, CancellationToken cancellationToken)
    {
        var awaiting = await messages.Awaiting(requestIds, cancellationToken);
        var reachable = awaiting.Where(notice => notice is { Phone: not null, Stopped: false }).ToList();
        await messages.Queue(reachable.Select(notice => (notice.Id, notice.Phone!, notice.Language, Render(notice))).ToList(), cancellationToken);
        await messages.Drop(awaiting.Except(reachable).Select(notice => notice.Id).ToList(), cancellationToken);
        if (reachable.Count > 0)
            session.AfterCommit(wakeup.Wake);
    }

    string Render(AwaitingNotice notice)
    {
        var place = notice.Place is not null && seeds.Places.TryGetValue(notice.Place, out var known) ? known : null;
        var time = notice.DepartsAt is { } departs ? LocalTime.Format(departs, place?.Country) : null;
        return Templates.Render(notice.Template, notice.Language, new MessageFacts(notice.Reference, place?.Name ?? notice.Place, time));
    }
}
