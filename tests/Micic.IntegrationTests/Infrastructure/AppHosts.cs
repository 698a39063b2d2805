using System.Diagnostics;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;

namespace Micic.IntegrationTests.Infrastructure;

/// <summary>The AppHost run by Aspire.Hosting.Testing, exactly as `dotnet run --project Micic.AppHost` would with these arguments.</summary>
public static class AppHosts
{
    static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(4);

    /// <summary>Starts the platform and returns once every instance of every service and of the gateway is healthy.</summary>
    /// <param name="environment">Settings every Micic process gets, on top of the AppHost's own.</param>
    public static async Task<DistributedApplication> Start(string[] arguments, ResourceLogTail logs, IReadOnlyDictionary<string, string>? environment = null)
    {
        var appHost = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Micic_AppHost>(arguments);
        appHost.Services.AddLogging(logging => logging.AddProvider(logs));
        appHost.Services.AddSingleton<InstanceStates>().AddHostedService(services => services.GetRequiredService<InstanceStates>());
        foreach (var project in appHost.Resources.OfType<ProjectResource>())
            project.Annotations.Add(new EnvironmentCallbackAnnotation(context =>
            {
                foreach (var (name, value) in environment ?? new Dictionary<string, string>())
                    context.EnvironmentVariables[name] = value;
            }));
        var app = await appHost.BuildAsync();
        using var timeout = new CancellationTokenSource(StartTimeout);
        try
        {
            await app.StartAsync(timeout.Token);
            foreach (var project in app.Services.GetRequiredService<DistributedApplicationModel>().Resources.OfType<ProjectResource>().Where(IsService))
                await UntilHealthy(app, project.Name, StartTimeout);
        }
        catch (Exception e)
        {
            await app.DisposeAsync();
            throw new InvalidOperationException($"The platform did not start: {e.Message}\nLast lines:\n{logs}", e);
        }
        return app;
    }

    /// <summary>
    /// Where the gateway listens. Aspire's test builder moves fixed ports to free ones (so that runs never collide), so the
    /// address is asked of the AppHost rather than assumed; said as 127.0.0.1, where it listens.
    /// </summary>
    public static Uri Gateway(DistributedApplication app) => new UriBuilder(app.GetEndpoint("gateway", "http")) { Host = "127.0.0.1" }.Uri;

    /// <summary>Stops a resource through Aspire (as the dashboard's Stop button does) and returns once it is down.</summary>
    public static async Task Stop(DistributedApplication app, string resource)
    {
        await Command(app, resource, KnownResourceCommands.StopCommand);
        await app.ResourceNotifications.WaitForResourceAsync(resource, KnownResourceStates.TerminalStates);
    }

    /// <summary>Starts a stopped resource again and returns once it is healthy.</summary>
    public static async Task Start(DistributedApplication app, string resource)
    {
        await Command(app, resource, KnownResourceCommands.StartCommand);
        await app.ResourceNotifications.WaitForResourceHealthyAsync(resource);
    }

    static async Task Command(DistributedApplication app, string resource, string command)
    {
        var result = await app.Services.GetRequiredService<ResourceCommandService>().ExecuteCommandAsync(resource, command);
        if (!result.Success)
            throw new InvalidOperationException($"{command} {resource}: {result.Message}");
    }

    /// <summary>SIGKILLs every running instance of a service, as a crash would; returns how many were killed.</summary>
    public static int Crash(DistributedApplication app, string service)
    {
        var killed = 0;
        foreach (var state in Instances(app, service))
        {
            // Aspire runs each instance as `dotnet run`, which runs the service: the service is the one to kill.
            if (state.Snapshot.Properties.FirstOrDefault(property => property.Name == "executable.pid")?.Value is not { } launcher)
                continue;
            foreach (var pid in ChildrenOf(Convert.ToInt32(launcher)))
            {
                Process.GetProcessById(pid).Kill();
                killed++;
            }
        }
        return killed;
    }

    /// <summary>
    /// SIGKILLs the server a resource runs, as a crash or the out-of-memory killer would: the process named
    /// <paramref name="program"/>, the resource's own or one it started (postgres, under the wrapper that asks it for a
    /// fast shutdown). Returns the resource's process id, for <see cref="UntilRestarted"/>.
    /// </summary>
    public static int KillServer(DistributedApplication app, string resource, string program)
    {
        var instance = Instances(app, resource).Single(state => state.Snapshot.State?.Text == KnownResourceStates.Running);
        var launched = Convert.ToInt32(instance.Snapshot.Properties.Single(property => property.Name == "executable.pid").Value);
        var server = new[] { launched }.Concat(DescendantsOf(launched)).FirstOrDefault(pid => ProgramOf(pid) == program);
        if (server == 0)
            throw new InvalidOperationException($"{resource} (process {launched}) runs no {program}");
        Process.GetProcessById(server).Kill();
        return launched;
    }

    /// <summary>Returns once a resource runs as a process other than <paramref name="before"/> and is healthy.</summary>
    public static Task UntilRestarted(DistributedApplication app, string resource, int before, TimeSpan within) =>
        Eventually.Get(() => Task.FromResult(Instances(app, resource).Any(state =>
                state.Snapshot.HealthStatus == HealthStatus.Healthy && state.Snapshot.State?.Text == KnownResourceStates.Running
                && state.Snapshot.Properties.FirstOrDefault(property => property.Name == "executable.pid")?.Value is { } pid && Convert.ToInt32(pid) != before)),
            restarted => restarted, within, $"{resource} to be started again and healthy");

    static string? ProgramOf(int pid)
    {
        try { return File.ReadAllText($"/proc/{pid}/comm").TrimEnd('\n'); }
        catch (IOException) { return null; } // exited meanwhile
    }

    /// <summary>Returns once every instance of a service (or of the gateway) is healthy.</summary>
    public static async Task UntilHealthy(DistributedApplication app, string service, TimeSpan within)
    {
        var replicas = Replicas(app.Services.GetRequiredService<DistributedApplicationModel>().Resources.Single(resource => resource.Name == service));
        await Eventually.Get(() => Task.FromResult(Instances(app, service).Count(state => state.Snapshot.HealthStatus == HealthStatus.Healthy)),
            healthy => healthy == replicas, within, $"every instance of {service} to be healthy");
    }

    /// <summary>Each running instance's own address (the port it listens on, not Aspire's proxy in front of them all).</summary>
    public static IReadOnlyList<Uri> InstanceUrls(DistributedApplication app, string service) =>
        Instances(app, service).Where(state => state.Snapshot.State?.Text == KnownResourceStates.Running)
            .SelectMany(state => state.Snapshot.EnvironmentVariables.Where(variable => variable.Name == "ASPNETCORE_URLS"))
            .SelectMany(variable => (variable.Value ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries))
            .Select(url => new UriBuilder(url) { Host = "127.0.0.1" }.Uri).Distinct().ToList();

    /// <summary>The latest state of each running instance of a resource.</summary>
    static IEnumerable<ResourceEvent> Instances(DistributedApplication app, string resource) =>
        app.Services.GetRequiredService<InstanceStates>().Of(resource);

    static int Replicas(IResource resource) => resource.Annotations.OfType<ReplicaAnnotation>().SingleOrDefault()?.Replicas ?? 1;

    static IEnumerable<int> ChildrenOf(int parent) =>
        Directory.EnumerateDirectories("/proc").Select(Path.GetFileName).Where(name => name!.All(char.IsDigit)).Select(int.Parse!)
            .Where(pid =>
            {
                try { return File.ReadAllText($"/proc/{pid}/stat").Split(' ')[3] == parent.ToString(); }
                catch (IOException) { return false; } // exited meanwhile
            }).ToList();

    static IEnumerable<int> DescendantsOf(int parent) => ChildrenOf(parent).SelectMany(child => new[] { child }.Concat(DescendantsOf(child)));

    /// <summary>The replay is a client that comes and goes; every other project serves.</summary>
    static bool IsService(ProjectResource project) => project.Name != "replay";
}

/// <summary>The last lines the platform's resources wrote (Aspire forwards them to the test host's logging).</summary>
public sealed class ResourceLogTail : ILoggerProvider
{
    const int Kept = 300;
    readonly Queue<string> _lines = new();

    public event Action<string, string>? Line;

    public ILogger CreateLogger(string categoryName) => new Writer(this, categoryName);

    public override string ToString()
    {
        lock (_lines)
            return string.Join('\n', _lines);
    }

    public void Dispose() { }

    void Add(string category, string line)
    {
        var source = category[(category.LastIndexOf('.') + 1)..];
        lock (_lines)
        {
            _lines.Enqueue($"[{source}] {line}");
            while (_lines.Count > Kept)
                _lines.Dequeue();
        }
        Line?.Invoke(source, line);
    }

    sealed class Writer(ResourceLogTail tail, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
                tail.Add(category, formatter(state, exception));
        }
    }
}

/// <summary>The latest state of every resource instance (each replica has its own), as Aspire reports them.</summary>
sealed class InstanceStates(ResourceNotificationService notifications) : Microsoft.Extensions.Hosting.BackgroundService
{
    readonly System.Collections.Concurrent.ConcurrentDictionary<string, ResourceEvent> _latest = new();

    public IEnumerable<ResourceEvent> Of(string resource) => _latest.Values.Where(state => state.Resource.Name == resource).ToList();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var change in notifications.WatchAsync(stoppingToken))
                _latest[change.ResourceId] = change;
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
