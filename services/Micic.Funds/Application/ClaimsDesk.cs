using System.Security.Claims;
using Micic.Contracts;
using Micic.Funds.Data;
using Micic.Funds.Domain;
using Micic.Persistence.Data;
using Micic.Persistence.Messaging;
using Micic.ServiceDefaults;
using Micic.ServiceDefaults.Auth;
using Micic.ServiceDefaults.Http;
using Micic.ServiceDefaults.ReferenceData;

namespace Micic.Funds.Application;

/// <summary>What a coordinator's decision on a claim came to.</summary>
public abstract record ClaimDecision
{
    public sealed record Taken(ReimbursementClaim Claim) : ClaimDecision;

    public sealed record ClaimMissing : ClaimDecision;

    public sealed record FundMissing : ClaimDecision;

    public sealed record Refused(ChargeRefusal Refusal) : ClaimDecision;
}

/// <summary>
/// Claims for reimbursement: submitted by transit authorities and partners for what they spent on migrants, approved by
/// a coordinator (charging a fund, whole or not at all) or rejected with a reason.
/// </summary>
public sealed class ClaimsDesk(DbSession session, ClaimStore claims, FundStore funds, FundPositions positions, ExchangeRates rates, TransactionalOutbox outbox,
    SeedData seeds, TimeProvider clock)
{
    /// <summary>
    /// Where an organisation may claim for: a transit authority its own sites, a partner those it works at or in the
    /// countries it covers. Another State's site is not its to claim for.
    /// </summary>
    public bool MayClaimAt(ClaimsPrincipal claimant, string siteCode)
    {
        if (claimant.Sites().Contains(siteCode))
            return true;
        var organisation = seeds.Organisations.FirstOrDefault(o => o.Id == claimant.OrganisationId());
        return claimant.IsInRole(Roles.Partner) && organisation?.Countries is { } countries && seeds.Places.TryGetValue(siteCode, out var site)
            && countries.Contains(site.Country);
    }

    public async Task<ReimbursementClaim> Submit(NewClaim claim, ClaimsPrincipal claimant, CancellationToken cancellationToken)
    {
        var id = Guid.CreateVersion7();
        await session.BeginAsync(cancellationToken);
        await claims.Insert(id, claimant.OrganisationId(), claim, clock.GetUtcNow(), cancellationToken);
        var stored = (await claims.Find(id, cancellationToken))!;
        await session.CommitAsync(cancellationToken);
        return stored;
    }

    /// <summary>A coordinator sees every claim, anyone else their organisation's.</summary>
    public Task<(IReadOnlyList<ReimbursementClaim> Items, long Total)> List(ClaimsPrincipal user, ClaimStatus? status, PageRequest page,
        CancellationToken cancellationToken) =>
        claims.List(user.IsCoordinator() ? null : user.OrganisationId(), status, page, cancellationToken);

    public async Task<ReimbursementClaim?> Find(Guid id, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        await claims.Find(id, cancellationToken) is { } claim && (user.IsCoordinator() || claim.OrganisationId == user.OrganisationId()) ? claim : null;

    /// <summary>
    /// Approves a pending claim, charging the fund: the claim's row and then the fund's are locked, so that neither a
    /// second decision on the claim nor another charge on the fund can come between the check and the charge.
    /// </summary>
    public async Task<ClaimDecision> Approve(Guid id, Guid fundId, ClaimsPrincipal coordinator, CancellationToken cancellationToken)
    {
        await session.BeginAsync(cancellationToken);
        if (await claims.Find(id, cancellationToken, forUpdate: true) is not { } claim)
            return new ClaimDecision.ClaimMissing();
        if (claim.RefuseDecision() is { } decided)
            return new ClaimDecision.Refused(decided);
        if (await funds.Find(fundId, cancellationToken, forUpdate: true) is not { } fund)
            return new ClaimDecision.FundMissing();
        if (fund.RefuseCharge(claim.Cost) is { } refusal)
            return new ClaimDecision.Refused(refusal);

        var now = clock.GetUtcNow();
        var chargeId = Guid.CreateVersion7();
        var reporting = rates.ToReporting(claim.Amount);
        await funds.Charge(new NewCharge(chargeId, fundId, claim.Id, null, claim.Amount.Amount, claim.Cost.Purpose, now, reporting, rates.Reporting.Code,
            rates.RatesOf), cancellationToken);
        await claims.Decide(id, ClaimStatus.Approved, fundId, null, now, Actor.Of(coordinator).Id, cancellationToken);
        await outbox.Publish(new FundCharged
        {
            FundId = fundId, ChargeId = chargeId, ClaimId = claim.Id, Amount = claim.Amount.Amount, Currency = claim.Amount.Currency,
            Purpose = claim.Cost.Purpose.WireName(), Balance = fund.Balance - claim.Amount.Amount, ReportingAmount = reporting,
            ReportingCurrency = rates.Reporting.Code, RatesOf = rates.RatesOf, At = now,
        }, cancellationToken);
        await outbox.Publish(new ClaimApproved
        {
            ClaimId = claim.Id, FundId = fundId, OrganisationId = claim.OrganisationId, SiteCode = claim.SiteCode, Category = claim.Category.WireName(),
            Amount = claim.Amount.Amount, Currency = claim.Amount.Currency, People = claim.People, From = claim.From, To = claim.To, At = now,
        }, cancellationToken);
        await positions.Announce(fundId, cancellationToken);
        var approved = (await claims.Find(id, cancellationToken))!;
        await session.CommitAsync(cancellationToken);
        return new ClaimDecision.Taken(approved);
    }

    public async Task<ClaimDecision> Reject(Guid id, string reason, ClaimsPrincipal coordinator, CancellationToken cancellationToken)
    {
        await session.BeginAsync(cancellationToken);
        if (await claims.Find(id, cancellationToken, forUpdate: true) is not { } claim)
            return new ClaimDecision.ClaimMissing();
        if (claim.RefuseDecision() is { } decided)
            return new ClaimDecision.Refused(decided);
        var now = clock.GetUtcNow();
        await claims.Decide(id, ClaimStatus.Rejected, null, reason, now, Actor.Of(coordinator).Id, cancellationToken);
        await outbox.Publish(new ClaimRejected { ClaimId = id, OrganisationId = claim.OrganisationId, At = now }, cancellationToken);
        var rejected = (await claims.Find(id, cancellationToken))!;
        await session.CommitAsync(cancellationToken);
        return new ClaimDecision.Taken(rejected);
    }
}
