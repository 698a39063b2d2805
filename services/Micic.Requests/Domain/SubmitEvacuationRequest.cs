namespace Micic.Requests.Domain;

/// <summary>
/// The body of <c>POST /api/requests</c> as the client sent it. Everything is nullable so that a missing field is
/// reported with the others by <see cref="EvacuationRequestValidator"/>, rather than as a parse error.
/// </summary>
public sealed record SubmitEvacuationRequest(
    string? CrisisId,
    string? PickupPlace,
    string? DestinationCountry,
    bool? AcceptsThirdCountry,
    DateTimeOffset? EarliestDeparture,
    bool? ConsentToShareWithConsulate,
    ContactDetails? Contact,
    string? Notes,
    IReadOnlyList<PersonDetails?>? People);

/// <summary>How the group may be reached: a phone, the language of its messages, and whether it agreed to receive SMS.</summary>
public sealed record ContactDetails(string? Phone, string? Language = null, bool? ConsentToMessages = null);

public sealed record PersonDetails(
    string? GivenName,
    string? FamilyName,
    string? Sex,
    DateOnly? BirthDate,
    int? Age,
    string? Nationality,
    TravelDocument? Document,
    IReadOnlyList<string?>? Needs);

public sealed record TravelDocument(string? Kind, string? Number, DateOnly? ExpiresOn);
