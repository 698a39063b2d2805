using System.Text.Json;
using Micic.Contracts;

namespace Micic.AppHost;

/// <summary>
/// An exercise's platform (<c>--exercise</c>): its scenario's plan checked before anything starts, the organisations
/// people play, and a record in the data folder, so that every later start of those data stays marked EXERCISE. An
/// exercise never shares servers with a live operation: it runs only on the servers the AppHost starts itself, in a
/// data folder that has held nothing but exercises.
/// </summary>
public sealed record PlatformExercise(string ScenarioFile, IReadOnlyList<string> Players)
{
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static string FileIn(PlatformFolders folders) => Path.Combine(folders.Data, "exercise.json");

    /// <returns>The exercise this platform plays: the one asked for, or the one its data folder holds; null for a live platform.</returns>
    public static PlatformExercise? Decide(AppHostOptions options, PlatformFolders folders, CrisisReplay? replay)
    {
        var file = FileIn(folders);
        var recorded = File.Exists(file) ? JsonSerializer.Deserialize<PlatformExercise>(File.ReadAllText(file), Json) : null;
        if (!options.Exercise)
            return recorded;
        if (options.ExternalPostgres is not null || options.ExternalRabbitMq is not null || options.ExternalRedis is not null)
            throw new LaunchException("An exercise never shares servers with a live operation: --exercise runs only on the PostgreSQL, RabbitMQ "
                + "and Redis the AppHost starts itself, so drop --postgres, --rabbitmq and --redis (and MICIC_POSTGRES, MICIC_RABBITMQ, "
                + "ConnectionStrings__postgres, __messaging, __redis).");
        if (recorded is null && Directory.Exists(folders.ServerData("postgres")))
            throw new LaunchException($"The data folder {folders.Data} holds a platform that is not an exercise; an exercise never shares a "
                + "database with it. Give the exercise a data folder of its own (--data <dir>; without --data an exercise uses .micic-exercise in the repository).");
        var scenario = replay ?? throw new InvalidOperationException("An exercise replays its scenario.");
        var exercise = new PlatformExercise(scenario.ScenarioFile(folders), options.Players);
        exercise.Check(folders);
        File.WriteAllText(file, JsonSerializer.Serialize(exercise, Json));
        return exercise;
    }

    /// <summary>What every process is told: an exercise, its scenario (objectives and injects) and who is played by people.</summary>
    public IEnumerable<(string Name, string Value)> Settings() =>
    [
        ("Exercise__Enabled", "true"),
        ("Exercise__ScenarioFile", ScenarioFile),
        ("Exercise__Players", string.Join(',', Players)),
    ];

    /// <summary>Refuses, in one sentence each, a plan that cannot be played and players the seeds do not know.</summary>
    void Check(PlatformFolders folders)
    {
        ExercisePlan plan;
        int days;
        try
        {
            var text = File.ReadAllText(ScenarioFile);
            plan = ExercisePlan.Parse(text);
            using var scenario = JsonDocument.Parse(text);
            days = scenario.RootElement.TryGetProperty("days", out var value) && value.TryGetInt32(out var d) && d > 0
                ? d
                : throw new LaunchException($"The scenario {ScenarioFile} says no \"days\" (how long the crisis lasts).");
        }
        catch (JsonException e)
        {
            throw new LaunchException($"The scenario {ScenarioFile} is not a scenario in JSON: {e.Message}");
        }
        var problems = plan.Problems(TimeSpan.FromDays(days)).ToList();
        if (plan.Objectives.Count == 0)
            problems.Add("It has no objectives to evaluate; an exercise needs at least one (README: \"Running a drill\").");
        var organisations = Organisations(folders);
        foreach (var player in Players.Where(p => !organisations.Contains(p)))
            problems.Add($"--play names '{player}', which is not an organisation of the seeds ({string.Join(", ", organisations.Order(StringComparer.Ordinal))}).");
        if (problems.Count > 0)
            throw new LaunchException($"The exercise cannot start. {Path.GetFileName(ScenarioFile)}: {string.Join(" ", problems)}");
    }

    static HashSet<string> Organisations(PlatformFolders folders)
    {
        using var seeds = JsonDocument.Parse(File.ReadAllText(Path.Combine(folders.Seeds, "organisations.json")));
        return seeds.RootElement.EnumerateArray().Select(o => o.GetProperty("id").GetString()!).ToHashSet(StringComparer.Ordinal);
    }
}
