namespace Micic.Contracts;

/// <summary>A family confirmed its seat by SMS (YES): it means to come. Ids only, never the phone.</summary>
public record SeatConfirmed
{
    public required Guid RequestId { get; init; }
    public Guid? OfferId { get; init; }
    public required DateTimeOffset At { get; init; }
}

/// <summary>Someone asked by SMS (HELP) to be called back: a task for the coordinators' dashboard. Ids only, never the phone.</summary>
public record CallBackRequested
{
    public required Guid CallBackId { get; init; }
    /// <summary>The group the phone belongs to, when Micic knows it.</summary>
    public Guid? RequestId { get; init; }
    public required DateTimeOffset At { get; init; }
}

/// <summary>A coordinator called back and closed the call-back: the dashboard counts it open no more. Ids only, never the phone or the note.</summary>
public record CallBackClosed
{
    public required Guid CallBackId { get; init; }
    public Guid? RequestId { get; init; }
    /// <summary>When it was asked for, so that a close counted before its request still dates it.</summary>
    public required DateTimeOffset RequestedAt { get; init; }
    public required DateTimeOffset ClosedAt { get; init; }
}
