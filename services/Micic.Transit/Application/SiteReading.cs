using System.Data;
using System.Security.Claims;
using Micic.Persistence.Data;
using Micic.Persistence.Privacy;
using Micic.ServiceDefaults.Auth;
using Micic.ServiceDefaults.Http;
using Micic.Transit.Data;

namespace Micic.Transit.Application;

/// <summary>A movement's reconciliation as a caller may see it: everyone counted, the missing they may know of named.</summary>
public sealed record VisibleReconciliation(Reconciliation Reconciliation, IReadOnlyList<ExpectedPerson> Missing);

/// <summary>
/// What transit authorities, consulates and coordinators read of the people at a site — who is expected, who arrived,
/// who is missing — each read audited in its unit of work, with why it was read.
/// </summary>
public sealed class SiteReading(DbSession session, TransitStore store, PersonalDataAudit audit)
{
    public async Task<IReadOnlyList<ExpectedPerson>> Expected(string siteCode, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        await session.BeginAsync(cancellationToken);
        var expected = await store.ExpectedAt(siteCode, cancellationToken);
        await audit.Record(Actor.Of(user), "transit-expected", expected.Select(p => p.PersonId).Distinct().ToList(), cancellationToken,
            siteCode: siteCode);
        await session.CommitAsync(cancellationToken);
        return expected;
    }

    public async Task<(IReadOnlyList<ArrivalRecord> Items, long Total)> Arrivals(string siteCode, PageRequest page, ClaimsPrincipal user,
        CancellationToken cancellationToken)
    {
        await session.BeginAsync(cancellationToken);
        var arrivals = await store.ArrivalsAt(siteCode, page, cancellationToken);
        await audit.Record(Actor.Of(user), "transit-arrivals", arrivals.Items.Select(a => a.PersonId).ToList(), cancellationToken,
            siteCode: siteCode);
        await session.CommitAsync(cancellationToken);
        return arrivals;
    }

    /// <summary>
    /// Expected, arrived and missing for a departed movement: a transit authority sees movements to its own sites, a
    /// consulate only its nationals (where the group consented) among the missing; null when the movement is not
    /// visible to the caller.
    /// </summary>
    public async Task<VisibleReconciliation?> Reconcile(Guid manifestId, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        await session.BeginAsync(IsolationLevel.RepeatableRead, cancellationToken);
        var reconciliation = await store.Reconcile(manifestId, cancellationToken);
        var atItsSite = reconciliation is not null && (user.IsCoordinator() || user.Sites().Contains(reconciliation.SiteCode));
        if (reconciliation is null || !(atItsSite || user.IsInRole(Roles.Consulate)))
            return null;

        var missing = reconciliation.Expected.Where(p => !reconciliation.Arrived.Contains(p.PersonId)).ToList();
        if (!atItsSite)
        {
            var nationalities = user.Nationalities();
            missing = missing.Where(p => p.ConsentToShareWithConsulate && nationalities.Contains(p.Nationality)).ToList();
        }
        await audit.Record(Actor.Of(user), "reconciliation", missing.Select(p => p.PersonId).ToList(), cancellationToken,
            manifestId: manifestId, siteCode: reconciliation.SiteCode);
        await session.CommitAsync(cancellationToken);
        return new VisibleReconciliation(reconciliation, missing);
    }
}
