namespace Micic.Contracts;

/// <summary>Someone gave feedback (by SMS, on the web or at a desk): counted on the dashboard. Never its text or phone.</summary>
public record FeedbackReceived
{
    public required Guid FeedbackId { get; init; }
    public string? CrisisId { get; init; }
    /// <summary>The group that gave it, when known: the crisis it belongs to.</summary>
    public Guid? RequestId { get; init; }
    /// <summary>question | request | complaint | sensitive | thanks.</summary>
    public required string Category { get; init; }
    /// <summary>sms | web | desk.</summary>
    public required string Channel { get; init; }
    public required DateTimeOffset At { get; init; }
}

/// <summary>A coordinator answered a feedback item: how long people waited, for the dashboard and the after-action report.</summary>
public record FeedbackAnswered
{
    public required Guid FeedbackId { get; init; }
    public string? CrisisId { get; init; }
    public Guid? RequestId { get; init; }
    public required string Category { get; init; }
    public required DateTimeOffset ReceivedAt { get; init; }
    public required DateTimeOffset AnsweredAt { get; init; }
}
