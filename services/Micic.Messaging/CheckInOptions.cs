using Micic.ServiceDefaults.Settings;

namespace Micic.Messaging;

/// <summary>How a crisis raised to alert level 3 or 4 asks its registered nationals "are you safe?" (<c>Messaging:CheckIns</c>).</summary>
public sealed class CheckInOptions
{
    public const string Section = "Messaging:CheckIns";

    public static IEnumerable<string?> Check(CheckInOptions options) =>
    [
        SettingRules.Between($"{Section}:CohortSize", options.CohortSize, 1, 5_000),
        options.CohortEvery >= TimeSpan.Zero ? null : $"{SettingsCheck.Named($"{Section}:CohortEvery")} must not be negative; it is {options.CohortEvery}.",
        SettingRules.Positive($"{Section}:AnswerWithin", options.AnswerWithin),
        SettingRules.Positive($"{Section}:PollInterval", options.PollInterval),
    ];

    /// <summary>Households asked together: one page of the registry, one cohort.</summary>
    public int CohortSize { get; set; } = 500;

    /// <summary>
    /// How long after the one before a cohort goes out, so that the answers (and the requests "3" makes) come in waves
    /// the desks can take, not all at once.
    /// </summary>
    public TimeSpan CohortEvery { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Silence after which a household is asked again, and then after which it goes on its consulate's list to call.</summary>
    public TimeSpan AnswerWithin { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How often an instance looks for rounds to send and silences to follow up.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);
}
