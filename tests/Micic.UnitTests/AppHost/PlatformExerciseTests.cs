using Micic.AppHost;

namespace Micic.UnitTests.AppHost;

/// <summary>An exercise is checked before anything starts, never runs beside a live operation, and marks its data folder for good.</summary>
public sealed class PlatformExerciseTests : IDisposable
{
    readonly string _data = Directory.CreateTempSubdirectory("micic-exercise-").FullName;

    public void Dispose() => Directory.Delete(_data, recursive: true);

    PlatformExercise? Decide(params string[] args)
    {
        var options = AppHostOptions.Parse(args, _ => null);
        var folders = PlatformFolders.Create(_data, options.Exercise);
        return PlatformExercise.Decide(options, folders, CrisisReplay.Decide(options, folders));
    }

    string Scenario(string objectives, string injects = "[]")
    {
        var file = Path.Combine(_data, "drill.json");
        File.WriteAllText(file, $$"""{"crisisId": "libya-2011", "start": "2011-02-24T06:00:00Z", "days": 2, "objectives": {{objectives}}, "injects": {{injects}}}""");
        return file;
    }

    [Fact]
    public void An_exercise_marks_every_process_and_its_data_folder_so_that_later_starts_stay_an_exercise()
    {
        var exercise = Decide("--exercise", "libya-2011", "--play", "transit-tun,consulate-bgd");

        Assert.NotNull(exercise);
        Assert.Contains(("Exercise__Enabled", "true"), exercise.Settings());
        Assert.Contains(("Exercise__Players", "transit-tun,consulate-bgd"), exercise.Settings());
        Assert.EndsWith(Path.Combine("scenarios", "libya-2011.json"), exercise.ScenarioFile);
        // Started again without --exercise, on the same data: still the exercise.
        Assert.Equal(exercise.ScenarioFile, Decide("--no-replay")?.ScenarioFile);
    }

    [Fact]
    public void A_live_platform_is_not_an_exercise() => Assert.Null(Decide("--no-replay"));

    [Theory]
    [InlineData("--postgres", "Host=db.example;Username=micic")]
    [InlineData("--rabbitmq", "amqp://broker.example:5672/")]
    [InlineData("--redis", "cache.example:6379")]
    public void An_exercise_never_runs_on_servers_it_did_not_start(string option, string server)
    {
        var refused = Assert.Throws<LaunchException>(() => Decide("--exercise", "libya-2011", option, server));

        Assert.Contains("never shares servers with a live operation", refused.Message);
        Assert.False(File.Exists(Path.Combine(_data, "exercise.json")));
    }

    [Fact]
    public void An_exercise_never_starts_on_a_data_folder_that_held_a_live_platform()
    {
        Directory.CreateDirectory(Path.Combine(_data, "postgres"));

        var refused = Assert.Throws<LaunchException>(() => Decide("--exercise", "libya-2011"));

        Assert.Contains("holds a platform that is not an exercise", refused.Message);
    }

    [Fact]
    public void An_objective_with_an_unknown_metric_is_refused_at_start_naming_the_objective()
    {
        var scenario = Scenario("""[{"id": "smiles", "capability": "Care", "text": "People smile.", "metric": "smiles-per-hour", "target": {"atLeast": 1}}]""");

        var refused = Assert.Throws<LaunchException>(() => Decide("--exercise", scenario));

        Assert.Contains("Objective 'smiles'", refused.Message);
        Assert.Contains("'smiles-per-hour'", refused.Message);
    }

    [Fact]
    public void An_inject_past_the_end_or_a_scenario_without_objectives_is_refused()
    {
        var scenario = Scenario("[]", """[{"id": "late", "at": "P5D", "kind": "message", "params": {"from": "iom", "text": "Too late."}, "expectedAction": "None."}]""");

        var refused = Assert.Throws<LaunchException>(() => Decide("--exercise", scenario));

        Assert.Contains("Inject 'late'", refused.Message);
        Assert.Contains("after the scenario ends", refused.Message);
        Assert.Contains("no objectives", refused.Message);
    }

    [Fact]
    public void Players_must_be_organisations_of_the_seeds_and_need_an_exercise()
    {
        Assert.Contains("'ministry-of-magic'", Assert.Throws<LaunchException>(() => Decide("--exercise", "libya-2011", "--play", "ministry-of-magic")).Message);
        Assert.Contains("--exercise", Assert.Throws<LaunchException>(() => AppHostOptions.Parse(["--play", "transit-tun"], _ => null)).Message);
    }

    [Fact]
    public void An_unknown_scenario_is_refused()
    {
        Assert.Contains("no scenario 'atlantis'", Assert.Throws<LaunchException>(() => Decide("--exercise", "atlantis")).Message);
    }
}
