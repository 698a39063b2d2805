using Micic.ServiceDefaults.Settings;
namespace Micic.Transit;

/// <summary>Settings under <c>Transit</c>.</summary>
public sealed class TransitOptions
{
    public const string Section = "Transit";

    public static IEnumerable<string?> Check(TransitOptions options) =>
    [
        SettingRules.Positive($"{Section}:MissingAfter", options.MissingAfter),
        SettingRules.Positive($"{Section}:SweepInterval", options.SweepInterval),
        SettingRules.Positive($"{Section}:ClockSkewTolerance", options.ClockSkewTolerance),
    ];

    /// <summary>How long after departure people not arrived at the site are reported missing.</summary>
    public TimeSpan MissingAfter { get; set; } = TimeSpan.FromHours(24);

    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How far the clocks of a site's devices may be off: an arrival may be dated this much before its movement departed,
    /// or after now, and still be taken as true.
    /// </summary>
    public TimeSpan ClockSkewTolerance { get; set; } = TimeSpan.FromMinutes(5);
}
