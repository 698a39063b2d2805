using System.Security.Claims;
using Micic.Contracts;
using Micic.Funds.Data;
using Micic.Funds.Domain;
using Micic.Persistence.Data;
using Micic.Persistence.Messaging;
using Micic.ServiceDefaults;
using Micic.ServiceDefaults.Auth;

namespace Micic.Funds.Application;

/// <summary>A fund as coordinators see it, with how long its money lasts at the last week's spending.</summary>
public sealed record FundStanding(Fund Fund, decimal? DaysLeftAtRecentBurn);

/// <summary>A fund with what it received and what it paid.</summary>
public sealed record FundDetails(FundStanding Standing, IReadOnlyList<StoredReceipt> Receipts, IReadOnlyList<StoredCharge> Charges);

/// <summary>Opens funds, records the money donors pay into them, and tells how they stand.</summary>
public sealed class FundsDesk(DbSession session, FundStore store, TransactionalOutbox outbox, TimeProvider clock)
{
    /// <summary>The spending a fund's days left are reckoned from: the last week, on the crisis clock.</summary>
    public static readonly TimeSpan RecentBurn = TimeSpan.FromDays(7);

    public async Task<Guid> Open(NewFund fund, ClaimsPrincipal coordinator, CancellationToken cancellationToken)
    {
        var id = Guid.CreateVersion7();
        await session.BeginAsync(cancellationToken);
        await store.Insert(id, fund, clock.GetUtcNow(), Actor.Of(coordinator).Id, cancellationToken);
        await session.CommitAsync(cancellationToken);
        return id;
    }

    /// <returns>The fund as it stands after the receipt, or null when there is no such fund.</returns>
    public async Task<Fund?> Receive(Guid fundId, Money amount, DateTimeOffset receivedAt, CancellationToken cancellationToken)
    {
        await session.BeginAsync(cancellationToken);
        if (await store.Find(fundId, cancellationToken, forUpdate: true) is null)
            return null;
        await store.AddReceipt(fundId, Guid.CreateVersion7(), amount.Amount, receivedAt, clock.GetUtcNow(), cancellationToken);
        await outbox.Publish(new FundReceived { FundId = fundId, Amount = amount.Amount, Currency = amount.Currency, ReceivedAt = receivedAt },
            cancellationToken);
        var received = await store.Find(fundId, cancellationToken);
        await session.CommitAsync(cancellationToken);
        return received;
    }

    /// <summary>An organisation (a consulate for its nationals, a donor again) adds to what a fund is promised.</summary>
    /// <returns>The pledge's id, or null when there is no such fund.</returns>
    public async Task<Guid?> Pledge(Guid fundId, Money amount, ClaimsPrincipal pledger, CancellationToken cancellationToken)
    {
        await session.BeginAsync(cancellationToken);
        if (await store.Find(fundId, cancellationToken, forUpdate: true) is null)
            return null;
        var id = Guid.CreateVersion7();
        var now = clock.GetUtcNow();
        await store.AddPledge(fundId, id, pledger.OrganisationId(), amount.Amount, now, cancellationToken);
        await outbox.Publish(new FundPledged
        {
            FundId = fundId, PledgeId = id, OrganisationId = pledger.OrganisationId(), Amount = amount.Amount, Currency = amount.Currency, At = now,
        }, cancellationToken);
        await session.CommitAsync(cancellationToken);
        return id;
    }

    public async Task<Fund?> Find(Guid id, CancellationToken cancellationToken) => await store.Find(id, cancellationToken);

    public async Task<IReadOnlyList<FundStanding>> All(CancellationToken cancellationToken)
    {
        var funds = await store.All(clock.GetUtcNow() - RecentBurn, cancellationToken);
        return funds.Select(f => new FundStanding(f.Fund, f.Fund.DaysLeft(f.SpentSince, RecentBurn))).ToList();
    }

    public async Task<FundDetails?> Details(Guid id, CancellationToken cancellationToken)
    {
        // One snapshot: the fund's totals and the lines they are the sums of.
        await session.BeginAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken);
        if (await store.Find(id, cancellationToken) is not { } fund)
            return null;
        var spentRecently = await store.SpentSince(id, clock.GetUtcNow() - RecentBurn, cancellationToken);
        var details = new FundDetails(new FundStanding(fund, fund.DaysLeft(spentRecently, RecentBurn)),
            await store.Receipts(id, cancellationToken), await store.Charges(id, cancellationToken));
        await session.CommitAsync(cancellationToken);
        return details;
    }
}
