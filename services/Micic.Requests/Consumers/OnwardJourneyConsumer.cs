using MassTransit;
using Micic.Contracts;
using Micic.Requests.Application;

namespace Micic.Requests.Consumers;

/// <summary>Raises the onward request a transit site asked for, and hands it to matching like any other.</summary>
public sealed class OnwardJourneyConsumer(RequestIntake intake) : IConsumer<OnwardJourneyRequested>
{
    public Task Consume(ConsumeContext<OnwardJourneyRequested> context) => intake.RaiseOnwardJourney(context.Message, context.CancellationToken);
}
