using MassTransit;
using Micic.Contracts;
using Micic.Persistence.Privacy;
using Micic.Transit.Data;

namespace Micic.Transit.Consumers;

/// <summary>A journey's retention period is over: its people's names and screening notes go from every site.</summary>
public sealed class PersonalDataErasedConsumer(TransitStore store, PersonalDataAudit audit) : IConsumer<PersonalDataErased>
{
    public async Task Consume(ConsumeContext<PersonalDataErased> context)
    {
        if (await store.Erase(context.Message.PersonIds, context.CancellationToken))
            await audit.Erased(context.Message.PersonIds, context.CancellationToken, context.Message.RequestId);
    }
}
