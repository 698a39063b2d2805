using Micic.ServiceDefaults.Settings;

namespace Micic.Messaging;

/// <summary>Settings under <c>Messaging:Sms</c>. The SMS gateway itself is <c>ConnectionStrings:sms</c> (<see cref="Sms.KannelSender"/>).</summary>
public sealed class SmsOptions
{
    public const string Section = "Messaging:Sms";

    public static readonly string NoInboundSecret = $"{SettingsCheck.Named($"{Section}:InboundSecret")} is not set: it must be the secret the SMS gateway presents (outside Development nothing seeded is trusted).";

    public static IEnumerable<string?> Check(SmsOptions options) =>
    [
        SettingRules.AtLeast($"{Section}:SendRatePerSecond", options.SendRatePerSecond, 1),
        SettingRules.AtLeast($"{Section}:MaxAttempts", options.MaxAttempts, 1),
        SettingRules.AtLeast($"{Section}:InboundPerPhonePerMinute", options.InboundPerPhonePerMinute, 1),
        SettingRules.Positive($"{Section}:PollInterval", options.PollInterval),
        options.DeliveryReportOrigin is { Length: > 0 } origin ? SettingRules.AbsoluteUrl($"{Section}:DeliveryReportOrigin", origin) : null,
    ];

    /// <summary>
    /// What the SMS gateway presents on inbound messages and delivery reports (HTTP Basic password or
    /// <c>X-Micic-Inbound-Secret</c>). Local runs fall back on <c>inboundSecret</c> in <c>seeds/messaging.json</c>.
    /// </summary>
    public string? InboundSecret { get; set; }

    /// <summary>The sender people see (a short code or name, as the operator allows).</summary>
    public string From { get; set; } = "Micic";

    /// <summary>Messages handed to the SMS gateway per second, by all instances together: what the operator accepts.</summary>
    public int SendRatePerSecond { get; set; } = 20;

    /// <summary>Attempts before a message the gateway never took is given up as failed (about a day, at the longest back-off).</summary>
    public int MaxAttempts { get; set; } = 300;

    /// <summary>Where the SMS gateway sends delivery reports: the platform's public origin, reachable from the gateway; by default <c>Auth:Issuer</c>.</summary>
    public string? DeliveryReportOrigin { get; set; }

    /// <summary>Messages one phone may send a minute; more are refused (429) for the gateway to bring again later.</summary>
    public int InboundPerPhonePerMinute { get; set; } = 10;

    /// <summary>How often an idle sender looks for messages queued by other instances or due again.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);
}
