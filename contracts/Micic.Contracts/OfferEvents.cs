namespace Micic.Contracts;

public record OfferEligibility
{
    /// <summary>Nationalities the offer is reserved for; empty means anyone.</summary>
    public IReadOnlyList<string> Nationalities { get; init; } = [];
    public bool FamilyMembersOfAnyNationality { get; init; }
    public bool AcceptsMedical { get; init; }
    public bool AcceptsUnaccompaniedChildren { get; init; }
}

/// <summary>Offer statuses as the public API names them. Only an open offer takes holds.</summary>
public static class OfferStatus
{
    public const string Open = "open";
    public const string Closed = "closed";
    public const string Withdrawn = "withdrawn";
    public const string Departed = "departed";

    public static readonly IReadOnlyList<string> All = [Open, Closed, Withdrawn, Departed];
}

/// <summary>
/// Offers' own account of an offer's capacity at one moment. Every change of seats, holds, departure or status
/// raises <see cref="Version"/>, so a reader keeps the newest account whatever order the events arrive in.
/// </summary>
public record OfferCapacity
{
    public required string Status { get; init; }
    public required int Seats { get; init; }
    public required int SeatsAllocated { get; init; }
    public required DateTimeOffset DepartsAt { get; init; }
    public required long Version { get; init; }
}

/// <summary>What an offer costs: an exact amount in an ISO 4217 currency, for the whole movement or for each seat.</summary>
public record OfferCost
{
    public required decimal Amount { get; init; }
    public required string Currency { get; init; }
    /// <summary>movement | seat.</summary>
    public required string Per { get; init; }
}

/// <summary>New transport capacity is open for matching.</summary>
public record OfferPublished
{
    public required Guid OfferId { get; init; }
    /// <summary>The organisation that offers the seats (the carrier), which sees the offer's manifest.</summary>
    public required string OrganisationId { get; init; }
    public required string CrisisId { get; init; }
    public required string Mode { get; init; }
    public required string FromPlace { get; init; }
    public required string ToPlace { get; init; }
    public required string DestinationCountry { get; init; }
    public required OfferEligibility Eligibility { get; init; }
    public required OfferCapacity Capacity { get; init; }
    /// <summary>What the movement costs, when the offerer said; null for an offer given free or published before costs were kept.</summary>
    public OfferCost? Cost { get; init; }
}

/// <summary>An offer's seats or departure changed.</summary>
public record OfferCapacityChanged
{
    public required Guid OfferId { get; init; }
    public required OfferCapacity Capacity { get; init; }
}

public record OfferWithdrawn
{
    public required Guid OfferId { get; init; }
    public required string Reason { get; init; }
    public required OfferCapacity Capacity { get; init; }
}

/// <summary>
/// Command to Offers: hold seats for a whole group, or reject. Carries how the group ranks, as Matching ranks it, so
/// that Offers can tell which groups have the lowest priority when seats are cut.
/// </summary>
public record HoldSeats
{
    public required Guid OfferId { get; init; }
    public required Guid RequestId { get; init; }
    public required int Seats { get; init; }

    /// <summary>
    /// The group's rank: the moment from which it counts as waiting, its needs counted as time already waited. An earlier
    /// rank is a higher priority, whenever the ranks are compared.
    /// </summary>
    public required DateTimeOffset RanksFrom { get; init; }

    /// <summary>When the group was submitted: between equal ranks, the later submitted gives way.</summary>
    public required DateTimeOffset SubmittedAt { get; init; }
}

public record SeatsHeld
{
    public required Guid OfferId { get; init; }
    public required Guid RequestId { get; init; }
    public required int Seats { get; init; }
    public required OfferCapacity Capacity { get; init; }
}

public record SeatHoldRejected
{
    public required Guid OfferId { get; init; }
    public required Guid RequestId { get; init; }
    public required string Reason { get; init; }
    /// <summary>The offer as it stood when the hold was refused; absent when there is no such offer.</summary>
    public OfferCapacity? Capacity { get; init; }
}

/// <summary>Command to Offers: give a group's seats back — all of them, or <see cref="Seats"/> of them (a no-show).</summary>
public record ReleaseSeats
{
    public required Guid OfferId { get; init; }
    public required Guid RequestId { get; init; }
    public required string Reason { get; init; }
    public int? Seats { get; init; }
}

/// <summary>A group's seats are free again: cancelled, released by hand, cut from the offer or the offer withdrawn.</summary>
public record SeatsReleased
{
    public required Guid OfferId { get; init; }
    public required Guid RequestId { get; init; }
    public required int Seats { get; init; }
    /// <summary>Seats the group still holds on the offer: more than zero after a passenger's no-show, zero otherwise.</summary>
    public int SeatsLeft { get; init; }
    public required string Reason { get; init; }
    public required OfferCapacity Capacity { get; init; }
}

/// <summary>
/// Command to Offers: the holds matching asked for in one unit of work — an allocation round, a batch of the saga's
/// decisions — as one message. Offers decides each as it would a <see cref="HoldSeats"/> of its own.
/// </summary>
public record HoldSeatsForGroups
{
    public required IReadOnlyList<HoldSeats> Holds { get; init; }
}

/// <summary>Offers' holds granted in one unit of work, as one message; each counts as a <see cref="SeatsHeld"/> of its own.</summary>
public record SeatsHeldForGroups
{
    public required IReadOnlyList<SeatsHeld> Held { get; init; }
}

/// <summary>Offers' holds refused in one unit of work, as one message; each counts as a <see cref="SeatHoldRejected"/> of its own.</summary>
public record SeatHoldsRejected
{
    public required IReadOnlyList<SeatHoldRejected> Rejected { get; init; }
}
