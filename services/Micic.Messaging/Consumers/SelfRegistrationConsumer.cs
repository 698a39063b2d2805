using MassTransit;
using Micic.Contracts;
using Micic.Messaging.Application;

namespace Micic.Messaging.Consumers;

/// <summary>A person registered himself or herself: the code goes to the phone (<see cref="RegistrationCodes"/>).</summary>
public sealed class SelfRegistrationConsumer(RegistrationCodes codes) : IConsumer<SelfRegistrationCodeRequested>
{
    public Task Consume(ConsumeContext<SelfRegistrationCodeRequested> context) => codes.Send(context.Message.RegistrationId, context.CancellationToken);
}
