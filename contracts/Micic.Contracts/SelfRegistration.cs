namespace Micic.Contracts;

/// <summary>
/// A person registered himself or herself on the public page: a confirmation code is to be sent to the phone given.
/// The id only: Messaging asks Requests for the phone and the code point to point (<see cref="GetSelfRegistrationCode"/>).
/// </summary>
public record SelfRegistrationCodeRequested
{
    public required Guid RegistrationId { get; init; }
    public required DateTimeOffset At { get; init; }
}

/// <summary>
/// Point-to-point request from Messaging to Requests for a pending self-registration's phone and a fresh code to send it.
/// Requests keeps only the code's hash: each answer issues a new code, and only the latest one counts.
/// </summary>
public record GetSelfRegistrationCode
{
    public required Guid RegistrationId { get; init; }
}

/// <summary>
/// Requests' answer: the phone (E.164), the language the person chose, and the code; no phone and no code when the
/// registration is no longer waiting for one (confirmed, void, expired or unknown).
/// </summary>
public record SelfRegistrationCode
{
    public required Guid RegistrationId { get; init; }
    public string? Phone { get; init; }
    public string? Language { get; init; }
    /// <summary>ISO 3166-1 alpha-3: the language of the message when the person chose none.</summary>
    public string? Nationality { get; init; }
    public string? Code { get; init; }
    public DateTimeOffset? ExpiresAt { get; init; }
}
