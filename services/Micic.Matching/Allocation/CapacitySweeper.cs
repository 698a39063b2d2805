using Micic.Matching.Data;
using Micic.ServiceDefaults.Data;
using Microsoft.Extensions.Options;

namespace Micic.Matching.Allocation;

/// <summary>
/// The safety net under event-driven allocation: every <see cref="MatchingOptions.RebalanceInterval"/> it offers the free
/// seats the board knows of to the waiting groups again. An offer being shared out by another instance is skipped.
/// </summary>
public sealed class CapacitySweeper(IServiceScopeFactory scopes, IOptions<MatchingOptions> options, ILogger<CapacitySweeper> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.RebalanceInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await Sweep(stoppingToken);
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(exception, "Sharing out free seats failed; trying again in {Interval}", options.Value.RebalanceInterval);
            }
        }
    }

    async Task Sweep(CancellationToken cancellationToken)
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
