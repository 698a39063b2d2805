using Micic.ServiceDefaults.ReferenceData;
using System.Security.Claims;
using Micic.Contracts;
using Micic.Funds.Data;
using Micic.Funds.Domain;
using Micic.Persistence.Data;
using Micic.Persistence.Messaging;
using Micic.ServiceDefaults;
using Micic.ServiceDefaults.Auth;

namespace Micic.Funds.Application;

/// <summary>A fund with what it received and what it paid.</summary>
public sealed record FundDetails(FundStanding Standing, IReadOnlyList<StoredReceipt> Receipts, IReadOnlyList<StoredCharge> Charges);

/// <summary>Opens funds, records the money donors pay into them, and tells how they stand.</summary>
public sealed class FundsDesk(DbSession session, FundStore store, FundPositions positions, TransactionalOutbox outbox, TimeProvider clock)
{
    public async Task<Guid> Open(NewFund fund, ClaimsPrincipal coordinator, CancellationToken cancellationToken)
    {
        var id = Guid.CreateVersion7();
        await session.BeginAsync(cancellationToken);
        await store.Insert(id, fund, clock.GetUtcNow(), Actor.Of(coordinator).Id, cancellationToken);
        await positions.Announce(id, cancellationToken);
        await session.CommitAsync(cancellationToken);
        return id;
    }

    /// <returns>The fund as it stands after the receipt, or null when there is no such fund.</returns>
    public async Task<FundStanding?> Receive(Guid fundId, Money amount, DateTimeOffset receivedAt, CancellationToken cancellationToken)
    {
        await session.BeginAsync(cancellationToken);
        if (await store.Find(fundId, cancellationToken, forUpdate: true) is null)
            return null;
        await store.AddReceipt(fundId, Guid.CreateVersion7(), amount.Amount, receivedAt, clock.GetUtcNow(), cancellationToken);
        await outbox.Publish(new FundReceived { FundId = fundId, Amount = amount.Amount, Currency = amount.Currency, ReceivedAt = receivedAt },
            cancellationToken);
        await positions.Announce(fundId, cancellationToken);
        var received = await positions.Find(fundId, cancellationToken);
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
        await positions.Announce(fundId, cancellationToken);
        await session.CommitAsync(cancellationToken);
        return id;
    }

    public async Task<Fund?> Find(Guid id, CancellationToken cancellationToken) => await store.Find(id, cancellationToken);

    public Task<IReadOnlyList<FundStanding>> All(CancellationToken cancellationToken) => positions.All(cancellationToken);

    public async Task<FundDetails?> Details(Guid id, CancellationToken cancellationToken)
    {
        // One snapshot: the fund's totals and the lines they are the sums of.
        await session.BeginAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken);
        if (await positions.Find(id, cancellationToken) is not { } standing)
            return null;
        var details = new FundDetails(standing,
            await store.Receipts(id, cancellationToken), await store.Charges(id, cancellationToken));
        await session.CommitAsync(cancellationToken);
        return details;
    }
}
