using System.Text.Json;
using System.Text.RegularExpressions;
using Micic.AppHost.Servers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Micic.AppHost;

/// <summary>A crisis to replay through the gateway once the platform is up (the Micic.Replay project).</summary>
/// <param name="Speed">Crisis time per unit of real time: 720 plays a crisis day in two minutes.</param>
public sealed record CrisisReplay(string Scenario, int People, double Speed)
{
    public const string DefaultScenario = "libya-2011";
    public const int DefaultPeople = 2_000;
    public const double DefaultSpeed = 720;

    /// <returns>The replay to run, or null: by default only a fresh local platform replays, once per data folder.</returns>
    public static CrisisReplay? Decide(AppHostOptions options, PlatformFolders folders)
    {
        var replay = options.ReplaySettings;
        if (options.Replay == ReplayChoice.Never)
            return null;
        if (!File.Exists(replay.ScenarioFile(folders)))
            throw new LaunchException($"There is no scenario '{replay.Scenario}' (looked for {replay.ScenarioFile(folders)}).");
        replay = replay with { ScenarioStart = ReadStart(replay.ScenarioFile(folders)) };
        if (options.Replay == ReplayChoice.Always)
            return replay;
        // A platform on someone's own PostgreSQL is not a demonstration.
        if (options.ExternalPostgres is not null)
            return null;
        if (File.Exists(replay.Marker(folders)))
        {
            Console.WriteLine($"The {replay.Scenario} replay has run on this data folder before; --replay {replay.Scenario} plays it again, --no-replay hides this.");
            return null;
        }
        return replay;
    }

    public string ScenarioFile(PlatformFolders folders) =>
        Scenario.EndsWith(".json", StringComparison.OrdinalIgnoreCase)
            ? Path.GetFullPath(Scenario)
            : Path.Combine(folders.Seeds, "scenarios", $"{Scenario}.json");

    /// <summary>Written by the replay when it starts: the default replay runs once per data folder.</summary>
    public string Marker(PlatformFolders folders) => Path.Combine(folders.Data, $"replayed-{Path.GetFileNameWithoutExtension(Scenario)}");

    /// <summary>The crisis time the scenario starts at (its <c>start</c>).</summary>
    public DateTimeOffset Start => ScenarioStart ?? throw new InvalidOperationException("The scenario's start is read by Decide.");

    DateTimeOffset? ScenarioStart { get; init; }

    static DateTimeOffset ReadStart(string scenarioFile)
    {
        using var scenario = JsonDocument.Parse(File.ReadAllText(scenarioFile));
        if (!scenario.RootElement.TryGetProperty("start", out var start) || !start.TryGetDateTimeOffset(out var value))
            throw new LaunchException($"The scenario {scenarioFile} says no \"start\" (the crisis time it begins at, e.g. \"2011-02-24T06:00:00Z\").");
        return value;
    }
}

public static class CrisisReplayExtensions
{
    /// <summary>
    /// The replay as a resource: it waits for the gateway, starts the crisis clock (shared through Redis, recorded in the
    /// data folder), plays the crisis, reports to this console and ends. With the simulated phones (no operator
    /// configured), its registered people answer their check-ins on them; a share other than the replay's default is
    /// given as <c>Replay:RegisteredShare</c> in the AppHost's configuration.
    /// </summary>
    public static IResourceBuilder<ProjectResource> AddCrisisReplay(this IDistributedApplicationBuilder builder, string name, CrisisReplay replay,
        PlatformSettings platform, IResourceBuilder<IResourceWithConnectionString> redis, IResourceBuilder<SmsGatewayResource> sms)
    {
        var folders = platform.Folders;
        var replayProject = builder.AddProject<Projects.Micic_Replay>(name)
            .WithReference(platform.Gateway)
            .WaitFor(platform.Gateway)
            .WithServer(redis)
            .WithEnvironment("Seeds__Path", folders.Seeds)
            .WithEnvironment("Replay__ClockFile", PlatformClock.FileIn(folders))
            .WithEnvironment("Replay__Scenario", replay.ScenarioFile(folders))
            .WithEnvironment("Replay__People", replay.People.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .WithEnvironment("Replay__Speed", replay.Speed.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .WithEnvironment("Replay__Marker", replay.Marker(folders));
        foreach (var (setting, value) in (platform.Clock?.Settings() ?? []).Concat(platform.Exercise?.Settings() ?? []))
            replayProject.WithEnvironment(setting, value);
        if (builder.Configuration["Replay:RegisteredShare"] is { Length: > 0 } share)
            replayProject.WithEnvironment("Replay__RegisteredShare", share);
        // Never with a real operator: the replay's people are not anyone's phones.
        if (sms.Resource.Settings.Operator is null)
            replayProject.WithEnvironment("Replay__Phones", folders.ServerData("kannel")).WaitFor(sms);
        builder.Services.AddHostedService(services => new ReplayConsole(replayProject.Resource, services.GetRequiredService<ResourceNotificationService>(),
            services.GetRequiredService<ResourceLoggerService>()));
        return replayProject;
    }
}

/// <summary>The replay's progress lines on the AppHost's console, where a newcomer watching the terminal reads them.</summary>
sealed partial class ReplayConsole(IResource replay, ResourceNotificationService notifications, ResourceLoggerService logs) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            // The replay's log is its running instance's (named by the orchestrator once it starts), not the model's name.
            await notifications.WaitForResourceAsync(replay.Name, [KnownResourceStates.Running, .. KnownResourceStates.TerminalStates], stoppingToken);
            await foreach (var batch in logs.WatchAsync(replay).WithCancellation(stoppingToken))
                foreach (var line in batch)
                    if (ProgressLine().Match(line.Content) is { Success: true } progress)
                        PlatformProgress.Say($"replay: {progress.Groups["text"].Value}");
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>The replay's own lines (one line each, see the replay's logging), without the orchestrator's timestamp.</summary>
    [GeneratedRegex(@"^(\S+Z )?\w+: Micic\.Replay\.ReplayWorker\[\d+\] (?<text>.*)$")]
    private static partial Regex ProgressLine();
}
