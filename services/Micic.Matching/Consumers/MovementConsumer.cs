using MassTransit;
using Micic.Contracts;
using Micic.Matching.StateMachines;

namespace Micic.Matching.Consumers;

/// <summary>A manifest event names many groups; each group's saga hears of it on its own.</summary>
public sealed class MovementConsumer : IConsumer<ManifestClosed>, IConsumer<MovementDeparted>
{
    public Task Consume(ConsumeContext<ManifestClosed> context) =>
        context.PublishBatch(context.Message.RequestIds.Select(id => new GroupManifested { RequestId = id, ManifestId = context.Message.ManifestId }));

    public Task Consume(ConsumeContext<MovementDeparted> context) =>
        context.PublishBatch(context.Message.RequestIds.Select(id => new GroupDeparted
        {
            RequestId = id, ManifestId = context.Message.ManifestId, DepartedAt = context.Message.DepartedAt,
        }));
}
