using Micic.Messaging.Application;
using Microsoft.Extensions.Options;

namespace Micic.Messaging.Consumers;

/// <summary>Sends the check-in rounds crises start, and follows up the silent ones, in every instance (rounds are leased, silences locked).</summary>
public sealed class CheckInSender(IServiceScopeFactory scopes, CheckInWakeup wakeup, IOptions<CheckInOptions> options, ILogger<CheckInSender> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var checkIns = scope.ServiceProvider.GetRequiredService<CheckIns>();
                while (await checkIns.SendRounds(stoppingToken))
                {
                }
                await checkIns.FollowUp(stoppingToken);
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(exception, "Sending check-ins failed; trying again shortly");
            }
            await wakeup.WaitAsync(options.Value.PollInterval, stoppingToken);
        }
    }
}
