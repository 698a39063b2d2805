using System.Text.Json;
using Micic.ServiceDefaults.Exercises;
using Micic.ServiceDefaults.ReferenceData;
using Micic.ServiceDefaults.Redis;
using Micic.ServiceDefaults.Time;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Micic.Replay;

/// <summary>Starts the crisis clock, plays one crisis through the gateway on it, then ends; the platform goes on without it.</summary>
public sealed class ReplayWorker(
    GatewayClient gateway, SeedData seeds, ExerciseMode exercise, IServiceProvider services, IOptions<ReplayOptions> options, IHostApplicationLifetime lifetime,
    ILogger<ReplayWorker> logger)
    : BackgroundService
{
    static readonly TimeSpan RedisPatience = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value.Settings;
        try
        {
            if (options.Value.Marker is { } marker)
                await File.WriteAllTextAsync(marker, $"{DateTimeOffset.UtcNow:O}\n", stoppingToken);
            var scenario = CrisisScenario.Load(settings.Scenario);
            var clock = await RunClock(settings, stoppingToken);
            var replay = new CrisisReplay(scenario, seeds, gateway, settings, clock, exercise, message => logger.LogInformation("{Progress}", message));
            await replay.RunAsync(stoppingToken);
            // Played: the crisis goes on at the pace of real time, so that its dashboard and reports stay where it ended.
            await RunClock(settings with { Speed = 1 }, stoppingToken);
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

    /// <summary>
    /// Runs the crisis clock at the replay's speed for every service (through Redis) and records it in the data folder,
    /// so that the platform keeps crisis time on later starts. Without a crisis clock configured (a replay outside the
    /// AppHost), real time.
    /// </summary>
    async Task<TimeProvider> RunClock(ReplaySettings settings, CancellationToken cancellationToken)
    {
        if (services.GetService<CrisisClock>() is not { } clock)
            return TimeProvider.System;
        var redis = services.GetRequiredService<IConnectionMultiplexer>();
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            try
            {
                var running = await clock.Run(redis, settings.Speed);
                if (options.Value.ClockFile is { } file)
                    await File.WriteAllTextAsync(file, JsonSerializer.Serialize(
                        new { start = running.CrisisAnchor, speed = running.Speed, startedAt = running.RealAnchor, scenario = Path.GetFileNameWithoutExtension(settings.Scenario) }, JsonSerializerOptions.Web), cancellationToken);
                logger.LogInformation("{Progress}", $"the crisis clock runs from {running.CrisisAnchor:yyyy-MM-dd HH:mm} UTC, {running.Speed:0.#} times as fast as real time");
                return clock;
            }
            catch (Exception e) when (SharedRedis.IsUnreachable(e) && waited.Elapsed < RedisPatience)
            {
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            }
        }
    }
}
