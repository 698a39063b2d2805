using MassTransit;
using Micic.Contracts;
using Micic.Dashboard.Data;

namespace Micic.Dashboard.Consumers;

/// <summary>Keeps each round of "are you safe?" in the history: how many households were asked is what check-in answers are counted against.</summary>
public sealed class CheckInsAskedConsumer(DashboardProjection projection) : IConsumer<CheckInsAsked>
{
    public Task Consume(ConsumeContext<CheckInsAsked> context) => projection.Project(context);
}
