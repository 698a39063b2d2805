using System.Text.Json;
using Micic.Contracts;
using Micic.Dashboard.Domain;
using Micic.Persistence.Crises;
using Micic.ServiceDefaults.Exercises;
using Microsoft.Extensions.Options;

namespace Micic.Dashboard.Application;

/// <summary>The exercise a platform plays, as its evaluation needs it: the scenario's name, its crisis and its plan.</summary>
public sealed record PlayedExercise(string Scenario, string CrisisId, ExercisePlan Plan);

/// <summary>
/// Rates the exercise's objectives from the event history — folded as the after-action report folds it, the report's own
/// figures taken where an objective asks for one of them — at the crisis time now.
/// </summary>
public sealed class ExerciseEvaluating(
    ExerciseMode exercise, AfterActionReporting reporting, CrisisCatalogue crises, TimeProvider clock, IOptions<DashboardOptions> options)
{
    /// <summary>The exercise played here, or null on a live platform or a replay without objectives.</summary>
    public PlayedExercise? Played()
    {
        var plan = exercise.Plan();
        if (plan.Objectives.Count == 0 || exercise.ScenarioFile is not { } file)
            return null;
        using var scenario = JsonDocument.Parse(File.ReadAllText(file));
        var crisisId = scenario.RootElement.TryGetProperty("crisisId", out var id) && id.ValueKind == JsonValueKind.String ? id.GetString()! : "";
        return new PlayedExercise(Path.GetFileNameWithoutExtension(file), crisisId, plan);
    }

    /// <returns>Null when no exercise with objectives is played here, or its crisis is unknown.</returns>
    public async Task<ExerciseEvaluation?> Evaluate(CancellationToken cancellationToken)
    {
        if (Played() is not { } played || await crises.Find(played.CrisisId, cancellationToken) is not { } crisis)
            return null;
        var now = clock.GetUtcNow();
        var history = await reporting.Fold(cancellationToken);
        var report = AfterAction.Compile(history, crisis.Id, crisis.Name, null, now);
        return ExerciseEvaluation.Of(played.Scenario, played.Plan, new MeasureScope(history, report, now, options.Value.ArrivalWindow));
    }
}
