using MassTransit;
using Micic.Contracts;
using Micic.Messaging.Application;
using Micic.Messaging.Domain;

namespace Micic.Messaging.Consumers;

/// <summary>A crisis declared at, or raised to, alert level 3 or 4: its registered nationals are to be asked "are you safe?".</summary>
public sealed class CrisisAlertConsumer(CheckIns checkIns) : IConsumer<CrisisDeclared>, IConsumer<CrisisAlertLevelChanged>
{
    public Task Consume(ConsumeContext<CrisisDeclared> context) =>
        CheckInRules.Asks(null, context.Message.AlertLevel)
            ? checkIns.Raised(context.Message.CrisisId, context.Message.Name, context.Message.Country, context.Message.Areas, context.CancellationToken)
            : Task.CompletedTask;

    public Task Consume(ConsumeContext<CrisisAlertLevelChanged> context) =>
        CheckInRules.Asks(context.Message.From, context.Message.To)
            ? checkIns.Raised(context.Message.CrisisId, null, context.Message.Country, context.Message.Areas, context.CancellationToken)
            : Task.CompletedTask;
}
