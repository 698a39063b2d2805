namespace Micic.Contracts;

/// <summary>
/// A group has asked to be evacuated. Carries what matching needs to decide — counts, codes and flags —
/// and nothing that identifies a person.
/// </summary>
public record EvacuationRequested
{
    public required Guid RequestId { get; init; }
    public required string CrisisId { get; init; }
    public required string PickupPlace { get; init; }
    public required string DestinationCountry { get; init; }
    public required bool AcceptsThirdCountry { get; init; }
    public DateTimeOffset? EarliestDeparture { get; init; }
    public required int GroupSize { get; init; }
    /// <summary>How many people of each nationality (ISO 3166-1 alpha-3) the group has: counts, not people.</summary>
    public required IReadOnlyList<NationalityCount> Nationalities { get; init; }
    /// <summary>Union of the needs of everyone in the group.</summary>
    public required Needs Needs { get; init; }
    /// <summary>Whether anyone in the group is 65 or older (an age, not a declared need).</summary>
    public required bool HasElderly { get; init; }
    public required DateTimeOffset SubmittedAt { get; init; }
    /// <summary>Set when this is a passenger who did not board, split off from that group to travel on their own.</summary>
    public Guid? SplitFromRequestId { get; init; }
    /// <summary>Set when this is the onward leg, from a transit site, of a person who travelled on that request.</summary>
    public Guid? OnwardFromRequestId { get; init; }
    /// <summary>
    /// Whether the group agreed that the consulates of its nationalities see it (a flag, not personal data): what a
    /// consulate's figures may count. Absent from events older than it, which count as not agreed.
    /// </summary>
    public bool? ConsentToShareWithConsulate { get; init; }
}

/// <summary>The requester withdrew the request; any seats it held are to be released.</summary>
public record EvacuationRequestCancelled
{
    public required Guid RequestId { get; init; }
    public required string Reason { get; init; }
    public required DateTimeOffset CancelledAt { get; init; }
}

/// <summary>
/// Matching moved a request to a new status (the public API's status words). Requests mirrors it for its readers,
/// the dashboard counts it. <see cref="Sequence"/> orders the changes of one request.
/// </summary>
public record EvacuationStatusChanged
{
    public required Guid RequestId { get; init; }
    public required string Status { get; init; }
    public required int Sequence { get; init; }
    public required int GroupSize { get; init; }
    public required int Priority { get; init; }
    /// <summary>The need that sets the group's priority (<c>medical</c> … <c>none</c>), and its weight: how the group is ranked, for the figures.</summary>
    public string? NeedLevel { get; init; }
    public int NeedWeight { get; init; }
    public Guid? OfferId { get; init; }
    public string? Reason { get; init; }
    public required DateTimeOffset At { get; init; }
}

public record NationalityCount(string Nationality, int People);

/// <summary>
/// The status changes matching made in one unit of work — a batch of saga events, an allocation round — as one message,
/// in the order they were made. Consumers take each as they would an <see cref="EvacuationStatusChanged"/> of its own.
/// </summary>
public record EvacuationStatusesChanged
{
    public required IReadOnlyList<EvacuationStatusChanged> Changes { get; init; }
}
