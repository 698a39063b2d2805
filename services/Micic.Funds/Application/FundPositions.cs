using Micic.Contracts;
using Micic.Funds.Data;
using Micic.Funds.Domain;
using Micic.Persistence.Messaging;
using Microsoft.Extensions.Options;

namespace Micic.Funds.Application;

/// <summary>Funds' settings: <c>Funds:AlertDays</c>, the days of money left under which coordinators are alerted.</summary>
public sealed class FundsOptions
{
    public int AlertDays { get; set; } = 14;
}

/// <summary>A fund as coordinators see it: what it committed, and how long its money lasts at the last week's spending.</summary>
public sealed record FundStanding(Fund Fund, decimal Committed, decimal? DaysLeftAtRecentBurn);

/// <summary>
/// Tells the dashboard where a fund stands whenever anything moved it (<see cref="FundPositionChanged"/>), in the
/// transaction that moved it, and alerts once when its money comes to last fewer days than coordinators are to be warned
/// at (<see cref="FundRunningLow"/>): again only after it has recovered and fallen under once more.
/// </summary>
public sealed class FundPositions(FundStore funds, TransactionalOutbox outbox, IOptions<FundsOptions> options, TimeProvider clock)
{
    /// <summary>The spending a fund's days left are reckoned from: the last week, on the crisis clock.</summary>
    public static readonly TimeSpan RecentBurn = TimeSpan.FromDays(7);

    public static FundStanding Standing(FundPosition position) =>
        new(position.Fund, position.Committed, position.Fund.DaysLeft(position.SpentRecently, RecentBurn));

    public async Task<FundStanding?> Find(Guid fundId, CancellationToken cancellationToken) =>
        await funds.Position(fundId, clock.GetUtcNow() - RecentBurn, cancellationToken) is { } position ? Standing(position) : null;

    public async Task<IReadOnlyList<FundStanding>> All(CancellationToken cancellationToken) =>
        (await funds.All(clock.GetUtcNow() - RecentBurn, cancellationToken)).Select(Standing).ToList();

    /// <summary>Announces where the fund now stands. Call it with the fund's row locked, in the transaction that moved it.</summary>
    public async Task Announce(Guid fundId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (await funds.Position(fundId, now - RecentBurn, cancellationToken) is not { } position)
            return;
        var (fund, committed, daysLeft) = Standing(position);
        await outbox.Publish(new FundPositionChanged
        {
            FundId = fund.Id, Name = fund.Name, DonorOrganisationId = fund.DonorOrganisationId, Currency = fund.Currency, Pledged = fund.Pledged,
            Received = fund.Received, Committed = committed, Spent = fund.Spent, Balance = fund.Balance, DaysLeftAtRecentBurn = daysLeft, At = now,
        }, cancellationToken);

        var alertDays = options.Value.AlertDays;
        var runningLow = daysLeft is { } days && days < alertDays;
        if (runningLow == position.RunningLow)
            return;
        await funds.MarkRunningLow(fundId, runningLow, cancellationToken);
        if (runningLow)
            await outbox.Publish(new FundRunningLow
            {
                FundId = fund.Id, Name = fund.Name, Currency = fund.Currency, Balance = fund.Balance, DaysLeft = daysLeft!.Value, AlertDays = alertDays,
                At = now,
            }, cancellationToken);
    }
}
