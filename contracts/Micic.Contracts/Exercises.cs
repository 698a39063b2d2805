using System.Text.Json;
using System.Text.Json.Serialization;
using System.Xml;

namespace Micic.Contracts;

/// <summary>
/// The exercise part of a scenario (<c>seeds/scenarios/*.json</c>), on the model of HSEEP: the objectives the drill
/// evaluates, each tied to a capability with a metric and a target, and the master scenario events list (injects),
/// each at a crisis time from the scenario's start. The AppHost refuses to start an exercise whose plan has problems;
/// the simulator delivers the injects and the dashboard rates the objectives.
/// </summary>
public sealed record ExercisePlan(IReadOnlyList<ExerciseObjective> Objectives, IReadOnlyList<ExerciseInject> Injects)
{
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static readonly ExercisePlan Empty = new([], []);

    /// <summary>The plan in a scenario file; a scenario without objectives or injects has an empty plan.</summary>
    /// <exception cref="JsonException">The file is not a scenario in JSON.</exception>
    public static ExercisePlan Read(string scenarioFile) => Parse(File.ReadAllText(scenarioFile));

    public static ExercisePlan Parse(string scenarioJson)
    {
        var plan = JsonSerializer.Deserialize<ExercisePlan>(scenarioJson, Json);
        return new ExercisePlan(plan?.Objectives ?? [], plan?.Injects ?? []);
    }

    /// <summary>What is wrong with the plan, one sentence each naming the objective or inject; empty when it can be played.</summary>
    /// <param name="length">How long the scenario lasts in crisis time (its days).</param>
    public IReadOnlyList<string> Problems(TimeSpan length)
    {
        var problems = new List<string>();
        foreach (var duplicate in Objectives.GroupBy(o => o.Id).Where(g => g.Count() > 1))
            problems.Add($"Objective '{duplicate.Key}' is listed {duplicate.Count()} times.");
        foreach (var objective in Objectives)
        {
            if (string.IsNullOrWhiteSpace(objective.Id) || string.IsNullOrWhiteSpace(objective.Text) || string.IsNullOrWhiteSpace(objective.Capability))
                problems.Add($"Objective '{objective.Id}' needs an id, a capability and a text.");
            if (!ObjectiveMetrics.Known.Contains(objective.Metric))
                problems.Add($"Objective '{objective.Id}' is measured by '{objective.Metric}', which is not a metric Micic knows ({string.Join(", ", ObjectiveMetrics.Known)}).");
            if (objective.Target is null || !double.IsFinite(objective.Target.Value) || objective.Target.Comparison is not (TargetComparison.AtMost or TargetComparison.AtLeast))
                problems.Add($"Objective '{objective.Id}' needs a target: {{\"atMost\": n}} or {{\"atLeast\": n}}.");
        }
        foreach (var duplicate in Injects.GroupBy(i => i.Id).Where(g => g.Count() > 1))
            problems.Add($"Inject '{duplicate.Key}' is listed {duplicate.Count()} times.");
        var objectives = Objectives.Select(o => o.Id).ToHashSet();
        foreach (var inject in Injects)
        {
            if (inject.Offset is not { } at)
                problems.Add($"Inject '{inject.Id}' is at '{inject.At}', which is not an ISO 8601 duration from the start (e.g. \"PT6H\", \"P1DT2H\").");
            else if (at < TimeSpan.Zero)
                problems.Add($"Inject '{inject.Id}' is at {inject.At}, before the scenario starts.");
            else if (at > length)
                problems.Add($"Inject '{inject.Id}' is at {inject.At}, after the scenario ends ({XmlConvert.ToString(length)}).");
            if (!InjectKinds.Known.Contains(inject.Kind))
                problems.Add($"Inject '{inject.Id}' is of kind '{inject.Kind}', which is not one Micic delivers ({string.Join(", ", InjectKinds.Known)}).");
            if (string.IsNullOrWhiteSpace(inject.ExpectedAction))
                problems.Add($"Inject '{inject.Id}' says no expected action.");
            if (inject.ObjectiveId is { } objectiveId && !objectives.Contains(objectiveId))
                problems.Add($"Inject '{inject.Id}' serves objective '{objectiveId}', which the scenario does not list.");
            problems.AddRange(InjectParams.Problems(inject));
        }
        return problems;
    }
}

/// <summary>An objective: a capability the drill tests, measured by a metric from the event history against a target.</summary>
public sealed record ExerciseObjective(string Id, string Capability, string Text, string Metric, ObjectiveTarget Target);

/// <summary>
/// The target of an objective: the metric at most (<c>{"atMost": 12}</c>) or at least (<c>{"atLeast": 100}</c>) a value,
/// in the metric's unit.
/// </summary>
public sealed record ObjectiveTarget(double? AtMost = null, double? AtLeast = null)
{
    [JsonIgnore]
    public TargetComparison? Comparison => (AtMost, AtLeast) switch
    {
        ({ }, null) => TargetComparison.AtMost,
        (null, { }) => TargetComparison.AtLeast,
        _ => null,
    };

    [JsonIgnore]
    public double Value => AtMost ?? AtLeast ?? double.NaN;

    public bool IsMetBy(double measured) => Comparison switch
    {
        TargetComparison.AtMost => measured <= Value,
        TargetComparison.AtLeast => measured >= Value,
        _ => false,
    };
}

public enum TargetComparison { AtMost, AtLeast }

/// <summary>
/// An inject of the master scenario events list: something that happens in the crisis at a crisis time from the
/// scenario's start (<see cref="At"/>, an ISO 8601 duration), with the action the players are expected to take.
/// </summary>
/// <param name="Params">What the kind needs, e.g. <c>{"place": "LY-BEN-PORT", "people": 300}</c> for a surge.</param>
/// <param name="ForOrganisation">The organisation the inject is addressed to, when it is one.</param>
public sealed record ExerciseInject(string Id, string At, string Kind, IReadOnlyDictionary<string, JsonElement>? Params, string ExpectedAction,
    string? ObjectiveId = null, string? ForOrganisation = null)
{
    /// <summary>The crisis time from the start, or null when <see cref="At"/> is not an ISO 8601 duration.</summary>
    [JsonIgnore]
    public TimeSpan? Offset
    {
        get
        {
            try
            {
                return string.IsNullOrWhiteSpace(At) ? null : XmlConvert.ToTimeSpan(At.Trim());
            }
            catch (FormatException)
            {
                return null;
            }
        }
    }
}

/// <summary>
/// The parameters each kind of inject needs, checked for their shape (whether a place or site exists is for the seeds):
/// a surge names a place and how many people; a border closure a site and for how many hours; a withdrawn offer its mode
/// and where it leaves from; a delayed departure those and by how many hours; a message who sends it and its text.
/// </summary>
public static class InjectParams
{
    /// <summary>The longest an inject closes a border or delays a departure: a month, more is a typo.</summary>
    public const double MaxHours = 24 * 31;
    /// <summary>The most people a surge brings forward at once.</summary>
    public const int MaxPeople = 100_000;

    public static readonly IReadOnlyList<string> Modes = ["air", "sea", "land"];

    public static IEnumerable<string> Problems(ExerciseInject inject)
    {
        var parameters = inject.Params ?? new Dictionary<string, JsonElement>();
        string? Missing(string name) => Text(parameters, name) is null ? name : null;
        IEnumerable<string?> Checks() => inject.Kind switch
        {
            InjectKinds.Surge => [Missing("place"), Count(parameters, "people") is > 0 and <= MaxPeople ? null : $"people (a whole number from 1 to {MaxPeople})"],
            InjectKinds.BorderClosed => [Missing("site"), Hours(parameters) is null ? $"hours (more than 0, at most {MaxHours})" : null],
            InjectKinds.OfferWithdrawn => [Modes.Contains(Text(parameters, "mode")) ? null : "mode (air, sea or land)", Missing("from")],
            InjectKinds.DepartureDelayed => [Modes.Contains(Text(parameters, "mode")) ? null : "mode (air, sea or land)", Missing("from"),
                Hours(parameters) is null ? $"hours (more than 0, at most {MaxHours})" : null],
            InjectKinds.Message => [Missing("from"), Missing("text")],
            _ => [],
        };
        var missing = Checks().OfType<string>().ToList();
        if (missing.Count > 0)
            yield return $"Inject '{inject.Id}' ({inject.Kind}) needs {string.Join(", ", missing)} in its params.";
    }

    /// <summary>A text parameter, or null when it is absent, blank or not a string.</summary>
    public static string? Text(IReadOnlyDictionary<string, JsonElement>? parameters, string name) =>
        parameters?.GetValueOrDefault(name) is { ValueKind: JsonValueKind.String } value && !string.IsNullOrWhiteSpace(value.GetString())
            ? value.GetString()!.Trim() : null;

    /// <summary>A whole-number parameter, or null.</summary>
    public static int? Count(IReadOnlyDictionary<string, JsonElement>? parameters, string name) =>
        parameters?.GetValueOrDefault(name) is { ValueKind: JsonValueKind.Number } value && value.TryGetInt32(out var count) ? count : null;

    /// <summary>The <c>hours</c> parameter when it is a span an inject can last (more than 0, at most <see cref="MaxHours"/>), or null.</summary>
    public static double? Hours(IReadOnlyDictionary<string, JsonElement>? parameters) =>
        parameters?.GetValueOrDefault("hours") is { ValueKind: JsonValueKind.Number } value && value.TryGetDouble(out var hours)
        && hours is > 0 and <= MaxHours ? hours : null;
}

/// <summary>The kinds of inject the simulator delivers.</summary>
public static class InjectKinds
{
    /// <summary>More people than planned come forward at a pickup place.</summary>
    public const string Surge = "surge";
    /// <summary>A carrier withdraws an offer (a ship, a flight): its groups are matched again.</summary>
    public const string OfferWithdrawn = "offer-withdrawn";
    /// <summary>A State closes a border crossing for some hours: no one is received there while it is closed.</summary>
    public const string BorderClosed = "border-closed";
    /// <summary>A carrier delays a departure.</summary>
    public const string DepartureDelayed = "departure-delayed";
    /// <summary>A message reaches an organisation (a consulate's question, a ministry's instruction).</summary>
    public const string Message = "message";

    public static readonly IReadOnlyList<string> Known = [Surge, OfferWithdrawn, BorderClosed, DepartureDelayed, Message];
}

/// <summary>The metrics an objective can be measured by, each computed by the dashboard from the event history.</summary>
public static class ObjectiveMetrics
{
    /// <summary>90th percentile of crisis hours from submission to match, groups with a medical need.</summary>
    public const string MedicalWaitP90Hours = "medical-wait-p90-hours";
    /// <summary>Median crisis hours from submission to match, all groups.</summary>
    public const string WaitMedianHours = "wait-median-hours";
    /// <summary>Percentage of families that travelled on one movement.</summary>
    public const string FamiliesKeptTogetherPercent = "families-kept-together-percent";
    /// <summary>Percentage of comparable pairs (could have taken the same seat) where the more vulnerable group went first.</summary>
    public const string VulnerableFirstPercent = "vulnerable-first-percent";
    /// <summary>Percentage of unaccompanied children's referrals accepted within their due time.</summary>
    public const string ChildReferralsInTimePercent = "child-referrals-in-time-percent";
    /// <summary>Percentage of registered households asked "are you safe?" that answered.</summary>
    public const string CheckInsAnsweredPercent = "check-ins-answered-percent";
    /// <summary>Percentage of passengers departed whose arrival or absence was reconciled at the receiving site.</summary>
    public const string ArrivalsReconciledPercent = "arrivals-reconciled-percent";
    /// <summary>90th percentile of crisis hours from an offer's withdrawal to its groups matched again.</summary>
    public const string RematchP90Hours = "rematch-p90-hours";

    public static readonly IReadOnlyList<string> Known =
    [
        MedicalWaitP90Hours, WaitMedianHours, FamiliesKeptTogetherPercent, VulnerableFirstPercent, ChildReferralsInTimePercent,
        CheckInsAnsweredPercent, ArrivalsReconciledPercent, RematchP90Hours,
    ];
}
