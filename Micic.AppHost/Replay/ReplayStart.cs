using Micic.ServiceDefaults.ReferenceData;

namespace Micic.AppHost.Replay;

/// <summary>How the AppHost starts a replay: whether it should, how the platform's clocks follow it, and running it.</summary>
internal static class ReplayStart
{
    /// <returns>The replay to run once the platform is up, or null.</returns>
    public static ReplaySettings? Decide(LaunchOptions options, PlatformLayout layout)
    {
        if (options.Replay == ReplayChoice.Never)
            return null;
        var settings = options.ReplaySettings;
        if (!File.Exists(ScenarioFile(layout, settings)))
            throw new LaunchException($"There is no scenario '{settings.Scenario}' (looked for {ScenarioFile(layout, settings)}).");
        if (options.Replay == ReplayChoice.Always)
            return settings;
        // By default only a fresh local platform replays: a platform on someone's own PostgreSQL is not a demonstration.
        if (options.ExternalPostgres is not null)
            return null;
        if (File.Exists(Marker(layout, settings)))
        {
            Log.Info($"The {settings.Scenario} replay has run on this data folder before; --replay {settings.Scenario} plays it again, --no-replay hides this.");
            return null;
        }
        return settings;
    }

    /// <summary>
    /// The platform's deadlines in replay time, so that escalations and missing people show up during the replay
    /// as they would during the crisis (12 h before a vulnerable group is escalated, 24 h before someone is missing).
    /// A deadline set in the AppHost's own environment wins.
    /// </summary>
    public static IEnumerable<(string Name, string Value)> PlatformClock(ReplaySettings settings)
    {
        var missingAfter = Floor(settings.Real(24));
        (string, TimeSpan)[] deadlines =
        [
            ("Matching__EscalateVulnerableAfter", Floor(settings.Real(12))),
            ("Transit__MissingAfter", missingAfter),
            ("Transit__SweepInterval", TimeSpan.FromSeconds(Math.Clamp(missingAfter.TotalSeconds / 4, 1, 60))),
        ];
        return deadlines.Where(deadline => Environment.GetEnvironmentVariable(deadline.Item1) is null)
            .Select(deadline => (deadline.Item1, deadline.Item2.ToString("c")));
    }

    public static async Task RunAsync(PlatformLayout layout, ReplaySettings settings, Uri gateway, CancellationToken stop)
    {
        var log = Log.For("replay", colour: 9);
        try
        {
            File.WriteAllText(Marker(layout, settings), $"{DateTimeOffset.UtcNow:O}\n");
            var seeds = new SeedData(layout.SeedsDirectory);
            using var client = new GatewayClient(gateway, seeds.Organisations);
            var scenario = CrisisScenario.Load(ScenarioFile(layout, settings));
            await new CrisisReplay(scenario, seeds, client, settings, log).RunAsync(stop);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            // The platform goes on: a replay is a demonstration, not part of it.
            log($"the replay stopped: {e.Message}");
        }
    }

    static TimeSpan Floor(TimeSpan deadline) => deadline < TimeSpan.FromSeconds(5) ? TimeSpan.FromSeconds(5) : deadline;

    static string ScenarioFile(PlatformLayout layout, ReplaySettings settings) =>
        settings.Scenario.EndsWith(".json", StringComparison.OrdinalIgnoreCase)
            ? Path.GetFullPath(settings.Scenario)
            : Path.Combine(layout.SeedsDirectory, "scenarios", $"{settings.Scenario}.json");

    static string Marker(PlatformLayout layout, ReplaySettings settings) =>
        Path.Combine(layout.DataDirectory, $"replayed-{Path.GetFileNameWithoutExtension(settings.Scenario)}");
}
