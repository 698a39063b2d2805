namespace Micic.Dashboard.Domain;

/// <summary>
/// A group that waited for a seat: the pool it competed in (same pickup place and destination), whether it is
/// vulnerable, when it asked and when it was matched (null: never, so far).
/// </summary>
public readonly record struct Competitor(string Pool, bool Vulnerable, DateTimeOffset SubmittedAt, DateTimeOffset? MatchedAt);

/// <summary>Of the pairs in which a vulnerable group competed with one that had waited longer, how often it went first.</summary>
public sealed record VulnerableFirstFigure(long Pairs, long VulnerableFirst)
{
    public double? Share => Pairs == 0 ? null : (double)VulnerableFirst / Pairs;
}

/// <summary>
/// Whether need really overtook time waited. A pair is a vulnerable group and another in the same pool that had asked no
/// later and was still waiting when the vulnerable one asked: both wanted the same seats at the same time, and by time
/// alone the other came first. The vulnerable group went first when it was matched strictly before the other (or the
/// other never was). Pairs are counted, not listed, in O(n log n) per pool: a pool can hold tens of thousands of groups.
/// </summary>
public static class VulnerableFirst
{
    public static VulnerableFirstFigure Measure(IEnumerable<Competitor> groups)
    {
        long pairs = 0, vulnerableFirst = 0;
        foreach (var pool in groups.GroupBy(group => group.Pool, StringComparer.Ordinal))
        {
            var (poolPairs, poolFirst) = MeasurePool(pool.ToList());
            pairs += poolPairs;
            vulnerableFirst += poolFirst;
        }
        return new VulnerableFirstFigure(pairs, vulnerableFirst);
    }

    /// <summary>
    /// Walks the pool in the order groups asked, the others before the vulnerable at the same moment (an equal wait
    /// counts as waited at least as long). Each other group goes into a count indexed by when it was matched (the never
    /// matched last); each vulnerable group then counts those matched after a moment: after it asked, for the pairs, and
    /// also after it was matched, for the pairs in which it went first.
    /// </summary>
    static (long Pairs, long VulnerableFirst) MeasurePool(List<Competitor> pool)
    {
        var matchTimes = pool
            .Where(group => !group.Vulnerable && group.MatchedAt is not null)
            .Select(group => group.MatchedAt!.Value.UtcTicks)
            .Distinct()
            .Order()
            .ToArray();
        var waitingOthers = new CountByRank(matchTimes.Length + 1);
        var others = 0;
        long pairs = 0, vulnerableFirst = 0;
        foreach (var group in pool.OrderBy(group => group.SubmittedAt.UtcTicks).ThenBy(group => group.Vulnerable))
        {
            if (!group.Vulnerable)
            {
                var rank = group.MatchedAt is { } matched ? Array.BinarySearch(matchTimes, matched.UtcTicks) : matchTimes.Length;
                waitingOthers.Add(rank);
                others++;
                continue;
            }
            var asked = group.SubmittedAt.UtcTicks;
            pairs += others - waitingOthers.CountBelow(RanksUpTo(matchTimes, asked));
            if (group.MatchedAt is { } vulnerableMatched)
            {
                var later = Math.Max(asked, vulnerableMatched.UtcTicks);
                vulnerableFirst += others - waitingOthers.CountBelow(RanksUpTo(matchTimes, later));
            }
        }
        return (pairs, vulnerableFirst);
    }

    /// <summary>How many of the sorted distinct <paramref name="times"/> are no later than <paramref name="moment"/>.</summary>
    static int RanksUpTo(long[] times, long moment)
    {
        var index = Array.BinarySearch(times, moment);
        return index >= 0 ? index + 1 : ~index;
    }

    /// <summary>A Fenwick tree: how many entries have each rank, with counts below a rank in O(log n).</summary>
    sealed class CountByRank(int ranks)
    {
        readonly int[] _tree = new int[ranks + 1];

        public void Add(int rank)
        {
            for (var i = rank + 1; i < _tree.Length; i += i & -i)
                _tree[i]++;
        }

        /// <summary>How many entries have a rank below <paramref name="rank"/>.</summary>
        public int CountBelow(int rank)
        {
            var count = 0;
            for (var i = rank; i > 0; i -= i & -i)
                count += _tree[i];
            return count;
        }
    }
}
