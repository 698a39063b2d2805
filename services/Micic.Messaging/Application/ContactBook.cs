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
/// A broadcast cannot wait that way: it asks while its coordinator waits (<see cref="AskNow"/>).
/// </summary>
public sealed class ContactBook(JourneyStore journeys, MessageStore messages, TransactionalOutbox outbox, DbSession session, SeedData seeds,
    OutboundWakeup wakeup, IBus bus, TimeProvider clock)
{
    /// <summary>Groups one question names: a crisis's thousands of waiting groups go in a few questions, answered side by side.</summary>
    public const int GroupsPerQuestion = 500;

    /// <summary>How long Requests has to answer while a coordinator waits for a broadcast to be taken.</summary>
    public static readonly RequestTimeout AnswerWithin = RequestTimeout.After(s: 10);

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

    /// <summary>
    /// Asks Requests for these groups' contacts and waits for the answer, as one answer. The questions go straight through the
    /// bus, not the outbox: the answer is needed before this unit of work can commit. Requests audits the read as it audits
    /// every answer to <see cref="GetMessageContacts"/>; the caller keeps the answer with <see cref="Answered"/>.
    /// </summary>
    /// <exception cref="RequestTimeoutException">Requests did not answer within <see cref="AnswerWithin"/>.</exception>
    public async Task<MessageContactsOfGroups> AskNow(IReadOnlyCollection<Guid> requestIds, CancellationToken cancellationToken)
    {
        var client = bus.CreateRequestClient<GetMessageContacts>(CommandQueues.AddressOf<GetMessageContacts>(), AnswerWithin);
        var answers = await Task.WhenAll(requestIds.Chunk(GroupsPerQuestion).Select(groups =>
            client.GetResponse<MessageContactsOfGroups>(new GetMessageContacts { RequestIds = groups }, cancellationToken)));
        return new MessageContactsOfGroups
        {
            Groups = [.. answers.SelectMany(answer => answer.Message.Groups)],
            NotFound = [.. answers.SelectMany(answer => answer.Message.NotFound)],
        };
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
