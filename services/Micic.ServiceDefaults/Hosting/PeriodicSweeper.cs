using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Micic.ServiceDefaults.Hosting;

/// <summary>
/// Background work done every <see cref="Interval"/> — the sweepers that raise deadlines and catch what events missed.
/// A failed round is logged and tried again at the next tick; it never stops the service.
/// </summary>
public abstract class PeriodicSweeper(ILogger logger) : BackgroundService
{
    protected abstract TimeSpan Interval { get; }

    protected abstract Task Sweep(CancellationToken cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await Sweep(stoppingToken);
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(exception, "{Sweeper} failed; trying again in {Interval}", GetType().Name, Interval);
            }
        }
    }
}
