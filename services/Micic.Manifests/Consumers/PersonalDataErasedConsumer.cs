using MassTransit;
using Micic.Contracts;
using Micic.Manifests.Data;
using Micic.Persistence.Privacy;

namespace Micic.Manifests.Consumers;

/// <summary>A journey's retention period is over: its people's names and documents go from every manifest they were on.</summary>
public sealed class PersonalDataErasedConsumer(ManifestStore manifests, PersonalDataAudit audit) : IConsumer<PersonalDataErased>
{
    public async Task Consume(ConsumeContext<PersonalDataErased> context)
    {
        if ((await manifests.Erase(context.Message.PersonIds, context.CancellationToken)).Count > 0)
            await audit.Erased(context.Message.PersonIds, context.CancellationToken, context.Message.RequestId);
    }
}
