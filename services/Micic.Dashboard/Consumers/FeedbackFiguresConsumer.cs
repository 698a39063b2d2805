using MassTransit;
using Micic.Contracts;
using Micic.Dashboard.Data;

namespace Micic.Dashboard.Consumers;

/// <summary>Counts feedback by category, answered or not, and the call-backs people asked for, open or closed.</summary>
public sealed class FeedbackFiguresConsumer(DashboardProjection projection) :
    IConsumer<FeedbackReceived>, IConsumer<FeedbackAnswered>, IConsumer<CallBackRequested>, IConsumer<CallBackClosed>
{
    public Task Consume(ConsumeContext<FeedbackReceived> context) => projection.Project(context);

    public Task Consume(ConsumeContext<FeedbackAnswered> context) => projection.Project(context);

    public Task Consume(ConsumeContext<CallBackRequested> context) => projection.Project(context);

    public Task Consume(ConsumeContext<CallBackClosed> context) => projection.Project(context);
}
