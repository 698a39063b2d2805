namespace Micic.Contracts;

/// <summary>
/// A coordinator declared a crisis: every service that checks crisis ids learns it from this event, and the dashboard
/// shows it. Alert levels are 1 watch, 2 restricted, 3 voluntary departure, 4 mandatory departure. No one's name.
/// </summary>
public record CrisisDeclared
{
    public required string CrisisId { get; init; }
    public required string Name { get; init; }
    /// <summary>ISO 3166-1 alpha-3.</summary>
    public required string Country { get; init; }
    /// <summary>Place codes of the areas concerned; empty for the whole country.</summary>
    public required IReadOnlyList<string> Areas { get; init; }
    public required int AlertLevel { get; init; }
    public required DateTimeOffset At { get; init; }
}

/// <summary>A declared crisis moved to another alert level.</summary>
public record CrisisAlertLevelChanged
{
    public required string CrisisId { get; init; }
    public required string Country { get; init; }
    public required IReadOnlyList<string> Areas { get; init; }
    public required int From { get; init; }
    public required int To { get; init; }
    public required DateTimeOffset At { get; init; }
}
