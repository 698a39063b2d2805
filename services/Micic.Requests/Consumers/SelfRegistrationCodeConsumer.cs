using MassTransit;
using Micic.Contracts;
using Micic.Requests.Application;

namespace Micic.Requests.Consumers;

/// <summary>
/// Answers Messaging's point-to-point question for a self-registration's phone and a fresh code to send it — the code
/// exists in clear only in this answer and the SMS. The answer goes to the asker's queue through the outbox.
/// </summary>
public sealed class SelfRegistrationCodeConsumer(SelfRegistrations registrations) : IConsumer<GetSelfRegistrationCode>
{
    public async Task Consume(ConsumeContext<GetSelfRegistrationCode> context) =>
        await context.RespondAsync(await registrations.IssueCode(context.Message.RegistrationId, context.CancellationToken));
}
