using System.Globalization;
using System.Text.Json;

namespace Micic.AppHost;

/// <summary>
/// The clock a platform keeps. A live operation runs on real time. A replay runs on the crisis clock (crisis time
/// <see cref="Start"/> at real time <see cref="StartedAt"/>, <see cref="Speed"/> times faster), and so does every later
/// start of its data folder: the data speak crisis time, and the platform that holds them goes on speaking it.
/// </summary>
/// <param name="StartedAt">Unknown until the replay starts the clock (it stands at <see cref="Start"/> until then).</param>
/// <param name="Scenario">The scenario replayed on it, as the exercise controller names it.</param>
public sealed record PlatformClock(DateTimeOffset Start, double Speed, DateTimeOffset? StartedAt, string? Scenario = null)
{
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Where the replay records when and how it started the clock, in the data folder.</summary>
    public static string FileIn(PlatformFolders folders) => Path.Combine(folders.Data, "crisis-clock.json");

    /// <returns>The crisis clock: the replay's, or the one a replay left in this data folder; null for real time.</returns>
    public static PlatformClock? Decide(CrisisReplay? replay, PlatformFolders folders)
    {
        var file = FileIn(folders);
        var recorded = File.Exists(file) ? JsonSerializer.Deserialize<PlatformClock>(File.ReadAllText(file), Json) : null;
        if (replay is null)
            return recorded;
        // A replay played again goes on from the crisis time the folder has reached (the replay continues the shared clock).
        return new PlatformClock(recorded?.Start ?? replay.Start, replay.Speed, StartedAt: null, Path.GetFileNameWithoutExtension(replay.Scenario));
    }

    /// <summary>
    /// What every process is told: the clock, and the sweep for missing people often enough in real time to see a
    /// crisis day's deadline (24 crisis hours) during the replay. A setting in the AppHost's own environment wins.
    /// </summary>
    public IEnumerable<(string Name, string Value)> Settings()
    {
        var realDay = TimeSpan.FromDays(1) / Speed;
        List<(string, string)> settings =
        [
            ("CrisisClock__Start", Start.ToString("O", CultureInfo.InvariantCulture)),
            ("CrisisClock__Speed", Speed.ToString(CultureInfo.InvariantCulture)),
            ("Transit__SweepInterval", TimeSpan.FromSeconds(Math.Clamp(realDay.TotalSeconds / 4, 1, 60)).ToString("c")),
        ];
        if (Scenario is { } scenario)
            settings.Add(("CrisisClock__Scenario", scenario));
        if (StartedAt is { } startedAt)
            settings.Add(("CrisisClock__StartedAt", startedAt.ToString("O", CultureInfo.InvariantCulture)));
        return settings.Where(setting => Environment.GetEnvironmentVariable(setting.Item1) is null);
    }
}
