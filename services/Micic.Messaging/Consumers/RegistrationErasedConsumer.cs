using MassTransit;
using Micic.Contracts;
using Micic.Messaging.Data;
using Micic.Persistence.Privacy;

namespace Micic.Messaging.Consumers;

/// <summary>A registration erased in Requests: its check-ins, phone and words go from here too, and the erasure is audited.</summary>
public sealed class RegistrationErasedConsumer(CheckInStore store, PersonalDataAudit audit) : IConsumer<RegistrationErased>
{
    public async Task Consume(ConsumeContext<RegistrationErased> context)
    {
        if (await store.Erase(context.Message.RegistrationId, context.CancellationToken))
            await audit.Erased(context.Message.PersonIds, context.CancellationToken);
    }
}
