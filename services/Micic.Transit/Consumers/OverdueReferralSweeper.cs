using Micic.Contracts;
using Micic.Persistence.Data;
using Micic.Persistence.Messaging;
using Micic.ServiceDefaults;
using Micic.ServiceDefaults.Hosting;
using Micic.Transit.Data;
using Microsoft.Extensions.Options;

namespace Micic.Transit.Consumers;

/// <summary>
/// Raises every referral not accepted by its due time, once, so that coordinators can chase it. Referrals are claimed
/// with <c>SKIP LOCKED</c>, so any number of instances can run it.
/// </summary>
public sealed class OverdueReferralSweeper(IServiceScopeFactory scopes, IOptions<TransitOptions> options, TimeProvider clock,
    ILogger<OverdueReferralSweeper> logger) : PeriodicSweeper(logger)
{
    protected override TimeSpan Interval => options.Value.SweepInterval;

    protected override async Task Sweep(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var session = scope.ServiceProvider.GetRequiredService<DbSession>();
        var outbox = scope.ServiceProvider.GetRequiredService<TransactionalOutbox>();
        await session.BeginAsync(cancellationToken);
        foreach (var (id, site, service, partner, dueBy, bestInterest) in await scope.ServiceProvider.GetRequiredService<ReferralStore>()
                     .ClaimOverdue(clock.GetUtcNow(), cancellationToken))
            await outbox.Publish(new ReferralOverdue
            {
                ReferralId = id, SiteCode = site, Service = service.WireName(), PartnerId = partner, DueBy = dueBy, BestInterestAssessment = bestInterest,
            }, cancellationToken);
        await session.CommitAsync(cancellationToken);
    }
}
