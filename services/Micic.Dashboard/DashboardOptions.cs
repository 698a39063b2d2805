namespace Micic.Dashboard;

/// <summary>Settings under <c>Dashboard</c>.</summary>
public sealed class DashboardOptions
{
    /// <summary>How often the after-action report's fold of the history is brought up to date and kept.</summary>
    public TimeSpan ReportCheckpointInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Fewer new events than this since the last checkpoint are left for the reports to fold (cheaper than keeping a new one).</summary>
    public int ReportCheckpointAfterEvents { get; set; } = 2_000;

    /// <summary>
    /// How long after a departure Transit reports the people who never arrived (its <c>Transit:MissingAfter</c>): until
    /// then an exercise's evaluation does not count a movement whose people are still on the way.
    /// </summary>
    public TimeSpan ArrivalWindow { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How often (real time) an exercise's injects due on the crisis clock are delivered: at a high speed, a crisis hour is a few seconds.</summary>
    public TimeSpan InjectSweepInterval { get; set; } = TimeSpan.FromSeconds(1);
}
