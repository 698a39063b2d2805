using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Micic.AppHost;

/// <summary>Marks a resource whose instances are started again when they die.</summary>
sealed class RestartWhenCrashedAnnotation : IResourceAnnotation;

public static class ServiceRestartExtensions
{
    /// <summary>DCP never restarts a process that dies; <see cref="ServiceRestarts"/> does, for every replica of this resource.</summary>
    public static IResourceBuilder<T> RestartedWhenItCrashes<T>(this IResourceBuilder<T> resource) where T : IResource
    {
        resource.ApplicationBuilder.Services.AddHostedService<ServiceRestarts>();
        return resource.WithAnnotation(new RestartWhenCrashedAnnotation(), ResourceAnnotationMutationBehavior.Replace);
    }
}

/// <summary>
/// Watches every instance's state and, when one ends that nobody asked to stop (a crash, an out-of-memory kill), starts it
/// again through Aspire's own start command: at once the first time, then with a growing pause while it keeps failing.
/// </summary>
sealed class ServiceRestarts(ResourceNotificationService notifications, ResourceCommandService commands, IHostApplicationLifetime lifetime,
    ILogger<ServiceRestarts> logger) : BackgroundService
{
    static readonly TimeSpan StableRun = TimeSpan.FromMinutes(1);
    static readonly TimeSpan LongestPause = TimeSpan.FromSeconds(30);

    readonly ConcurrentDictionary<string, string?> _states = new();
    readonly ConcurrentDictionary<string, LastRestart> _restarts = new();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var change in notifications.WatchAsync(stoppingToken))
            {
                var state = change.Snapshot.State?.Text;
                var before = _states.GetValueOrDefault(change.ResourceId);
                _states[change.ResourceId] = state;
                var ended = state == KnownResourceStates.Finished || state == KnownResourceStates.Exited;
                // A stop asked for (from the dashboard, or at shutdown) passes through Stopping first.
                if (ended && before != state && before != KnownResourceStates.Stopping && !lifetime.ApplicationStopping.IsCancellationRequested
                    && change.Resource.Annotations.OfType<RestartWhenCrashedAnnotation>().Any())
                    _ = Restart(change.ResourceId, change.Snapshot.ExitCode, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    async Task Restart(string instance, int? exitCode, CancellationToken stoppingToken)
    {
        var now = DateTime.UtcNow;
        var pause = _restarts.AddOrUpdate(instance, _ => new(now, TimeSpan.Zero),
            (_, last) => new(now, now - last.At > StableRun ? TimeSpan.Zero : Longer(last.Pause))).Pause;
        logger.LogWarning("{Instance} ended (exit code {ExitCode}); starting it again in {Pause} s", instance, exitCode, pause.TotalSeconds);
        try
        {
            await Task.Delay(pause, stoppingToken);
            var result = await commands.ExecuteCommandAsync(instance, KnownResourceCommands.StartCommand, stoppingToken);
            if (!result.Success)
                logger.LogError("{Instance} could not be started again: {Reason}", instance, result.Message);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    static TimeSpan Longer(TimeSpan pause) =>
        pause == TimeSpan.Zero ? TimeSpan.FromSeconds(1) : TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, LongestPause.Ticks));

    sealed record LastRestart(DateTime At, TimeSpan Pause);
}
