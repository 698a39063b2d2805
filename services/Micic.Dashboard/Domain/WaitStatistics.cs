namespace Micic.Dashboard.Domain;

/// <summary>A wait, in hours, shared by a number of people (a group that waited together).</summary>
public readonly record struct Wait(double Hours, int People);

/// <summary>How long people waited: how many, the median, the 90th and the 95th percentiles in hours (null when nobody).</summary>
public sealed record WaitFigures(int People, double? Median, double? P90, double? P95);

/// <summary>
/// Waits counted per person rather than per group, so that a family of six weighs six times a person alone. Percentiles
/// interpolate linearly between the closest ranks (h = (n − 1)p), the definition spreadsheets call PERCENTILE.INC, so
/// the figures can be checked by hand. People are never expanded one by one: there can be hundreds of thousands of them.
/// </summary>
public static class WaitStatistics
{
    public static WaitFigures Of(IEnumerable<Wait> waits)
    {
        var counted = waits.Where(wait => wait.People > 0).ToArray();
        Array.Sort(counted, (a, b) => a.Hours.CompareTo(b.Hours));
        var people = counted.Sum(wait => (long)wait.People);
        if (people == 0)
            return new WaitFigures(0, null, null, null);
        return new WaitFigures(checked((int)people), Percentile(counted, people, 0.5), Percentile(counted, people, 0.9),
            Percentile(counted, people, 0.95));
    }

    /// <summary>The percentile <paramref name="fraction"/> of the people in <paramref name="sorted"/>, by linear interpolation.</summary>
    static double Percentile(Wait[] sorted, long people, double fraction)
    {
        var position = (people - 1) * fraction;
        var below = (long)Math.Floor(position);
        var weight = position - below;
        var lower = HoursOfPerson(sorted, below);
        return weight == 0 ? lower : lower + weight * (HoursOfPerson(sorted, below + 1) - lower);
    }

    /// <summary>The wait of the person at <paramref name="rank"/> (from 0) once people are lined up by wait.</summary>
    static double HoursOfPerson(Wait[] sorted, long rank)
    {
        var index = 0;
        long seen = sorted[0].People;
        while (seen <= rank)
            seen += sorted[++index].People;
        return sorted[index].Hours;
    }
}
