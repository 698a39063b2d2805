using MassTransit;
using Micic.Contracts;
using Micic.Messaging.Data;
using Micic.Persistence.Privacy;

namespace Micic.Messaging.Consumers;

/// <summary>A journey's retention period is over: its phone and what was written to and from it go from here too.</summary>
public sealed class PersonalDataErasedConsumer(JourneyStore store, PersonalDataAudit audit) : IConsumer<PersonalDataErased>
{
    public async Task Consume(ConsumeContext<PersonalDataErased> context)
    {
        if (await store.Erase(context.Message.RequestId, context.CancellationToken))
            await audit.Erased(context.Message.PersonIds, context.CancellationToken, context.Message.RequestId);
    }
}
