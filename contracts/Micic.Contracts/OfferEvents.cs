namespace Micic.Contracts;

public record OfferEligibility
{
    /// <summary>Nationalities the offer is reserved for; empty means anyone.</summary>
    public IReadOnlyList<string> Nationalities { get; init; } = [];
    public bool FamilyMembersOfAnyNationality { get; init; }
    public bool AcceptsMedical { get; init; }
    public bool AcceptsUnaccompaniedChildren { get; init; }
}

/// <summary>New transport capacity is open for matching.</summary>
public record OfferPublished
{
    public required Guid OfferId { get; init; }
    public required string CrisisId { get; init; }
    public required string Mode { get; init; }
    public required string FromPlace { get; init; }
    public required string ToPlace { get; init; }
    public required string DestinationCountry { get; init; }
    public required DateTimeOffset DepartsAt { get; init; }
    public required int Seats { get; init; }
    public required OfferEligibility Eligibility { get; init; }
}

/// <summary>An offer's seats or departure changed.</summary>
public record OfferCapacityChanged
{
    public required Guid OfferId { get; init; }
    public required int Seats { get; init; }
    public required int SeatsAllocated { get; init; }
    public required DateTimeOffset DepartsAt { get; init; }
}

public record OfferWithdrawn
{
    public required Guid OfferId { get; init; }
    public required string Reason { get; init; }
}

/// <summary>Command to Offers: hold seats for a whole group, or reject.</summary>
public record HoldSeats
{
    public required Guid OfferId { get; init; }
    public required Guid RequestId { get; init; }
    public required int Seats { get; init; }
    public required int Priority { get; init; }
}

public record SeatsHeld
{
    public required Guid OfferId { get; init; }
    public required Guid RequestId { get; init; }
    public required int Seats { get; init; }
    public required int SeatsAvailable { get; init; }
}

public record SeatHoldRejected
{
    public required Guid OfferId { get; init; }
    public required Guid RequestId { get; init; }
    public required string Reason { get; init; }
}

/// <summary>Command to Offers: give a group's seats back.</summary>
public record ReleaseSeats
{
    public required Guid OfferId { get; init; }
    public required Guid RequestId { get; init; }
    public required string Reason { get; init; }
}

public record SeatsReleased
{
    public required Guid OfferId { get; init; }
    public required Guid RequestId { get; init; }
    public required int Seats { get; init; }
    public required string Reason { get; init; }
}
