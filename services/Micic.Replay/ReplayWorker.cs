using Micic.ServiceDefaults.ReferenceData;
using Microsoft.Extensions.Options;

namespace Micic.Replay;

/// <summary>Plays one crisis through the gateway, then ends; the platform goes on without it.</summary>
public sealed class ReplayWorker(
    GatewayClient gateway, SeedData seeds, IOptions<ReplayOptions> options, IHostApplicationLifetime lifetime, ILogger<ReplayWorker> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value.Settings;
        try
        {
            if (options.Value.Marker is { } marker)
                await File.WriteAllTextAsync(marker, $"{DateTimeOffset.UtcNow:O}\n", stoppingToken);
            var scenario = CrisisScenario.Load(settings.Scenario);
            var replay = new CrisisReplay(scenario, seeds, gateway, settings, message => logger.LogInformation("{Progress}", message));
            await replay.RunAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            // A replay is a demonstration, not part of the platform: it stops and says why.
            logger.LogError(e, "The replay stopped: {Reason}", e.Message);
        }
        lifetime.StopApplication();
    }
}
