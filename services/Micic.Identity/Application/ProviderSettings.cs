using System.Security.Cryptography;
using Micic.ServiceDefaults.Auth;
using Micic.ServiceDefaults.ReferenceData;
using Micic.ServiceDefaults.Settings;
using Microsoft.IdentityModel.Tokens;

namespace Micic.Identity.Application;

/// <summary>Settings under <c>Identity</c>: the provider's own keys and lifetimes.</summary>
public sealed class ProviderOptions
{
    public const string Section = "Identity";

    /// <summary>The RSA private key tokens are signed with (PEM); only the provider holds it.</summary>
    public string SigningKey { get; set; } = "";

    /// <summary>The key authorisation codes and refresh tokens are encrypted with (base64, 32 bytes).</summary>
    public string EncryptionKey { get; set; } = "";

    /// <summary>At most 10 minutes: a stolen token is worth little, and a disabled person's is refused anyway.</summary>
    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(10);

    public TimeSpan RefreshTokenLifetime { get; set; } = TimeSpan.FromHours(12);

    public TimeSpan InvitationLifetime { get; set; } = TimeSpan.FromHours(72);

    public TimeSpan LockoutAfterFailures { get; set; } = TimeSpan.FromMinutes(15);

    public int FailuresBeforeLockout { get; set; } = 5;

    public static RsaSecurityKey SigningKeyOf(string pem)
    {
        var rsa = RSA.Create();
        rsa.ImportFromPem(pem);
        // A public key imports too, but cannot sign.
        _ = rsa.ExportParameters(includePrivateParameters: true);
        return new RsaSecurityKey(rsa) { KeyId = KeyIds.Of(rsa) };
    }

    public static SymmetricSecurityKey EncryptionKeyOf(string base64)
    {
        var key = new byte[64];
        return Convert.TryFromBase64String(base64, key, out var length) && length == 32
            ? new SymmetricSecurityKey(key[..length])
            : throw new FormatException("it is not 32 bytes in base64");
    }

    public static IEnumerable<string?> Check(ProviderOptions options) =>
    [
        SettingRules.Positive($"{Section}:AccessTokenLifetime", options.AccessTokenLifetime),
        SettingRules.AtMost($"{Section}:AccessTokenLifetime", options.AccessTokenLifetime, TimeSpan.FromMinutes(10)),
        SettingRules.Positive($"{Section}:RefreshTokenLifetime", options.RefreshTokenLifetime),
        SettingRules.Positive($"{Section}:InvitationLifetime", options.InvitationLifetime),
        SettingRules.Positive($"{Section}:LockoutAfterFailures", options.LockoutAfterFailures),
        SettingRules.AtLeast($"{Section}:FailuresBeforeLockout", options.FailuresBeforeLockout, 1),
    ];
}

/// <summary>
/// Settings under <c>Identity:Passkeys</c>. Browsers bind a passkey to a domain (the relying party), so a deployment that
/// is reached under one public name sets it here, with the origins people browse; left empty, both are the host and
/// origin each page is served from (through the gateway's forwarded headers), which suits local runs on localhost.
/// </summary>
public sealed class PasskeySettings
{
    public const string Section = "Identity:Passkeys";

    /// <summary>The relying party's domain (micic.example.org): the public host name, or a parent domain of it.</summary>
    public string? ServerDomain { get; set; }

    /// <summary>The origins a ceremony may come from (https://micic.example.org).</summary>
    public List<string> Origins { get; set; } = [];

    /// <summary>The domain passkeys are bound to for a page served to <paramref name="request"/>.</summary>
    public string DomainFor(HttpRequest request) => string.IsNullOrWhiteSpace(ServerDomain) ? request.Host.Host : ServerDomain;
}

/// <summary>The clients of the provider that are not organisations' machine clients.</summary>
public static class Clients
{
    /// <summary>Scripts and black-box tests: public, authorization code with PKCE, a loopback redirect.</summary>
    public const string Cli = "micic-cli";
    public const string CliRedirect = "http://127.0.0.1:8765/callback";

    /// <summary>The gateway, signing people in to the dashboard and the intake app (backend for frontend).</summary>
    public const string Web = "micic-web";
    public const string WebCallbackPath = "/signin-oidc";
    public const string WebSignedOutPath = "/signout-callback-oidc";

    public const string ApiAudience = "micic-api";
}

/// <summary>
/// What a deployment must configure, checked at start: outside Development nothing seeded is trusted, so a missing key
/// or secret stops the provider with a sentence naming it rather than letting it accept a secret from the repository.
/// </summary>
public static class DeploymentSettings
{
    /// <summary>
    /// The provider's keys, each of which must be given and readable, and outside Development every client's secret; a
    /// sentence for each that is not, and stand-ins for the keys (the host is then stopped before it serves).
    /// </summary>
    public static (SecurityKey Signing, SecurityKey Encryption) Keys(IConfiguration configuration, SettingsCheck settings, SeedData seeds)
    {
        var signing = settings.Readable($"{ProviderOptions.Section}:SigningKey", "an RSA private key (PEM, BEGIN PRIVATE KEY or BEGIN RSA PRIVATE KEY)",
            pem => (SecurityKey)ProviderOptions.SigningKeyOf(pem));
        var encryption = settings.Readable($"{ProviderOptions.Section}:EncryptionKey", "32 random bytes, base64 (openssl rand -base64 32)",
            base64 => (SecurityKey)ProviderOptions.EncryptionKeyOf(base64));
        var unset = seeds.Organisations.Select(organisation => organisation.ClientId).Append(Clients.Web)
            .Where(client => string.IsNullOrWhiteSpace(configuration[$"Auth:ClientSecrets:{client}"])).ToList();
        if (!settings.Development && unset.Count > 0)
            settings.Add($"Auth:ClientSecrets:<client> (Auth__ClientSecrets__<client>) is not set for {string.Join(", ", unset)}: outside Development every client's secret must be given, nothing seeded is trusted.");
        return (signing ?? new RsaSecurityKey(RSA.Create(2048)), encryption ?? new SymmetricSecurityKey(new byte[32]));
    }

    /// <summary>A machine client's secret: the configured one, else (local runs only) the seeded one.</summary>
    public static string? SecretOf(IConfiguration configuration, string clientId, string? seeded, bool development) =>
        configuration[$"Auth:ClientSecrets:{clientId}"] is { Length: > 0 } configured ? configured : development ? seeded : null;
}
