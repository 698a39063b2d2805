using MassTransit;
using Micic.Contracts;
using Micic.Dashboard.Data;
using Micic.Persistence.Messaging;

namespace Micic.Dashboard.Consumers;

/// <summary>
/// Keeps each registered household's latest check-in answer: "need help" is an alert for its consulate. A crisis raised to
/// level 3 brings thousands of answers within minutes; they are kept in batches, one transaction each, taking the
/// households in one order (their ids) so that two batches in progress at once never each hold a row the other waits for.
/// </summary>
public sealed class CheckInAlertsConsumer(InboxBatch inbox, DashboardProjection projection) : IConsumer<Batch<CheckInAnswered>>
{
    public const string Endpoint = "dashboard-check-in-alerts";

    public Task Consume(ConsumeContext<Batch<CheckInAnswered>> context) =>
        inbox.Consume<CheckInAlertsConsumer, CheckInAnswered>(context.Message, (fresh, cancellationToken) => projection.Project(
            fresh.OrderBy(answer => answer.Message.RegistrationId).ThenBy(answer => answer.Message.At), cancellationToken),
            context.CancellationToken);
}
