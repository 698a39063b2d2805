using System.Text.Json;

namespace Micic.Contracts;

/// <summary>
/// An inject of the exercise's master events list was delivered: at its crisis time by the dashboard's sweeper, or at once
/// by the controller. The simulator plays its world event (a surge, a closure, a withdrawal); players see it on the
/// dashboard. Crisis time and real time both, as an exercise's record needs both.
/// </summary>
public record ExerciseInjectDelivered
{
    /// <summary>The scenario (file name without extension) the inject belongs to.</summary>
    public required string Scenario { get; init; }
    public required string InjectId { get; init; }
    /// <summary>When it was due, from the scenario's start (ISO 8601 duration).</summary>
    public required string DueAfter { get; init; }
    public required string Kind { get; init; }
    public IReadOnlyDictionary<string, JsonElement>? Params { get; init; }
    public required string ExpectedAction { get; init; }
    public string? ObjectiveId { get; init; }
    public string? ForOrganisation { get; init; }
    /// <summary>The organisation of the controller who delivered it ahead of time; null when it came at its time.</summary>
    public string? DeliveredBy { get; init; }
    /// <summary>Crisis time.</summary>
    public required DateTimeOffset At { get; init; }
    public required DateTimeOffset RealAt { get; init; }
}

/// <summary>A State closed a border crossing or reception site: no arrival is logged there until it reopens.</summary>
public record TransitSiteClosed
{
    public required Guid ClosureId { get; init; }
    public required string SiteCode { get; init; }
    public required DateTimeOffset Until { get; init; }
    public required string Reason { get; init; }
    public required string OrganisationId { get; init; }
    public required DateTimeOffset At { get; init; }
}

/// <summary>A closed site was reopened before its closure ran out.</summary>
public record TransitSiteReopened
{
    public required Guid ClosureId { get; init; }
    public required string SiteCode { get; init; }
    public required string OrganisationId { get; init; }
    public required DateTimeOffset At { get; init; }
}
