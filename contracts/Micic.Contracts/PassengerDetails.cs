namespace Micic.Contracts;

/// <summary>
/// Point-to-point request from Manifests to Requests for the people of groups just matched, a batch of groups at a
/// time. Personal data travels only in the answer (<see cref="PassengerDetailsOfGroups"/>), to the one service that
/// asked, never in a broadcast event.
/// </summary>
public record GetPassengerDetails
{
    public required IReadOnlyList<Guid> RequestIds { get; init; }
}

/// <summary>Requests' answer: the people of each group it still holds, and the groups it no longer has (erased or unknown).</summary>
public record PassengerDetailsOfGroups
{
    public required IReadOnlyList<PassengerDetails> Groups { get; init; }
    public required IReadOnlyList<Guid> NotFound { get; init; }
}

public record PassengerDetails
{
    public required Guid RequestId { get; init; }
    public required bool ConsentToShareWithConsulate { get; init; }
    /// <summary>Where the group is going, so that a site can tell a stop on the way from the end of the journey.</summary>
    public required string DestinationCountry { get; init; }
    public required IReadOnlyList<PassengerPerson> People { get; init; }
}

public record PassengerPerson
{
    public required Guid PersonId { get; init; }
    public required string GivenName { get; init; }
    public required string FamilyName { get; init; }
    public required string Nationality { get; init; }
    /// <summary>F, M or X; with the age, for those who receive the person on the way (referral partners among them).</summary>
    public string? Sex { get; init; }
    public int? Age { get; init; }
    public required string DocumentKind { get; init; }
    public string? DocumentNumber { get; init; }
    public DateOnly? DocumentExpiresOn { get; init; }
}
