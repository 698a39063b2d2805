using Micic.ServiceDefaults.Settings;
namespace Micic.Matching;

/// <summary>Settings under <c>Matching</c>.</summary>
public sealed class MatchingOptions
{
    public const string Section = "Matching";

    public static IEnumerable<string?> Check(MatchingOptions options) =>
    [
        SettingRules.Positive($"{Section}:EscalateVulnerableAfter", options.EscalateVulnerableAfter),
        SettingRules.Positive($"{Section}:RebalanceInterval", options.RebalanceInterval),
        SettingRules.Positive($"{Section}:DecisionAnswerWait", options.DecisionAnswerWait),
    ];

    /// <summary>How long a vulnerable group may wait for a seat, from submission, before it is escalated to coordinators.</summary>
    public TimeSpan EscalateVulnerableAfter { get; set; } = TimeSpan.FromHours(12);

    /// <summary>
    /// How often free seats are offered again to waiting groups, as a safety net: new capacity is normally shared out
    /// the moment it appears, but a group refused at the very moment seats came free would otherwise wait for the next.
    /// </summary>
    public TimeSpan RebalanceInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long a coordinator's assign or release waits for the group's saga to apply it, to answer with the new state;
    /// past it the answer is 202 with the group's address to follow.
    /// </summary>
    public TimeSpan DecisionAnswerWait { get; set; } = TimeSpan.FromSeconds(5);
}
