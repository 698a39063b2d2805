using System.Net;

namespace Micic.Identity.Domain;

/// <summary>
/// Who may hold passkeys and how they are named, where the provider can offer them, which origins a ceremony may come
/// from, and what a sign-in says it was.
/// </summary>
public static class PasskeyRules
{
    /// <summary>Enough for a laptop, a phone and spare keys; a cap keeps a stolen session from filling the table.</summary>
    public const int MaxPerPerson = 10;

    public const int MaxNameLength = 60;

    /// <summary>
    /// A browser's credential JSON is a few kilobytes at most (an attestation of format "none", or an assertion); anything
    /// larger is not a browser's and is refused before it is parsed.
    /// </summary>
    public const int MaxCredentialLength = 32 * 1024;

    /// <summary>
    /// Adding or removing a passkey changes how the person signs in, so it takes a session as strong as the one it
    /// would allow: one that used the second factor, when the person has one (a password alone must not buy a passkey).
    /// </summary>
    public static bool MayChange(IReadOnlyCollection<string> sessionMethods, bool holdsSecondFactor) =>
        !holdsSecondFactor || sessionMethods.Contains(Methods.MultipleFactors);

    /// <summary>The name a person gave the passkey, tidied, or their n-th one when they gave none; null when the name is unusable.</summary>
    public static string? Name(string? typed, int held, string unnamed)
    {
        var name = typed?.Trim() ?? "";
        // A name is one line of a list: no control characters at all, line breaks and tabs included.
        if (name.Length > MaxNameLength || name.Any(char.IsControl))
            return null;
        return name.Length > 0 ? name : $"{unnamed} {held + 1}";
    }

    /// <summary>
    /// Browsers hold passkeys for a domain only: an address like 127.0.0.1 has none to give, so the pages reached through
    /// one do not offer passkeys at all rather than fail when asked.
    /// </summary>
    public static bool Serves(string? domain) =>
        !string.IsNullOrEmpty(domain) && !IPAddress.TryParse(domain.Trim('[', ']'), out _) && Uri.CheckHostName(domain) == UriHostNameType.Dns;

    /// <summary>
    /// Whether a ceremony's origin (what the browser wrote into its signed client data) is one of ours: the configured
    /// origins when a deployment lists them, else the origin the page itself was served from.
    /// </summary>
    public static bool Accepts(string? origin, bool crossOrigin, string servedFrom, IReadOnlyCollection<string> configured)
    {
        if (crossOrigin || !Uri.TryCreate(origin, UriKind.Absolute, out var claimed) || claimed.AbsolutePath != "/" || origin.EndsWith('/'))
            return false;
        return configured.Count > 0
            ? configured.Any(allowed => Uri.TryCreate(allowed, UriKind.Absolute, out var listed) && listed.Equals(claimed))
            : Uri.TryCreate(servedFrom, UriKind.Absolute, out var own) && own.Equals(claimed);
    }

    /// <summary>The RFC 8176 words of a passkey sign-in: a hardware-bound key, and several factors when the person was verified on it.</summary>
    public static IReadOnlyList<string> SignInMethods(bool userVerified) =>
        userVerified ? [Methods.HardwareKey, Methods.MultipleFactors] : [Methods.HardwareKey];
}

/// <summary>RFC 8176's authentication method references, as the provider's session and tokens carry them.</summary>
public static class Methods
{
    public const string Password = "pwd";
    public const string OneTimePassword = "otp";
    public const string HardwareKey = "hwk";
    public const string MultipleFactors = "mfa";

    /// <summary>
    /// What a token says the person did, from their sign-in session: a passkey (and several factors when verified on it),
    /// else a password and a code, else a password alone.
    /// </summary>
    public static IReadOnlyList<string> ForToken(IReadOnlyCollection<string> session) =>
        session.Contains(HardwareKey) ? PasskeyRules.SignInMethods(session.Contains(MultipleFactors))
        : session.Contains(MultipleFactors) ? [Password, OneTimePassword, MultipleFactors]
        : [Password];
}
