using Micic.Matching.Data;
using Micic.Matching.StateMachines;
using Micic.Persistence.Data;
using Micic.Persistence.Messaging;
using Micic.ServiceDefaults.Hosting;
using Microsoft.Extensions.Options;

namespace Micic.Matching.Allocation;

/// <summary>
/// The safety net under event-driven allocation: every <see cref="MatchingOptions.RebalanceInterval"/> it asks for the
/// free seats the board knows of to be offered to the waiting groups again — one <see cref="ShareOutSeats"/> per offer,
/// taken like new capacity by whichever instance is free.
/// </summary>
public sealed class CapacitySweeper(IServiceScopeFactory scopes, IOptions<MatchingOptions> options, ILogger<CapacitySweeper> logger)
    : PeriodicSweeper(logger)
{
    protected override TimeSpan Interval => options.Value.RebalanceInterval;

    protected override async Task Sweep(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var session = scope.ServiceProvider.GetRequiredService<DbSession>();
        var outbox = scope.ServiceProvider.GetRequiredService<TransactionalOutbox>();
        await session.BeginAsync(cancellationToken);
        foreach (var offerId in await scope.ServiceProvider.GetRequiredService<IOfferBoard>().WithFreeSeats(cancellationToken))
            await outbox.Publish(new ShareOutSeats { OfferId = offerId }, cancellationToken);
        await session.CommitAsync(cancellationToken);
    }
}
