using MassTransit;
using Micic.Contracts;
using Micic.Funds.Application;

namespace Micic.Funds.Consumers;

/// <summary>Charges a departed movement to the fund chosen for it, or records why none could pay (<see cref="MovementCharging"/>).</summary>
public sealed class MovementDepartedConsumer(MovementCharging charging) : IConsumer<MovementDeparted>
{
    public Task Consume(ConsumeContext<MovementDeparted> context) => charging.Depart(context.Message, context.CancellationToken);
}
