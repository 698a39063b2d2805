using MassTransit;
using Micic.Contracts;
using Micic.Messaging.Application;

namespace Micic.Messaging.Consumers;

/// <summary>Requests' answer to <see cref="GetMessageContacts"/>: the notices waiting for it go out (<see cref="ContactBook"/>).</summary>
public sealed class MessageContactsConsumer(ContactBook contacts) : IConsumer<MessageContactsOfGroups>
{
    public Task Consume(ConsumeContext<MessageContactsOfGroups> context) => contacts.Answered(context.Message, context.CancellationToken);
}
