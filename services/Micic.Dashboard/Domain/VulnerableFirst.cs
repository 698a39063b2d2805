namespace Micic.Dashboard.Domain;

/// <summary>
/// A group that waited for a seat: the pool it competed in (same pickup place and destination), whether it is
/// vulnerable, when it asked and when it was matched (null: never, so far); what decides which seats it could take, and
/// the offer whose seat it took (null: none, or not known).
/// </summary>
public readonly record struct Competitor(
    string Pool, bool Vulnerable, DateTimeOffset SubmittedAt, DateTimeOffset? MatchedAt, SeatSeeker? Seeker = null, SeatOffer? Took = null);

/// <summary>Of the pairs in which a vulnerable group competed with one that had waited longer, how often it went first.</summary>
public sealed record VulnerableFirstFigure(long Pairs, long VulnerableFirst)
{
    public double? Share => Pairs == 0 ? null : (double)VulnerableFirst / Pairs;
}

/// <summary>
/// Whether need really overtook time waited. A pair is a vulnerable group and another in the same pool that had asked no
/// later and was still waiting when the vulnerable one asked, and that could have taken the same seat: each may take the
/// offer that took the other (<see cref="SeatEligibility.Comparable"/>). By time alone the other came first. The
/// vulnerable group went first when it was matched strictly before the other (or the other never was). Pairs are
/// counted, not listed: the others of a pool are kept in classes alike in what they could take and what took them, each
/// class counting by match time in O(log n), so a pool of tens of thousands of groups costs vulnerable groups × the
/// classes they could have shared a seat with, and those classes are few.
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
    /// Others matched on the same offer (or none) that could take the same offers of the pool (<see cref="Takes"/>: one
    /// character per offer, '1' where it could), counted by when they were matched.
    /// </summary>
    sealed class OthersAlike(SeatOffer? took, string takes, long[] matchTimes)
    {
        public SeatOffer? Took { get; } = took;
        public string Takes { get; } = takes;
        public long[] MatchTimes { get; } = matchTimes;
        public CountByRank Waiting { get; } = new(matchTimes.Length + 1);
        public int Count { get; set; }
    }

    /// <summary>
    /// Walks the pool in the order groups asked, the others before the vulnerable at the same moment (an equal wait
    /// counts as waited at least as long). Each other group goes into its class's count, indexed by when it was matched
    /// (the never matched last); each vulnerable group then counts, in the classes it could have shared a seat with,
    /// those matched after a moment: after it asked, for the pairs, and also after it was matched, for the pairs in
    /// which it went first. Others are told apart only by the offer that took them and which of the pool's offers they
    /// could take, so that there are few classes however varied the groups.
    /// </summary>
    static (long Pairs, long VulnerableFirst) MeasurePool(List<Competitor> pool)
    {
        var offers = pool.Select(group => group.Took).OfType<SeatOffer>().Distinct().Select((offer, index) => (offer, index))
            .ToDictionary(o => o.offer, o => o.index);
        var takesOf = new Dictionary<SeatSeeker, string>();
        // A group of which nothing is known could take any offer: the benefit of the doubt.
        string Takes(SeatSeeker? seeker) => seeker is null ? new string('1', offers.Count)
            : takesOf.TryGetValue(seeker, out var known) ? known
            : takesOf[seeker] = string.Concat(offers.OrderBy(o => o.Value).Select(o => SeatEligibility.MayTake(seeker, o.Key) ? '1' : '0'));
        var classes = pool
            .Where(group => !group.Vulnerable)
            .GroupBy(group => (group.Took, Takes: Takes(group.Seeker)))
            .ToDictionary(alike => alike.Key, alike => new OthersAlike(alike.Key.Took, alike.Key.Takes, alike
                .Where(group => group.MatchedAt is not null)
                .Select(group => group.MatchedAt!.Value.UtcTicks)
                .Distinct()
                .Order()
                .ToArray()));
        // Vulnerable groups alike share the classes they could have shared a seat with: worked out once for them all.
        var comparable = new Dictionary<(SeatSeeker?, SeatOffer?), OthersAlike[]>();
        long pairs = 0, vulnerableFirst = 0;
        foreach (var group in pool.OrderBy(group => group.SubmittedAt.UtcTicks).ThenBy(group => group.Vulnerable))
        {
            if (!group.Vulnerable)
            {
                var alike = classes[(group.Took, Takes(group.Seeker))];
                var rank = group.MatchedAt is { } matched ? Array.BinarySearch(alike.MatchTimes, matched.UtcTicks) : alike.MatchTimes.Length;
                alike.Waiting.Add(rank);
                alike.Count++;
                continue;
            }
            if (!comparable.TryGetValue((group.Seeker, group.Took), out var rivals))
                comparable[(group.Seeker, group.Took)] = rivals = [.. classes.Values.Where(alike =>
                    (alike.Took is null || group.Seeker is null || SeatEligibility.MayTake(group.Seeker, alike.Took))
                    && (group.Took is null || alike.Takes[offers[group.Took]] == '1'))];
            var asked = group.SubmittedAt.UtcTicks;
            var later = group.MatchedAt is { } vulnerableMatched ? Math.Max(asked, vulnerableMatched.UtcTicks) : (long?)null;
            foreach (var alike in rivals)
            {
                if (alike.Count == 0)
                    continue;
                pairs += alike.Count - alike.Waiting.CountBelow(RanksUpTo(alike.MatchTimes, asked));
                if (later is { } moment)
                    vulnerableFirst += alike.Count - alike.Waiting.CountBelow(RanksUpTo(alike.MatchTimes, moment));
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
