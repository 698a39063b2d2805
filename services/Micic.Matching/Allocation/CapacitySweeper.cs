using Micic.Matching.Data;
using Micic.Persistence.Data;
using Micic.ServiceDefaults.Hosting;
using Microsoft.Extensions.Options;

namespace Micic.Matching.Allocation;

/// <summary>
/// The safety net under event-driven allocation: every <see cref="MatchingOptions.RebalanceInterval"/> it offers the free
/// seats the board knows of to the waiting groups again. An offer being shared out by another instance is skipped.
/// </summary>
public sealed class CapacitySweeper(IServiceScopeFactory scopes, IOptions<MatchingOptions> options, ILogger<CapacitySweeper> logger)
    : PeriodicSweeper(logger)
{
    protected override TimeSpan Interval => options.Value.RebalanceInterval;

    protected override async Task Sweep(CancellationToken cancellationToken)
    {
        IReadOnlyList<Guid> offers;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var session = scope.ServiceProvider.GetRequiredService<DbSession>();
            await session.BeginAsync(cancellationToken);
            offers = await scope.ServiceProvider.GetRequiredService<IOfferBoard>().WithFreeSeats(cancellationToken);
            await session.CommitAsync(cancellationToken);
        }

        foreach (var offerId in offers)
        {
            await using var scope = scopes.CreateAsyncScope();
            var session = scope.ServiceProvider.GetRequiredService<DbSession>();
            await session.BeginAsync(cancellationToken);
            var offered = await scope.ServiceProvider.GetRequiredService<CapacityAllocator>().Allocate(offerId, waitForTurn: false, cancellationToken);
            await session.CommitAsync(cancellationToken);
            if (offered > 0)
                logger.LogInformation("Offered free seats on {OfferId} to {Groups} waiting groups", offerId, offered);
        }
    }
}
