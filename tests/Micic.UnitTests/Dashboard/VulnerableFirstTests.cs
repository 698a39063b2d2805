using Micic.Dashboard.Domain;

namespace Micic.UnitTests.Dashboard;

public class VulnerableFirstTests
{
    static readonly DateTimeOffset Start = new(2011, 3, 1, 0, 0, 0, TimeSpan.Zero);

    static DateTimeOffset At(double hour) => Start.AddHours(hour);

    static Competitor Vulnerable(double asked, double? matched, string pool = "A") =>
        new(pool, true, At(asked), matched is { } hour ? At(hour) : null);

    static Competitor Other(double asked, double? matched, string pool = "A") =>
        new(pool, false, At(asked), matched is { } hour ? At(hour) : null);

    [Fact]
    public void Nobody_makes_no_pairs()
    {
        var figure = VulnerableFirst.Measure([]);
        Assert.Equal(new VulnerableFirstFigure(0, 0), figure);
        Assert.Null(figure.Share);
    }

    [Fact]
    public void A_vulnerable_group_matched_before_one_that_waited_longer_went_first() =>
        Assert.Equal(new VulnerableFirstFigure(1, 1), VulnerableFirst.Measure([Other(8, 11), Vulnerable(9, 10)]));

    [Fact]
    public void A_vulnerable_group_matched_after_one_that_waited_longer_did_not_go_first() =>
        Assert.Equal(new VulnerableFirstFigure(1, 0), VulnerableFirst.Measure([Other(8, 11), Vulnerable(9, 12)]));

    [Fact]
    public void A_vulnerable_group_never_matched_did_not_go_first()
    {
        Assert.Equal(new VulnerableFirstFigure(1, 0), VulnerableFirst.Measure([Other(8, 11), Vulnerable(9, null)]));
        Assert.Equal(new VulnerableFirstFigure(1, 0), VulnerableFirst.Measure([Other(8, null), Vulnerable(9, null)]));
    }

    [Fact]
    public void A_vulnerable_group_matched_while_the_other_never_was_went_first() =>
        Assert.Equal(new VulnerableFirstFigure(1, 1), VulnerableFirst.Measure([Other(8, null), Vulnerable(9, 30)]));

    [Fact]
    public void Matched_at_the_same_moment_is_not_going_first() =>
        Assert.Equal(new VulnerableFirstFigure(1, 0), VulnerableFirst.Measure([Other(8, 10), Vulnerable(9, 10)]));

    [Fact]
    public void A_group_matched_before_the_vulnerable_one_asked_did_not_compete_with_it()
    {
        Assert.Equal(new VulnerableFirstFigure(0, 0), VulnerableFirst.Measure([Other(8, 8.5), Vulnerable(9, 10)]));
        Assert.Equal(new VulnerableFirstFigure(0, 0), VulnerableFirst.Measure([Other(8, 9), Vulnerable(9, 10)]));
    }

    [Fact]
    public void A_group_that_asked_later_had_not_waited_longer() =>
        Assert.Equal(new VulnerableFirstFigure(0, 0), VulnerableFirst.Measure([Other(9.5, 11), Vulnerable(9, 10)]));

    [Fact]
    public void A_group_that_asked_at_the_same_moment_had_waited_as_long() =>
        Assert.Equal(new VulnerableFirstFigure(1, 1), VulnerableFirst.Measure([Vulnerable(9, 10), Other(9, 11)]));

    [Fact]
    public void Groups_in_different_pools_do_not_compete() =>
        Assert.Equal(new VulnerableFirstFigure(0, 0), VulnerableFirst.Measure([Other(8, 11, pool: "A"), Vulnerable(9, 10, pool: "B")]));

    [Fact]
    public void Two_vulnerable_groups_or_two_others_are_not_pairs() =>
        Assert.Equal(new VulnerableFirstFigure(0, 0),
            VulnerableFirst.Measure([Other(8, 11), Other(8.5, 10), Vulnerable(12, 13), Vulnerable(12.5, null)]));

    [Fact]
    public void Pairs_are_counted_across_pools()
    {
        var figure = VulnerableFirst.Measure(
        [
            Other(8, 11), Other(8.5, null), Vulnerable(9, 10), Vulnerable(10.5, 12),
            Other(7, 9.5, pool: "B"), Vulnerable(9, 9.25, pool: "B"),
        ]);

        // A: (9, 10) went first of (8, 11) and (8.5, never); (10.5, 12) came after (8, 11) but before (8.5, never).
        // B: (9, 9.25) went first of (7, 9.5).
        Assert.Equal(new VulnerableFirstFigure(5, 4), figure);
        Assert.Equal(0.8, figure.Share);
    }

    [Fact]
    public void Counts_agree_with_comparing_every_pair()
    {
        var random = new Random(2011);
        string[] pools = ["A", "B", "C"];
        var groups = Enumerable.Range(0, 400)
            .Select(_ =>
            {
                var asked = random.Next(0, 48);
                double? matched = random.Next(5) == 0 ? null : asked + random.Next(-2, 24);
                return new Competitor(pools[random.Next(pools.Length)], random.Next(3) == 0, At(asked), matched is { } hour ? At(hour) : null);
            })
            .ToList();

        long pairs = 0, first = 0;
        foreach (var v in groups.Where(group => group.Vulnerable))
            foreach (var o in groups.Where(group => !group.Vulnerable && group.Pool == v.Pool))
                if (o.SubmittedAt <= v.SubmittedAt && (o.MatchedAt is null || o.MatchedAt > v.SubmittedAt))
                {
                    pairs++;
                    if (v.MatchedAt is not null && (o.MatchedAt is null || v.MatchedAt < o.MatchedAt))
                        first++;
                }

        var figure = VulnerableFirst.Measure(groups);

        Assert.True(pairs > 1000, $"only {pairs} pairs");
        Assert.Equal(new VulnerableFirstFigure(pairs, first), figure);
    }

    [Fact]
    public void Pairs_beyond_the_range_of_an_int_are_counted()
    {
        // 50,000 others still waiting and 50,000 vulnerable groups after them: 2.5 billion pairs, half of them went first.
        var groups = Enumerable.Range(0, 50_000).Select(_ => Other(0, null))
            .Concat(Enumerable.Range(0, 50_000).Select(i => Vulnerable(1, i % 2 == 0 ? 2 : null)));

        Assert.Equal(new VulnerableFirstFigure(2_500_000_000, 1_250_000_000), VulnerableFirst.Measure(groups));
    }
}
