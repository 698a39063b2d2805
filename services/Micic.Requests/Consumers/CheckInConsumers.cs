using MassTransit;
using Micic.Contracts;
using Micic.Requests.Application;

namespace Micic.Requests.Consumers;

/// <summary>Households of a registry were asked "are you safe?": their check-ins say so.</summary>
public sealed class CheckInsAskedConsumer(CheckIns checkIns) : IConsumer<CheckInsAsked>
{
    public Task Consume(ConsumeContext<CheckInsAsked> context) => checkIns.Asked(context.Message, context.CancellationToken);
}

/// <summary>A household answered: kept, and "I want to leave" becomes its evacuation request.</summary>
public sealed class CheckInAnsweredConsumer(CheckIns checkIns) : IConsumer<CheckInAnswered>
{
    public Task Consume(ConsumeContext<CheckInAnswered> context) => checkIns.Answered(context.Message, context.CancellationToken);
}

/// <summary>A household that did not answer twice goes on its consulate's list of people to call.</summary>
public sealed class CheckInUnansweredConsumer(CheckIns checkIns) : IConsumer<CheckInUnanswered>
{
    public Task Consume(ConsumeContext<CheckInUnanswered> context) => checkIns.Unanswered(context.Message, context.CancellationToken);
}
