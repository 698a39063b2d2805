using Micic.AppHost;

namespace Micic.UnitTests.Replay;

public sealed class PlatformClockTests
{
    static readonly DateTimeOffset CrisisStart = new(2011, 2, 24, 6, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Every_process_is_told_where_the_crisis_starts_and_how_fast_it_runs()
    {
        var settings = new PlatformClock(CrisisStart, Speed: 720, StartedAt: null).Settings().ToDictionary();

        Assert.Equal("2011-02-24T06:00:00.0000000+00:00", settings["CrisisClock__Start"]);
        Assert.Equal("720", settings["CrisisClock__Speed"]);
        Assert.False(settings.ContainsKey("CrisisClock__StartedAt")); // the replay starts it
        // A crisis day is two real minutes: the missing-people sweep looks four times in it.
        Assert.Equal("00:00:30", settings["Transit__SweepInterval"]);
    }

    [Fact]
    public void A_data_folder_a_replay_ran_on_keeps_its_crisis_clock_and_a_live_one_keeps_real_time()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"micic-clock-{Guid.NewGuid():N}");
        try
        {
            var folders = PlatformFolders.Create(folder);
            Assert.Null(PlatformClock.Decide(replay: null, folders));

            var startedAt = new DateTimeOffset(2026, 12, 7, 18, 0, 0, TimeSpan.Zero);
            File.WriteAllText(PlatformClock.FileIn(folders), $$"""{"start":"{{CrisisStart:O}}","speed":720,"startedAt":"{{startedAt:O}}"}""");

            Assert.Equal(new PlatformClock(CrisisStart, 720, startedAt), PlatformClock.Decide(replay: null, folders));
            Assert.Contains(("CrisisClock__StartedAt", startedAt.ToString("O")), PlatformClock.Decide(replay: null, folders)!.Settings());
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
