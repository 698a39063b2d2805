using OtpNet;

namespace Micic.Identity.Domain;

/// <summary>
/// Time-based one-time codes (RFC 6238: SHA-1, 30 s, 6 digits), as every authenticator app makes them. A code is
/// accepted one step either side of now (clocks drift) and only once: a step at or before the last one accepted is refused,
/// so a code seen over a shoulder cannot be used again.
/// </summary>
public static class Totp
{
    public static string NewSecret() => Base32Encoding.ToString(KeyGeneration.GenerateRandomKey(20));

    /// <summary>The step the code belongs to, or null when it is wrong, stale or already used.</summary>
    public static long? Accept(string secret, string? code, DateTimeOffset now, long? lastStep)
    {
        if (code is null || code.Length != 6 || !code.All(char.IsAsciiDigit))
            return null;
        var totp = new OtpNet.Totp(Base32Encoding.ToBytes(secret));
        if (!totp.VerifyTotp(now.UtcDateTime, code, out var step, VerificationWindow.RfcSpecifiedNetworkDelay))
            return null;
        return lastStep is { } last && step <= last ? null : step;
    }

    /// <summary>The code an authenticator shows at <paramref name="at"/> (tests and the enrolment check use it).</summary>
    public static string Code(string secret, DateTimeOffset at) => new OtpNet.Totp(Base32Encoding.ToBytes(secret)).ComputeTotp(at.UtcDateTime);

    /// <summary>The otpauth:// address an authenticator app reads (typed in, or from a QR code).</summary>
    public static string EnrolmentUri(string secret, string userName, string issuer) =>
        $"otpauth://totp/{Uri.EscapeDataString(issuer)}:{Uri.EscapeDataString(userName)}?secret={secret}&issuer={Uri.EscapeDataString(issuer)}&algorithm=SHA1&digits=6&period=30";
}
