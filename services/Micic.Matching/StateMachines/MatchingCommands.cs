namespace Micic.Matching.StateMachines;

// Messages matching sends its own sagas; they never leave the service.

/// <summary>New capacity was shared out and this group's turn came: it should hold seats on the offer.</summary>
public sealed record SeatsOffered
{
    public required Guid RequestId { get; init; }
    public required Guid OfferId { get; init; }
}

/// <summary>A coordinator puts a waiting group on an offer by hand (who, the message's headers say: <c>ActorHeaders</c>).</summary>
public sealed record AssignOffer
{
    public required Guid RequestId { get; init; }
    public required Guid OfferId { get; init; }
    public required string Reason { get; init; }
}

/// <summary>A vulnerable group's waiting deadline; held back in the outbox until it falls due.</summary>
public sealed record EscalationDue
{
    public required Guid RequestId { get; init; }
}

/// <summary>The manifest the group is on was closed for boarding.</summary>
public sealed record GroupManifested
{
    public required Guid RequestId { get; init; }
    public required Guid ManifestId { get; init; }
}

/// <summary>The movement left with (some of) the group on board.</summary>
public sealed record GroupDeparted
{
    public required Guid RequestId { get; init; }
    public required Guid ManifestId { get; init; }
    public required DateTimeOffset DepartedAt { get; init; }
}

/// <summary>The safety net's call to share an offer's free seats out again (<c>CapacitySweeper</c>), taken like new capacity.</summary>
public sealed record ShareOutSeats
{
    public required Guid OfferId { get; init; }
}
