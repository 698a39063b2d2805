using MassTransit;
using Micic.Contracts;
using Micic.Requests.Application;

namespace Micic.Requests.Consumers;

/// <summary>A passenger who did not board is split off into a request of their own, which matching takes up keeping their place.</summary>
public sealed class PassengerNoShowConsumer(RequestIntake intake) : IConsumer<PassengerNoShow>
{
    public Task Consume(ConsumeContext<PassengerNoShow> context) => intake.SplitOffNoShow(context.Message, context.CancellationToken);
}
