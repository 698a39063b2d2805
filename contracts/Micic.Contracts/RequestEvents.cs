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
    public Guid? OfferId { get; init; }
    public string? Reason { get; init; }
    public required DateTimeOffset At { get; init; }
}

public record NationalityCount(string Nationality, int People);
