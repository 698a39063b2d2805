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

/// <summary>A movement left with the listed groups on board.</summary>
public record MovementDeparted
{
    public required Guid ManifestId { get; init; }
    public required Guid OfferId { get; init; }
    public required string ToPlace { get; init; }
    public required IReadOnlyList<Guid> RequestIds { get; init; }
    public required int Passengers { get; init; }
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
    public required Needs Needs { get; init; }
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
