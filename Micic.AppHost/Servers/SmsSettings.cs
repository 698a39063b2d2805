using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Configuration;

namespace Micic.AppHost.Servers;

/// <summary>
/// The SMS gateway's settings (<c>Messaging:Sms</c>): the secret Kannel presents to Micic's inbound endpoint, and the
/// operator's SMSC when a deployment has one. Without an operator, simulated phones stand for the network.
/// </summary>
public sealed record SmsSettings(string InboundSecret, SmsOperator? Operator)
{
    /// <summary>The sender people see when no operator gives one, and the number the simulated phones write to.</summary>
    public const string SimulatedNumber = "Micic";

    public string SourceAddress => Operator?.SourceAddress ?? SimulatedNumber;

    /// <summary>Reads <c>Messaging:Sms</c>; the inbound secret falls back to the seeds' (local runs) when not set.</summary>
    public static SmsSettings From(IConfiguration configuration, string seeds)
    {
        var sms = configuration.GetSection("Messaging:Sms");
        var secret = Value(sms["InboundSecret"]) ?? SeededSecret(seeds)
            ?? throw new LaunchException("Messaging:Sms:InboundSecret is not set (nor inboundSecret in seeds/messaging.json).");
        // Kannel reads its post-url as a template (%p, %t …) and Micic's endpoint takes the secret as a Basic password:
        // characters that survive both unescaped.
        if (!secret.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '~'))
            throw new LaunchException("Messaging:Sms:InboundSecret may hold only letters, digits and - _ . ~");

        var @operator = sms.GetSection("Operator");
        if (Value(@operator["Host"]) is null)
            return new SmsSettings(secret, null);
        // Each value becomes one quoted line of kannel.conf.
        string? Optional(string name) => Value(@operator[name]) is not { } value ? null
            : value.Any(c => char.IsControl(c) || c is '"' or '\\')
                ? throw new LaunchException($"Messaging:Sms:Operator:{name} may not hold quotes, backslashes or line breaks.")
                : value;
        string Required(string name) => Optional(name) ?? throw new LaunchException($"Messaging:Sms:Operator:{name} is needed with Operator:Host.");
        var port = int.TryParse(Required("Port"), NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p is > 0 and <= 65535
            ? p
            : throw new LaunchException($"Messaging:Sms:Operator:Port must be a port number; got '{@operator["Port"]}'.");
        return new SmsSettings(secret, new SmsOperator(Required("Host"), port, Required("SystemId"), Required("Password"), Optional("SourceAddress"),
            Optional("SystemType")));
    }

    static string? SeededSecret(string seeds)
    {
        var file = Path.Combine(seeds, "messaging.json");
        if (!File.Exists(file))
            return null;
        using var document = JsonDocument.Parse(File.ReadAllText(file));
        return document.RootElement.TryGetProperty("inboundSecret", out var secret) ? Value(secret.GetString()) : null;
    }

    static string? Value(string? setting) => string.IsNullOrWhiteSpace(setting) ? null : setting.Trim();
}

/// <summary>The operator's SMSC, reached over SMPP as a transceiver.</summary>
public sealed record SmsOperator(string Host, int Port, string SystemId, string Password, string? SourceAddress, string? SystemType);
