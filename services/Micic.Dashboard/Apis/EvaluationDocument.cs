using System.Globalization;
using System.Text;
using Micic.Dashboard.Domain;
using Micic.ServiceDefaults.Exercises;
using static Micic.ServiceDefaults.Documents.PrintablePage;

namespace Micic.Dashboard.Apis;

/// <summary>
/// The after-action report and improvement plan (AAR/IP) of an exercise as a printed page: EXERCISE on its cover and in
/// its footer (the printer puts it at the head of every page of an exercise's documents), the objectives with their
/// ratings and evidence, strengths, areas for improvement and the improvement plan.
/// </summary>
public static class EvaluationDocument
{
    const string Marking = ExerciseMode.Marking;

    public static string Page(ExerciseEvaluation evaluation, IReadOnlyList<ImprovementAction> plan, IReadOnlyDictionary<string, string> organisations)
    {
        var body = new StringBuilder();
        var period = evaluation.CrisisFrom is { } from
            ? Invariant($"{from:yyyy-MM-dd HH:mm} to {evaluation.CrisisTime:yyyy-MM-dd HH:mm} crisis time (UTC)")
            : Invariant($"up to {evaluation.CrisisTime:yyyy-MM-dd HH:mm} crisis time (UTC)");
        body.Append(Invariant($"""
            <header>
            <p class="banner">{Marking} · {Marking} · {Marking}</p>
            <h1>After-action report and improvement plan</h1>
            <p class="subtitle">{Encode(evaluation.CrisisName)} · scenario <span class="code">{Encode(evaluation.Scenario)}</span></p>
            <p class="muted">Crisis period: {Encode(period)}. Every time in this report is crisis time, kept by the exercise clock.</p>
            </header>
            <section class="ratings">
            {Tally(evaluation, Rating.P)}{Tally(evaluation, Rating.S)}{Tally(evaluation, Rating.M)}{Tally(evaluation, Rating.U)}
            </section>
            <p class="muted">{Encode(RatingRule)}</p>
            <h2>Objectives</h2>
            <table class="objectives"><thead><tr><th>Objective</th><th class="number">Target</th><th class="number">Measured</th><th class="rating">Rating</th></tr></thead>
            """));
        foreach (var objective in evaluation.Objectives)
        {
            var measured = objective.Measured is { } value ? ObjectiveMeasures.Say(objective.Metric, value) : "—";
            body.Append(Invariant($"""
                <tbody class="objective"><tr><td><strong>{Encode(objective.Capability)}</strong> <span class="muted code">{Encode(objective.Id)}</span><br>{Encode(objective.Text)}</td>
                <td class="number">{Encode(objective.Goal)}</td><td class="number">{Encode(measured)}</td>
                <td class="rating"><span class="badge r{objective.Rating}">{objective.Rating}</span></td></tr>
                <tr class="evidence"><td colspan="4"><ul>{string.Concat(objective.Evidence.Select(e => $"<li dir=\"auto\">{Encode(e)}</li>"))}</ul></td></tr></tbody>
                """));
        }
        body.Append("</table>");

        body.Append("<h2>Strengths</h2>");
        body.Append(List(evaluation.Strengths, "No objective was met without challenges."));
        body.Append("<h2>Areas for improvement</h2>");
        body.Append(List(evaluation.AreasForImprovement, "Every objective was met: nothing to improve on the measures of this scenario."));

        body.Append("<h2 class=\"plan\">Improvement plan</h2>");
        if (plan.Count == 0)
            body.Append("<p class=\"muted\">No improvement action has been raised for this exercise yet (POST /api/improvements).</p>");
        else
        {
            body.Append("<table class=\"plan\"><thead><tr><th>Action</th><th>Objective</th><th>Owner</th><th>Due</th><th>Status</th></tr></thead><tbody>");
            foreach (var action in plan)
            {
                var owner = organisations.TryGetValue(action.OwnerOrganisationId, out var name) ? name : action.OwnerOrganisationId;
                var evidence = action.Evidence is { } said ? $"<div dir=\"auto\"><span class=\"muted\">Evidence: </span>{Encode(said)}</div>" : "";
                body.Append(Invariant($"""
                    <tr><td><div dir="auto" class="action">{Encode(action.Text)}</div>{evidence}<div class="muted">Raised by {Encode(action.RaisedBy.Name)} at {action.RaisedAtCrisisTime:yyyy-MM-dd HH:mm} crisis time</div></td>
                    <td class="code">{Encode(action.ObjectiveId ?? "—")}</td><td dir="auto">{Encode(owner)}</td>
                    <td class="code">{action.DueBy:yyyy-MM-dd}</td><td class="code">{Encode(action.Status)}</td></tr>
                    """));
            }
            body.Append("</tbody></table><p class=\"muted\">Due dates are real dates: the actions are carried out after the drill.</p>");
        }

        var footer = $"{Marking} · Micic after-action report and improvement plan · {evaluation.CrisisName} · scenario {evaluation.Scenario}";
        return Html($"After-action report: {evaluation.CrisisName}", footer, body.ToString(), $$"""
            .banner { margin: 0 0 3mm; padding: 1.5mm; text-align: center; font-weight: 700; font-size: 13pt; letter-spacing: 1.5mm; color: #fff; background: #b3261e; }
            .subtitle { font-size: 11pt; margin: 0 0 1mm; }
            .ratings { display: grid; grid-template-columns: repeat(4, 1fr); gap: 2mm; margin: 4mm 0 2mm; }
            .tally { border: 0.3mm solid #c9d2dc; border-radius: 1.5mm; padding: 2mm 3mm; }
            .tally strong { font-size: 16pt; margin-inline-end: 2mm; }
            .badge { display: inline-block; min-width: 7mm; text-align: center; font-weight: 700; font-size: 11pt; border-radius: 1mm; padding: 0.5mm 1.5mm; color: #fff; }
            .rP { background: #2e7d32; } .rS { background: #9a6700; } .rM { background: #c2410c; } .rU { background: #b3261e; }
            th.rating, td.rating { text-align: center; width: 16mm; }
            table.objectives td.number { white-space: nowrap; width: 24mm; }
            tbody.objective { break-inside: avoid; }
            tbody.objective tr:first-child td { border-bottom: none; padding-top: 2.5mm; }
            .action { font-weight: 600; }
            tr.evidence td { padding-top: 0; color: #3a4654; }
            tr.evidence ul { margin: 0.5mm 0 1mm; padding-inline-start: 5mm; }
            ul { margin: 1mm 0 3mm; padding-inline-start: 5mm; }
            li { margin-bottom: 1mm; }
            h2.plan { break-before: auto; }
            table.plan td.code { white-space: nowrap; }
            """);
    }

    /// <summary>The rating rule in one sentence, as <see cref="ObjectiveRating"/> applies it.</summary>
    public const string RatingRule = "Ratings (HSEEP): P performed without challenges (target met); S some challenges (missed by at most 10 % of the target); "
        + "M major challenges (missed by at most 50 %); U unable to be performed (missed by more, or nothing to measure).";

    static string Tally(ExerciseEvaluation evaluation, Rating rating) => Invariant(
        $"<div class=\"tally\"><strong>{evaluation.Objectives.Count(o => o.Rating == rating)}</strong><span class=\"badge r{rating}\">{rating}</span> {Encode(ObjectiveRating.Meaning(rating))}</div>");

    static string List(IReadOnlyList<string> items, string none) => items.Count == 0
        ? $"<p class=\"muted\">{Encode(none)}</p>"
        : $"<ul>{string.Concat(items.Select(item => $"<li>{Encode(item)}</li>"))}</ul>";

    static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
