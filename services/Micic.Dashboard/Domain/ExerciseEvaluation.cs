using System.Globalization;
using System.Text.Json.Serialization;
using Micic.Contracts;

namespace Micic.Dashboard.Domain;

/// <summary>An objective of the exercise as evaluated: what it asked, what was measured, its rating and the evidence.</summary>
/// <param name="Goal">The target in words, e.g. "at most 12 h".</param>
/// <param name="Measured">The metric's value in <paramref name="Unit"/>; null when there was nothing to measure (the evidence says why).</param>
public sealed record ObjectiveEvaluation(
    string Id, string Capability, string Text, string Metric, ObjectiveTarget Target, string Goal,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] double? Measured, string Unit,
    [property: JsonConverter(typeof(JsonStringEnumConverter<Rating>))] Rating Rating, IReadOnlyList<string> Evidence);

/// <summary>
/// The evaluation of an exercise (<c>GET /api/exercise/evaluation</c>): each objective rated P/S/M/U with its evidence, the
/// strengths (objectives met) and the areas for improvement (those missed, with their figure), over the crisis period
/// from the first request to the crisis time now.
/// </summary>
public sealed record ExerciseEvaluation(
    string Scenario, string CrisisId, string CrisisName, DateTimeOffset? CrisisFrom, DateTimeOffset CrisisTime,
    IReadOnlyList<ObjectiveEvaluation> Objectives, IReadOnlyList<string> Strengths, IReadOnlyList<string> AreasForImprovement)
{
    /// <summary>Measures every objective of the plan and rates it (<see cref="ObjectiveRating"/>).</summary>
    public static ExerciseEvaluation Of(string scenario, ExercisePlan plan, MeasureScope scope)
    {
        var objectives = plan.Objectives.Select(objective =>
        {
            var measurement = ObjectiveMeasures.Measure(objective.Metric, scope);
            return new ObjectiveEvaluation(objective.Id, objective.Capability, objective.Text, objective.Metric, objective.Target,
                Goal(objective), measurement.Value, ObjectiveMeasures.Unit(objective.Metric), ObjectiveRating.Rate(objective.Target, measurement.Value),
                measurement.Evidence);
        }).ToList();
        var strengths = objectives.Where(o => o.Rating == Rating.P)
            .Select(o => Invariant($"{o.Capability}: {o.Text} Achieved {ObjectiveMeasures.Say(o.Metric, o.Measured!.Value)} against a target of {o.Goal}."))
            .ToList();
        var areas = objectives.Where(o => o.Rating != Rating.P)
            .Select(o => o.Measured is { } measured
                ? Invariant($"{o.Capability}: {o.Text} Measured {ObjectiveMeasures.Say(o.Metric, measured)} against a target of {o.Goal}: rated {o.Rating}, {ObjectiveRating.Meaning(o.Rating)}.")
                : $"{o.Capability}: {o.Text} Not measured: {o.Evidence.FirstOrDefault()} Rated U, {ObjectiveRating.Meaning(Rating.U)}.")
            .ToList();
        var groups = scope.History.GroupsOf(scope.CrisisId).Select(g => g.SubmittedAt).ToList();
        return new ExerciseEvaluation(scenario, scope.CrisisId, scope.Report.CrisisName, groups.Count == 0 ? null : groups.Min(), scope.Now, objectives,
            strengths, areas);
    }

    /// <summary>The target in words, in the metric's unit: "at most 12 h", "at least 95 %".</summary>
    public static string Goal(ExerciseObjective objective) =>
        $"{(objective.Target.Comparison == TargetComparison.AtMost ? "at most" : "at least")} {ObjectiveMeasures.Say(objective.Metric, objective.Target.Value)}";

    static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
