using MassTransit;
using Micic.Contracts;
using Micic.Requests.Application;

namespace Micic.Requests.Consumers;

/// <summary>
/// Answers Messaging's point-to-point question for how groups may be reached by SMS — phones leave this service only
/// this way — with the read audited. The answer goes to the asker's queue through the outbox, with the audit record.
/// </summary>
public sealed class MessageContactsConsumer(RequestReading reading) : IConsumer<GetMessageContacts>
{
    public async Task Consume(ConsumeContext<GetMessageContacts> context)
    {
        var contacts = await reading.ForMessages(context.Message.RequestIds, context.CancellationToken);
        await context.RespondAsync(new MessageContactsOfGroups
        {
            Groups = contacts,
            NotFound = context.Message.RequestIds.Except(contacts.Select(contact => contact.RequestId)).ToList(),
        });
    }
}
