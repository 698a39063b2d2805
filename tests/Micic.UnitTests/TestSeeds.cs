using Micic.ServiceDefaults.ReferenceData;

namespace Micic.UnitTests;

/// <summary>The repository's own seeds, so tests check the rules against the reference data users get.</summary>
static class TestSeeds
{
    public static readonly SeedData Data = new(SeedData.FindFolder(null));

    /// <summary>The seeded crisis of that id, as a service's crisis catalogue would find it (null: none).</summary>
    public static Crisis? Crisis(string? id) => Data.Crises.GetValueOrDefault(id ?? "");
}

/// <summary>A clock that stands still where a test puts it.</summary>
sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;
    public override DateTimeOffset GetUtcNow() => Now;

    // Elapsed time follows Now too, so that moving Now on is time passing for whatever measures it.
    public override long GetTimestamp() => Now.UtcTicks;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;
}
