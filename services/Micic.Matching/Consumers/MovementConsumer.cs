using MassTransit;
using Micic.Contracts;
using Micic.Matching.StateMachines;

namespace Micic.Matching.Consumers;

/// <summary>A manifest event names many groups; each group's saga hears of it on its own.</summary>
public sealed class MovementConsumer : IConsumer<ManifestClosed>, IConsumer<MovementDeparted>
{
    public async Task Consume(ConsumeContext<ManifestClosed> context)
    {
        foreach (var requestId in context.Message.RequestIds)
            await context.Publish(new GroupManifested { RequestId = requestId, ManifestId = context.Message.ManifestId });
    }

    public async Task Consume(ConsumeContext<MovementDeparted> context)
    {
        foreach (var requestId in context.Message.RequestIds)
            await context.Publish(new GroupDeparted { RequestId = requestId, ManifestId = context.Message.ManifestId, DepartedAt = context.Message.DepartedAt });
    }
}
