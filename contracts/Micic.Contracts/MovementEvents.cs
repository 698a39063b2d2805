namespace Micic.Contracts;

/// <summary>A manifest was closed for boarding.</summary>
public record ManifestClosed
{
    public required Guid ManifestId { get; init; }
    public required Guid OfferId { get; init; }
    public required IReadOnlyList<Guid> RequestIds { get; init; }
}

/// <summary>A person did not board; their seat is free again and they go back to matching.</summary>
public record PassengerNoShow
{
    public required Guid ManifestId { get; init; }
    public required Guid OfferId { get; init; }
    public required Guid RequestId { get; init; }
    public required Guid PersonId { get; init; }
}

/// <summary>
/// People who joined a manifest carry the same document as others on it (one family registered twice, say): the carrier
/// sees the warning on the manifest, coordinators are alerted. Ids and counts only — never the document or the names.
/// </summary>
public record ManifestHoldsSameDocument
{
    public required Guid ManifestId { get; init; }
    public required Guid OfferId { get; init; }
    public required string FromPlace { get; init; }
    public required string ToPlace { get; init; }
    public required DateTimeOffset DepartsAt { get; init; }
    /// <summary>Everyone on the manifest who carries that one document.</summary>
    public required IReadOnlyList<Guid> PersonIds { get; init; }
    public required IReadOnlyList<Guid> RequestIds { get; init; }
    public required DateTimeOffset At { get; init; }
}

/// <summary>A movement left with the listed groups on board.</summary>
public record MovementDeparted
{
    public required Guid ManifestId { get; init; }
    public required Guid OfferId { get; init; }
    public required string ToPlace { get; init; }
    public required IReadOnlyList<Guid> RequestIds { get; init; }
    public required int Passengers { get; init; }
    /// <summary>How many passengers of each nationality were on board (counts only); empty in events from before it was carried.</summary>
    public IReadOnlyDictionary<string, int> PassengersByNationality { get; init; } = new Dictionary<string, int>();
    public required DateTimeOffset DepartedAt { get; init; }
}

/// <summary>A person was received at a transit or arrival site.</summary>
public record PersonArrived
{
    public required Guid ArrivalId { get; init; }
    public required string SiteCode { get; init; }
    public Guid? RequestId { get; init; }
    public required Guid PersonId { get; init; }
    public required bool WalkIn { get; init; }
    /// <summary>A walk-in's crisis, as reception recorded it; a person who came on a movement belongs to their request's.</summary>
    public string? CrisisId { get; init; }
    public required Needs Needs { get; init; }
    /// <summary>Whether the site is in the country the person is going to: the end of the journey, not a stop on the way.</summary>
    public required bool AtDestination { get; init; }
    public required DateTimeOffset ArrivedAt { get; init; }
}

/// <summary>Every member of a group has reached the group's destination.</summary>
public record GroupArrivedAtDestination
{
    public required Guid RequestId { get; init; }
    public required DateTimeOffset At { get; init; }
}

/// <summary>People expected at a site did not arrive within the window after departure.</summary>
public record PeopleMissingAfterDeparture
{
    public required Guid ManifestId { get; init; }
    public required string SiteCode { get; init; }
    public required int Missing { get; init; }
}

/// <summary>Point-to-point from Transit to Manifests: who was on board a movement that left for a site.</summary>
public record GetDepartedPassengers
{
    public required Guid ManifestId { get; init; }
}

public record DepartedPassengers
{
    public required Guid ManifestId { get; init; }
    public required string ToPlace { get; init; }
    public required DateTimeOffset DepartedAt { get; init; }
    public required IReadOnlyList<DepartedPassenger> People { get; init; }
}

public record DepartedPassenger
{
    public required Guid PersonId { get; init; }
    public required Guid RequestId { get; init; }
    public required string GivenName { get; init; }
    public required string FamilyName { get; init; }
    public required string Nationality { get; init; }
    public string? Sex { get; init; }
    public int? Age { get; init; }
    /// <summary>The country the person's group is going to.</summary>
    public required string DestinationCountry { get; init; }
    public required bool ConsentToShareWithConsulate { get; init; }
}

/// <summary>
/// Command from Transit to Requests, point-to-point: a person received on the way needs an onward journey. For a
/// person Micic already knows, Requests copies them from the group's request (<see cref="FromRequestId"/>,
/// <see cref="FromPersonId"/>); a walk-in is described in <see cref="Walker"/> — sent to Requests' queue, never broadcast.
/// </summary>
public record OnwardJourneyRequested
{
    public required Guid RequestId { get; init; }
    public required Guid PersonId { get; init; }
    public Guid? FromRequestId { get; init; }
    public Guid? FromPersonId { get; init; }
    public WalkInPersonalData? Walker { get; init; }
    public required string OrganisationId { get; init; }
    /// <summary>For a walk-in; a known person's onward journey belongs to their group's crisis.</summary>
    public string? CrisisId { get; init; }
    public required string PickupPlace { get; init; }
    public required string DestinationCountry { get; init; }
    /// <summary>As asked at reception, or else as the person's group said at intake.</summary>
    public required bool ConsentToShareWithConsulate { get; init; }
    public required DateTimeOffset SubmittedAt { get; init; }
}

/// <summary>A walk-in's personal data: it travels in a point-to-point command to the one service that will hold it, never in an event.</summary>
public record WalkInPersonalData
{
    public required string GivenName { get; init; }
    public required string FamilyName { get; init; }
    public required string Sex { get; init; }
    public DateOnly? BirthDate { get; init; }
    public int? Age { get; init; }
    public required string Nationality { get; init; }
    public required string DocumentKind { get; init; }
    public string? DocumentNumber { get; init; }
    public DateOnly? DocumentExpiresOn { get; init; }
    public required IReadOnlyList<string> Needs { get; init; }
}

/// <summary>
/// A referral moved in its life — opened at an arrival, accepted, declined and moved on, completed: ids, service and
/// status, never the person. The dashboard counts referrals by service and status from these.
/// </summary>
public record ReferralChanged
{
    public required Guid ReferralId { get; init; }
    /// <summary>The arrival at which the referral was made, which ties it to a crisis; empty in events kept from before it was carried.</summary>
    public Guid ArrivalId { get; init; }
    public required string SiteCode { get; init; }
    /// <summary>The API's word for the service (asylum, child-protection, …).</summary>
    public required string Service { get; init; }
    /// <summary>The API's word for the status (not-shared, routed, accepted, completed, unrouted).</summary>
    public required string Status { get; init; }
    public string? PartnerId { get; init; }
    public required DateTimeOffset DueBy { get; init; }
    public required bool BestInterestAssessment { get; init; }
    public required DateTimeOffset At { get; init; }
}

/// <summary>A referral has not been accepted by its due time: coordinators are alerted. Ids and codes only.</summary>
public record ReferralOverdue
{
    public required Guid ReferralId { get; init; }
    public required string SiteCode { get; init; }
    public required string Service { get; init; }
    public string? PartnerId { get; init; }
    public required DateTimeOffset DueBy { get; init; }
    public required bool BestInterestAssessment { get; init; }
}
