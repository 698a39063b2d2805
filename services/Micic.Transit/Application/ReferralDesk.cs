using System.Security.Claims;
using Micic.Contracts;
using Micic.Persistence.Data;
using Micic.Persistence.Messaging;
using Micic.Persistence.Privacy;
using Micic.ServiceDefaults;
using Micic.ServiceDefaults.Auth;
using Micic.ServiceDefaults.Http;
using Micic.ServiceDefaults.ReferenceData;
using Micic.Transit.Data;
using Micic.Transit.Domain;

namespace Micic.Transit.Application;

/// <summary>What a partner's step on a referral came to.</summary>
public abstract record ReferralStep
{
    public sealed record Taken(StoredReferral Referral) : ReferralStep;

    /// <summary>No such referral, as far as the caller may know: it is not routed to them.</summary>
    public sealed record Missing : ReferralStep;

    public sealed record Refused(ReferralRefusal Refusal) : ReferralStep;
}

/// <summary>
/// Referrals as partners work them — accept, decline (it moves on to the next partner, or is unrouted), complete with an
/// outcome — and as transit authorities, partners and coordinators list them. Each step is announced
/// (<see cref="ReferralChanged"/>, no names); a partner's list shows the people referred to it, and is an audited read.
/// </summary>
public sealed class ReferralDesk(DbSession session, ReferralStore store, TransactionalOutbox outbox, PersonalDataAudit audit, SeedData seeds,
    TimeProvider clock)
{
    public async Task<(IReadOnlyList<StoredReferral> Items, long Total)> List(ClaimsPrincipal user, ReferralStatus? status, ReferralService? service,
        string? siteCode, PageRequest page, CancellationToken cancellationToken)
    {
        var scope = user.IsCoordinator() ? new ReferralScope(null, null)
            : user.IsInRole(Roles.Partner) ? new ReferralScope(user.OrganisationId(), null)
            : new ReferralScope(null, user.Sites().ToList());
        await session.BeginAsync(cancellationToken);
        var (items, total) = await store.List(scope, status, service, siteCode, page, cancellationToken);
        // A partner sees the people referred to it (one it declined has moved on, out of its sight): an audited read.
        if (scope.PartnerId is not null)
            await audit.Record(Actor.Of(user), "referral", items.Select(referral => referral.PersonId).Distinct().ToList(), cancellationToken);
        await session.CommitAsync(cancellationToken);
        return (items, total);
    }

    public Task<ReferralStep> Accept(Guid id, ClaimsPrincipal partner, CancellationToken cancellationToken) =>
        Step(id, partner, referral => referral.State.RefuseAcceptance(), referral => (ReferralStatus.Accepted, referral.PartnerId, referral.DeclinedBy, null),
            cancellationToken);

    /// <summary>The partner cannot take it: it goes to the next partner covering the service there, or is left unrouted for coordinators.</summary>
    public Task<ReferralStep> Decline(Guid id, ClaimsPrincipal partner, CancellationToken cancellationToken) =>
        Step(id, partner, referral => referral.State.RefuseDecline(), referral =>
        {
            var declinedBy = referral.DeclinedBy.Append(partner.OrganisationId()).Distinct().ToList();
            var next = ReferralRouting.Next(Partner.Roster(seeds), referral.Service, seeds.Places[referral.SiteCode], declinedBy);
            return (next is null ? ReferralStatus.Unrouted : ReferralStatus.Routed, next?.OrganisationId, declinedBy, null);
        }, cancellationToken);

    public Task<ReferralStep> Complete(Guid id, string outcome, ClaimsPrincipal partner, CancellationToken cancellationToken) =>
        Step(id, partner, referral => referral.State.RefuseCompletion(), referral => (ReferralStatus.Completed, referral.PartnerId, referral.DeclinedBy, outcome),
            cancellationToken);

    async Task<ReferralStep> Step(Guid id, ClaimsPrincipal partner, Func<StoredReferral, ReferralRefusal?> refuse,
        Func<StoredReferral, (ReferralStatus Status, string? PartnerId, IReadOnlyList<string> DeclinedBy, string? Outcome)> next,
        CancellationToken cancellationToken)
    {
        await session.BeginAsync(cancellationToken);
        if (await store.Find(id, cancellationToken, forUpdate: true) is not { } referral || !referral.State.IsHeldBy(partner.OrganisationId()))
            return new ReferralStep.Missing();
        if (refuse(referral) is { } refusal)
            return new ReferralStep.Refused(refusal);

        var (status, partnerId, declinedBy, outcome) = next(referral);
        await store.Update(id, status, partnerId, declinedBy, outcome, cancellationToken);
        await outbox.Publish(new ReferralChanged
        {
            ReferralId = id, ArrivalId = referral.ArrivalId, SiteCode = referral.SiteCode, Service = referral.Service.WireName(), Status = status.WireName(), PartnerId = partnerId,
            DueBy = referral.DueBy, BestInterestAssessment = referral.BestInterestAssessment, At = clock.GetUtcNow(),
        }, cancellationToken);
        var changed = (await store.Find(id, cancellationToken))!;
        await session.CommitAsync(cancellationToken);
        return new ReferralStep.Taken(changed);
    }
}
