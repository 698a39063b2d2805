using Micic.Contracts;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Micic.ServiceDefaults.Exercises;

/// <summary>
/// Whether this platform plays an exercise (the <c>Exercise</c> section, set by the AppHost's <c>--exercise</c>): then every
/// page, document and outbound message says <see cref="Marking"/>, messages reach only the simulated operator, and the
/// organisations in <see cref="Players"/> are played by people while the simulator plays the rest.
/// </summary>
public sealed record ExerciseMode(bool Enabled, string? ScenarioFile, IReadOnlySet<string> Players)
{
    public const string Section = "Exercise";

    /// <summary>The word an exercise shows on every page, in every document and at the start of every message.</summary>
    public const string Marking = "EXERCISE";

    public static readonly ExerciseMode Live = new(false, null, new HashSet<string>());

    /// <summary>The exercise's plan (objectives and injects), empty on a live platform or a plain replay.</summary>
    public ExercisePlan Plan() => Enabled && ScenarioFile is { } file && File.Exists(file) ? ExercisePlan.Read(file) : ExercisePlan.Empty;

    /// <summary>Whether people play this organisation (the simulator leaves its work to them).</summary>
    public bool IsPlayed(string organisationId) => Players.Contains(organisationId);

    /// <summary>A title or line marked for an exercise: "EXERCISE — …"; unchanged on a live platform.</summary>
    public string Mark(string text) => Enabled ? $"{Marking} — {text}" : text;

    public static ExerciseMode From(IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        if (!section.GetValue<bool>("Enabled"))
            return Live;
        var players = (section["Players"] ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return new ExerciseMode(true, section["ScenarioFile"], players.ToHashSet(StringComparer.Ordinal));
    }
}

public static class ExerciseModeExtensions
{
    public static IHostApplicationBuilder AddExerciseMode(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton(ExerciseMode.From(builder.Configuration));
        return builder;
    }
}
