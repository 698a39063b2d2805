using MassTransit;
using Micic.Contracts;
using Micic.Messaging.Data;
using Micic.Messaging.Domain;
using Micic.Persistence.Data;
using Micic.Persistence.Messaging;

namespace Micic.Messaging.Application;

/// <summary>
/// Sends a self-registration its confirmation code: the phone and a fresh code are asked of Requests point to point (the
/// event names the registration only), and the text goes through the outbound queue like every other message. The person
/// asked for it, so no consent is needed; but a phone that sent STOP gets nothing.
/// </summary>
public sealed class RegistrationCodes(MessageStore messages, DbSession session, OutboundWakeup wakeup, IBus bus, TimeProvider clock)
{
    static readonly RequestTimeout AnswerWithin = RequestTimeout.After(s: 30);

    public async Task Send(Guid registrationId, CancellationToken cancellationToken)
    {
        var registry = bus.CreateRequestClient<GetSelfRegistrationCode>(CommandQueues.AddressOf<GetSelfRegistrationCode>(), AnswerWithin);
        var answer = (await registry.GetResponse<SelfRegistrationCode>(new GetSelfRegistrationCode { RegistrationId = registrationId },
            cancellationToken)).Message;
        if (answer is not { Phone: { } phone, Code: { } code } || await messages.Stopped(phone, cancellationToken))
            return;
        var language = MessageLanguage.For(answer.Language, answer.Nationality);
        await messages.QueueRegistrationCode(registrationId, phone, language,
            Templates.Render(Template.RegistrationCode, language, new MessageFacts(null, Code: code)), clock.GetUtcNow(), cancellationToken);
        session.AfterCommit(wakeup.Wake);
    }
}
