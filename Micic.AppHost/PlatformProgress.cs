using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace Micic.AppHost;

/// <summary>
/// What the AppHost is doing, on its console, while the platform comes up (the servers, then the services as each
/// becomes ready) and while it goes down on Ctrl+C; <see cref="PlatformSummary"/> says where everything is once it is up.
/// </summary>
sealed class PlatformProgress(ResourceNotificationService notifications, DistributedApplicationModel model, IHostApplicationLifetime lifetime)
{
    /// <summary>The servers by the names Program.cs gives them.</summary>
    static readonly Dictionary<string, string> Servers = new() { ["postgres"] = "PostgreSQL", ["messaging"] = "RabbitMQ", ["redis"] = "Redis" };

    readonly Stopwatch _clock = Stopwatch.StartNew();

    /// <summary>Straight to the console, one plain line each: what a person watching the terminal reads.</summary>
    public static void Say(string line) => Console.WriteLine($"  {line}");

    /// <summary>
    /// Watches from the moment the orchestrator begins: the host's own services start only once every resource has
    /// (a minute on a fresh data folder), too late to say anything about it.
    /// </summary>
    public static void Show(IDistributedApplicationBuilder builder) =>
        builder.Eventing.Subscribe<BeforeStartEvent>((start, cancellationToken) =>
        {
            var lifetime = start.Services.GetRequiredService<IHostApplicationLifetime>();
            var progress = new PlatformProgress(start.Services.GetRequiredService<ResourceNotificationService>(), start.Model, lifetime);
            _ = progress.Watch(lifetime.ApplicationStopping);
            return Task.CompletedTask;
        });

    async Task Watch(CancellationToken stoppingToken)
    {
        lifetime.ApplicationStopping.Register(() => Say("Stopping Micic: the services, then the servers…"));
        lifetime.ApplicationStopped.Register(() => Say("Stopped."));
        var services = model.Resources.OfType<ProjectResource>().Select(resource => resource.Name).Where(name => name != "replay").ToHashSet();
        var ready = new HashSet<string>();
        var said = new HashSet<string>();
        try
        {
            await foreach (var change in notifications.WatchAsync(stoppingToken))
            {
                var name = change.Resource.Name;
                var state = change.Snapshot.State?.Text;
                var healthy = change.Snapshot.HealthStatus == HealthStatus.Healthy;
                if (Servers.TryGetValue(name, out var server))
                {
                    if (state is not null && state != KnownResourceStates.NotStarted && state != KnownResourceStates.Waiting && said.Add($"{name}:starting"))
                        Say($"Starting {server}…");
                    else if (state == KnownResourceStates.Running && healthy && said.Add($"{name}:ready"))
                        Say($"{server} is ready ({_clock.Elapsed.TotalSeconds:0} s).");
                }
                else if (services.Contains(name))
                {
                    if (state is not null && state != KnownResourceStates.NotStarted && said.Add("services:starting"))
                        Say($"Starting the services ({string.Join(", ", services.Order())}), once the servers answer…");
                    // Every replica of a service shares its name: the first one ready makes the service reachable.
                    if (state == KnownResourceStates.Running && healthy && ready.Add(name))
                        Say($"{name} is ready ({ready.Count} of {services.Count}, {_clock.Elapsed.TotalSeconds:0} s).");
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
