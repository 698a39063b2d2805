using Micic.Contracts;
using Micic.Persistence.Data;
using Micic.Persistence.Messaging;
using Micic.ServiceDefaults.Hosting;
using Micic.Transit.Data;
using Microsoft.Extensions.Options;

namespace Micic.Transit.Consumers;

/// <summary>
/// Reconciles each movement once its window has passed and announces the people who never arrived, so that nobody goes
/// missing unnoticed. Movements are claimed with <c>SKIP LOCKED</c>, so any number of instances can run it.
/// </summary>
public sealed class MissingPeopleSweeper(IServiceScopeFactory scopes, IOptions<TransitOptions> options, ILogger<MissingPeopleSweeper> logger)
    : PeriodicSweeper(logger)
{
    protected override TimeSpan Interval => options.Value.SweepInterval;

    protected override async Task Sweep(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var session = scope.ServiceProvider.GetRequiredService<DbSession>();
        var outbox = scope.ServiceProvider.GetRequiredService<TransactionalOutbox>();
        await session.BeginAsync(cancellationToken);
        foreach (var (manifestId, site, missing) in await scope.ServiceProvider.GetRequiredService<TransitStore>()
                     .ClaimOverdue(options.Value.MissingAfter, cancellationToken))
            if (missing > 0)
            {
                logger.LogWarning("{Missing} people from manifest {ManifestId} have not arrived at {Site}", missing, manifestId, site);
                await outbox.Publish(new PeopleMissingAfterDeparture { ManifestId = manifestId, SiteCode = site, Missing = missing }, cancellationToken);
            }
        await session.CommitAsync(cancellationToken);
    }
}
