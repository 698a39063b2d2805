using System.Security.Cryptography;
using System.Text;

namespace Micic.Requests.Domain;

/// <summary>Where a self-registration stands: awaiting its code, then confirmed (it is in the registry), void or expired.</summary>
public static class SelfRegistrationStatus
{
    public const string AwaitingCode = "awaiting-code";
    public const string Confirmed = "confirmed";
    public const string Voided = "voided";
    public const string Expired = "expired";
}

/// <summary>
/// A household a person registered on the public page, waiting for the code sent to its phone: it counts for nothing
/// until then. <paramref name="Household"/> is null once the registration has left the waiting room.
/// </summary>
public sealed record PendingRegistration(
    Guid Id, string Status, DateTimeOffset RequestedAt, DateTimeOffset CodeExpiresAt, byte[]? CodeHash, int WrongCodes, RegisterHousehold? Household);

/// <summary>What a code given for a self-registration came to.</summary>
public enum CodeOutcome
{
    Confirmed,
    /// <summary>Wrong, with tries left.</summary>
    Wrong,
    /// <summary>Wrong for the last time: the registration is void.</summary>
    Voided,
    /// <summary>Too late: the registration expired (now, or before).</summary>
    Expired,
    /// <summary>Confirmed before: nothing more to confirm.</summary>
    AlreadyConfirmed,
    /// <summary>Void before: a new registration is needed.</summary>
    AlreadyVoid,
}

/// <summary>
/// The rules of self-registration: a 6-digit code sent to the phone, valid <see cref="CodeLifetime"/>, five wrong codes
/// void it; at most <see cref="CodesPerPhonePerHour"/> codes go to one phone an hour. Codes are kept hashed with the
/// registration's id and compared in constant time.
/// </summary>
public static class SelfRegistrationRules
{
    public static readonly TimeSpan CodeLifetime = TimeSpan.FromMinutes(15);

    /// <summary>The fifth wrong code voids the registration.</summary>
    public const int MaxWrongCodes = 5;

    public const int CodesPerPhonePerHour = 3;

    public static readonly TimeSpan PhoneWindow = TimeSpan.FromHours(1);

    /// <summary>How long what remains of an ended self-registration (no personal data) is kept, to answer a late confirm.</summary>
    public static readonly TimeSpan KeepEndedFor = TimeSpan.FromDays(1);

    /// <summary>Six digits, every value equally likely.</summary>
    public static string NewCode() => RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);

    public static byte[] Hash(Guid registrationId, string code) =>
        SHA256.HashData(Encoding.UTF8.GetBytes($"{registrationId:N}:{code}"));

    /// <summary>The digest of a phone (E.164) by which codes sent to it are counted, without keeping the number.</summary>
    public static byte[] PhoneDigest(string e164) => SHA256.HashData(Encoding.UTF8.GetBytes($"micic-self-registration:{e164}"));

    /// <summary>Whether <paramref name="code"/> is six digits at all (anything else is not counted as a try).</summary>
    public static bool IsWellFormed(string? code) => code is { Length: 6 } && code.All(char.IsAsciiDigit);

    /// <summary>
    /// What <paramref name="code"/> comes to for <paramref name="pending"/> at <paramref name="now"/>. A code not yet
    /// sent (no hash) is wrong like any other.
    /// </summary>
    public static CodeOutcome Try(PendingRegistration pending, string code, DateTimeOffset now)
    {
        switch (pending.Status)
        {
            case SelfRegistrationStatus.Confirmed:
                return CodeOutcome.AlreadyConfirmed;
            case SelfRegistrationStatus.Voided:
                return CodeOutcome.AlreadyVoid;
            case SelfRegistrationStatus.Expired:
                return CodeOutcome.Expired;
        }
        if (now >= pending.CodeExpiresAt)
            return CodeOutcome.Expired;
        var matches = pending.CodeHash is { } hash && CryptographicOperations.FixedTimeEquals(hash, Hash(pending.Id, code));
        return matches ? CodeOutcome.Confirmed
            : pending.WrongCodes + 1 >= MaxWrongCodes ? CodeOutcome.Voided
            : CodeOutcome.Wrong;
    }

    /// <summary>Tries left after one more wrong code.</summary>
    public static int TriesLeftAfterWrong(PendingRegistration pending) => Math.Max(0, MaxWrongCodes - pending.WrongCodes - 1);

    /// <summary>When the phone may be sent another code, given when the codes of the past hour were sent; null when now.</summary>
    public static TimeSpan? RetryAfter(IReadOnlyList<DateTimeOffset> codesSentInTheLastHour, DateTimeOffset now) =>
        codesSentInTheLastHour.Count < CodesPerPhonePerHour ? null
        : codesSentInTheLastHour.Order().ElementAt(codesSentInTheLastHour.Count - CodesPerPhonePerHour) + PhoneWindow - now;
}
