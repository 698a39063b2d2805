namespace Micic.Contracts;

/// <summary>A vulnerable group has waited past its deadline without a seat.</summary>
public record VulnerableGroupWaitingTooLong
{
    public required Guid RequestId { get; init; }
    public required int Priority { get; init; }
    public required int GroupSize { get; init; }
    public required DateTimeOffset SubmittedAt { get; init; }
    public required DateTimeOffset EscalatedAt { get; init; }
    /// <summary>Why the group is still waiting, as the unmatched list says it.</summary>
    public string? Reason { get; init; }
}
