using MassTransit;
using Micic.Contracts;
using Micic.Dashboard.Data;
using Micic.Persistence.Messaging;

namespace Micic.Dashboard.Consumers;

/// <summary>
/// Keeps every fund's position for the funds panel, raises alerts for a fund running low and a movement its fund could
/// not pay, and keeps the charges and approved claims for the after-action report's costs. A replay's burst of
/// departures brings a charge and a position apiece; they are counted in batches, one transaction each, a batch taking
/// its funds in one order (their ids) so that two batches in progress at once never each hold a fund the other waits for.
/// </summary>
public sealed class FundFiguresConsumer(InboxBatch inbox, DashboardProjection projection) :
    IConsumer<Batch<FundPositionChanged>>, IConsumer<Batch<FundRunningLow>>, IConsumer<Batch<MovementChargeRefused>>,
    IConsumer<Batch<MovementCharged>>, IConsumer<Batch<FundCharged>>, IConsumer<Batch<ClaimApproved>>
{
    public const string Endpoint = "dashboard-fund-figures";

    public Task Consume(ConsumeContext<Batch<FundPositionChanged>> context) => Project(context, position => position.FundId);

    public Task Consume(ConsumeContext<Batch<FundRunningLow>> context) => Project(context, low => low.FundId);

    public Task Consume(ConsumeContext<Batch<MovementChargeRefused>> context) => Project(context, refused => refused.OfferId);

    public Task Consume(ConsumeContext<Batch<MovementCharged>> context) => Project(context, charged => charged.FundId);

    public Task Consume(ConsumeContext<Batch<FundCharged>> context) => Project(context, charged => charged.FundId);

    public Task Consume(ConsumeContext<Batch<ClaimApproved>> context) => Project(context, approved => approved.FundId);

    Task Project<T>(ConsumeContext<Batch<T>> context, Func<T, Guid> order) where T : class =>
        inbox.Consume<FundFiguresConsumer, T>(context.Message,
            (fresh, cancellationToken) => projection.Project(fresh.OrderBy(message => order(message.Message)), cancellationToken), context.CancellationToken);
}
