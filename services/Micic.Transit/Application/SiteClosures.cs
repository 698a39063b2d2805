using Micic.Contracts;
using Micic.Persistence.Data;
using Micic.Persistence.Messaging;
using Micic.Transit.Data;
using Micic.Transit.Domain;

namespace Micic.Transit.Application;

/// <summary>What closing or reopening a site came to.</summary>
public abstract record ClosureOutcome
{
    public sealed record Done(SiteState Site) : ClosureOutcome;

    public sealed record Invalid(Dictionary<string, string[]> Errors) : ClosureOutcome;

    /// <summary>Closing a site closed already, or reopening one that is open.</summary>
    public sealed record Conflict(SiteState Site) : ClosureOutcome;
}

/// <summary>A site as it stands at <see cref="At"/>: the closure in force, if any, and its latest closures.</summary>
public sealed record SiteState(string SiteCode, DateTimeOffset At, SiteClosure? InForce, IReadOnlyList<SiteClosure> Latest);

/// <summary>
/// A State's hand on its sites: it closes one until a time (no arrival is logged there meanwhile), and may reopen it
/// earlier. Each change is recorded and announced in one transaction, and waits for arrivals being logged at the site.
/// </summary>
public sealed class SiteClosures(DbSession session, SiteClosureStore store, TransactionalOutbox outbox, TimeProvider clock)
{
    const int Latest = 20;

    public async Task<SiteState> Read(string siteCode, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        return new SiteState(siteCode, now, await store.InForce(siteCode, now, cancellationToken), await store.Latest(siteCode, Latest, cancellationToken));
    }

    public async Task<ClosureOutcome> Close(string siteCode, CloseSite body, string organisationId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (SiteClosure.Errors(body, now) is { Count: > 0 } errors)
            return new ClosureOutcome.Invalid(errors);
        // A refusal returns with the transaction open: the request's session rolls it back (and joins the idempotency key's).
        await session.BeginAsync(cancellationToken);
        await store.TakeTurn(siteCode, alone: true, cancellationToken);
        if (await store.InForce(siteCode, now, cancellationToken) is not null)
            return new ClosureOutcome.Conflict(await Read(siteCode, cancellationToken));
        var closure = new SiteClosure(Guid.CreateVersion7(now), siteCode, now, body.Until!.Value, body.Reason!.Trim(), organisationId);
        await store.Insert(closure, cancellationToken);
        await outbox.Publish(new TransitSiteClosed
        {
            ClosureId = closure.Id, SiteCode = siteCode, Until = closure.Until, Reason = closure.Reason, OrganisationId = organisationId, At = now,
        }, cancellationToken);
        var state = await Read(siteCode, cancellationToken);
        await session.CommitAsync(cancellationToken);
        return new ClosureOutcome.Done(state);
    }

    public async Task<ClosureOutcome> Reopen(string siteCode, ReopenSite body, string organisationId, CancellationToken cancellationToken)
    {
        if (body.Reason is { Length: > SiteClosure.ReasonLength })
            return new ClosureOutcome.Invalid(new() { ["reason"] = [$"At most {SiteClosure.ReasonLength} characters."] });
        var now = clock.GetUtcNow();
        // A refusal returns with the transaction open: the request's session rolls it back.
        await session.BeginAsync(cancellationToken);
        await store.TakeTurn(siteCode, alone: true, cancellationToken);
        if (await store.InForce(siteCode, now, cancellationToken) is not { } closure)
            return new ClosureOutcome.Conflict(await Read(siteCode, cancellationToken));
        await store.Reopen(closure with { ReopenedAt = now, ReopenedBy = organisationId }, cancellationToken);
        await outbox.Publish(new TransitSiteReopened { ClosureId = closure.Id, SiteCode = siteCode, OrganisationId = organisationId, At = now },
            cancellationToken);
        var state = await Read(siteCode, cancellationToken);
        await session.CommitAsync(cancellationToken);
        return new ClosureOutcome.Done(state);
    }
}
