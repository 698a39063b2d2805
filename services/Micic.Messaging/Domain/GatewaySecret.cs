using System.Security.Cryptography;
using System.Text;

namespace Micic.Messaging.Domain;

/// <summary>
/// The secret the SMS gateway presents. Compared in constant time over fixed-length digests, so that neither the
/// comparison nor the secret's length tells a guesser how close it came.
/// </summary>
public sealed class GatewaySecret(string secret)
{
    readonly byte[] _digest = SHA256.HashData(Encoding.UTF8.GetBytes(secret));

    public bool Matches(string? presented) =>
        presented is not null && CryptographicOperations.FixedTimeEquals(_digest, SHA256.HashData(Encoding.UTF8.GetBytes(presented)));

    /// <summary>The secret from <c>X-Micic-Inbound-Secret</c>, else the password of HTTP Basic credentials (all Kannel can send).</summary>
    public static string? Presented(string? header, string? authorization)
    {
        if (!string.IsNullOrEmpty(header))
            return header;
        if (authorization is null || !authorization.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
            return null;
        try
        {
            var credentials = Encoding.UTF8.GetString(Convert.FromBase64String(authorization[6..].Trim()));
            var colon = credentials.IndexOf(':');
            return colon < 0 ? null : credentials[(colon + 1)..];
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
