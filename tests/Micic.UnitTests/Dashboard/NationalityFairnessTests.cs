using Micic.Dashboard.Domain;

namespace Micic.UnitTests.Dashboard;

public class NationalityFairnessTests
{
    const string Pooled = "other";

    static IEnumerable<LabelledWait> Waits(string stratum, string label, params double[] hours) =>
        hours.Select(wait => new LabelledWait(stratum, label, wait));

    static IEnumerable<LabelledWait> Waits(string stratum, string label, int groups) =>
        Waits(stratum, label, Enumerable.Range(1, groups).Select(hour => (double)hour).ToArray());

    static void Relatively(double expected, double actual, double tolerance = 1e-10) =>
        Assert.True(Math.Abs(actual - expected) <= tolerance * Math.Abs(expected), $"expected {expected:R}, got {actual:R}");

    [Theory]
    [InlineData(3.841458820694124, 1, 0.05)]
    [InlineData(5.991464547107979, 2, 0.05)]
    [InlineData(1, 1, 0.3173105078629141)]
    [InlineData(0.5, 5, 0.9921232932326296)]
    [InlineData(20, 3, 1.6974243555282643e-4)]
    [InlineData(30, 10, 8.566412107753004e-4)]
    [InlineData(100, 4, 9.836624224615981e-21)]
    [InlineData(200, 100, 1.1784500720979422e-8)]
    [InlineData(1000, 1000, 0.4940528538292396)]
    public void The_chi_square_tail_matches_known_values(double x, int degreesOfFreedom, double expected) =>
        Relatively(expected, NationalityFairness.ChiSquareSurvival(x, degreesOfFreedom));

    /// <summary>With two degrees of freedom the tail is e^(−x/2) exactly.</summary>
    [Theory]
    [InlineData(0.1)]
    [InlineData(1)]
    [InlineData(2.9)]
    [InlineData(3)]
    [InlineData(7.5)]
    [InlineData(40)]
    [InlineData(300)]
    public void With_two_degrees_of_freedom_the_tail_is_exponential(double x) =>
        Relatively(Math.Exp(-x / 2), NationalityFairness.ChiSquareSurvival(x, 2));

    [Theory]
    [InlineData(0, 1)]
    [InlineData(0, 7)]
    [InlineData(-3, 2)]
    public void Nothing_to_exceed_has_probability_one(double x, int degreesOfFreedom) =>
        Assert.Equal(1, NationalityFairness.ChiSquareSurvival(x, degreesOfFreedom));

    [Fact]
    public void Two_labels_without_overlap_give_the_statistic_worked_by_hand()
    {
        // Ranks 1–5 against 6–10: H = 12 / (10 × 11) × (15² / 5 + 40² / 5) − 3 × 11 = 75 / 11.
        var test = NationalityFairness.Test([.. Waits("none", "A", 1, 2, 3, 4, 5), .. Waits("none", "B", 6, 7, 8, 9, 10)], Pooled);

        var stratum = Assert.Single(test.Strata);
        Assert.Equal("none", stratum.Stratum);
        Assert.Equal(10, stratum.Groups);
        Assert.Equal(["A", "B"], stratum.Labels);
        Assert.Equal(1, stratum.DegreesOfFreedom);
        Relatively(75.0 / 11, stratum.H);
        Relatively(0.009023438818080327, stratum.PValue);
        Assert.True(test.Tested);
        Relatively(75.0 / 11, test.H);
        Assert.Equal(1, test.DegreesOfFreedom);
        Relatively(0.009023438818080327, Assert.NotNull(test.PValue));
        Assert.Equal(10, test.GroupsTested);
    }

    [Fact]
    public void Tied_waits_share_their_mean_rank_and_the_statistic_is_corrected_for_them()
    {
        // 1 2 2 3 3 4 4 5 5 6 rank 1, 2.5, 2.5, 4.5, 4.5, 6.5, 6.5, 8.5, 8.5, 10: the rank sums are 17 and 38,
        // H = 12 / 110 × (17² + 38²) / 5 − 33 = 1323 / 275, and four ties of two correct it by
        // 1 − 4 × (2³ − 2) / (10³ − 10) = 161 / 165, to 567 / 115.
        var test = NationalityFairness.Test([.. Waits("none", "A", 1, 2, 2, 3, 4), .. Waits("none", "B", 3, 4, 5, 5, 6)], Pooled);

        var stratum = Assert.Single(test.Strata);
        Relatively(567.0 / 115, stratum.H);
        Relatively(0.026387677599696054, stratum.PValue);
    }

    [Fact]
    public void Three_labels_with_ties_give_the_statistic_worked_by_hand()
    {
        // Rank sums 18, 38, 64 of N = 15: H = 12 / 240 × (18² + 38² + 64²) / 5 − 48 = 266 / 25; ties of 2, 3, 3, 3 and 3
        // correct it by 1 − 102 / 3360 = 543 / 560.
        var test = NationalityFairness.Test(
            [.. Waits("none", "A", 1, 1, 2, 2, 3), .. Waits("none", "B", 2, 3, 3, 4, 4), .. Waits("none", "C", 4, 5, 5, 5, 6)], Pooled);

        var stratum = Assert.Single(test.Strata);
        Assert.Equal(2, stratum.DegreesOfFreedom);
        Relatively(29792.0 / 2715, stratum.H);
        Relatively(0.004142084276390263, stratum.PValue);
    }

    [Fact]
    public void Labels_too_small_to_compare_are_pooled_after_the_others()
    {
        var test = NationalityFairness.Test(
            [.. Waits("none", "zz", 6), .. Waits("none", "Aa", 5), .. Waits("none", "b", 3), .. Waits("none", "c", 2)], Pooled);

        var stratum = Assert.Single(test.Strata);
        Assert.Equal(["Aa", "zz", Pooled], stratum.Labels);
        Assert.Equal(16, stratum.Groups);
        Assert.Equal(2, stratum.DegreesOfFreedom);
        Assert.Equal(16, test.GroupsTested);
    }

    [Fact]
    public void Waits_already_under_the_pooled_label_join_the_pool()
    {
        var test = NationalityFairness.Test([.. Waits("none", "A", 5), .. Waits("none", Pooled, 6), .. Waits("none", "b", 2)], Pooled);

        var stratum = Assert.Single(test.Strata);
        Assert.Equal(["A", Pooled], stratum.Labels);
        Assert.Equal(13, stratum.Groups);
    }

    [Fact]
    public void A_pool_still_too_small_is_left_out()
    {
        var test = NationalityFairness.Test(
            [.. Waits("none", "A", 5), .. Waits("none", "B", 7), .. Waits("none", "c", 2), .. Waits("none", "d", 2)], Pooled);

        var stratum = Assert.Single(test.Strata);
        Assert.Equal(["A", "B"], stratum.Labels);
        Assert.Equal(12, stratum.Groups);
        Assert.Equal(12, test.GroupsTested);
    }

    [Fact]
    public void A_stratum_with_fewer_than_two_labels_left_is_not_tested()
    {
        var test = NationalityFairness.Test(
            [
                .. Waits("medical", "A", 8), .. Waits("medical", "b", 3),
                .. Waits("none", "A", 1, 2, 3, 4, 5), .. Waits("none", "B", 6, 7, 8, 9, 10),
            ],
            Pooled);

        var stratum = Assert.Single(test.Strata);
        Assert.Equal("none", stratum.Stratum);
        Assert.Equal(10, test.GroupsTested);
        Assert.Equal(stratum.H, test.H);
        Assert.Equal(stratum.PValue, test.PValue);
    }

    [Fact]
    public void Without_a_stratum_to_test_there_is_no_p_value()
    {
        var test = NationalityFairness.Test([.. Waits("medical", "A", 8), .. Waits("none", "b", 4), .. Waits("none", "c", 4)], Pooled);

        Assert.False(test.Tested);
        Assert.Null(test.PValue);
        Assert.Empty(test.Strata);
        Assert.Equal(0, test.H);
        Assert.Equal(0, test.DegreesOfFreedom);
        Assert.Equal(0, test.GroupsTested);
    }

    [Fact]
    public void Nothing_at_all_is_not_tested() => Assert.False(NationalityFairness.Test([], Pooled).Tested);

    [Fact]
    public void Equal_waits_throughout_a_stratum_show_no_difference()
    {
        var test = NationalityFairness.Test([.. Waits("none", "A", 4, 4, 4, 4, 4), .. Waits("none", "B", 4, 4, 4, 4, 4, 4)], Pooled);

        var stratum = Assert.Single(test.Strata);
        Assert.Equal(0, stratum.H);
        Assert.Equal(1, stratum.PValue);
    }

    [Fact]
    public void Labels_that_waited_alike_in_two_strata_show_no_difference()
    {
        double[] medical = [0.5, 1, 1, 2, 3.5, 8];
        double[] none = [2, 5, 5, 9, 12, 30, 41];
        var test = NationalityFairness.Test(
            [
                .. Waits("medical", "A", medical), .. Waits("medical", "B", medical), .. Waits("medical", "C", medical),
                .. Waits("none", "A", none), .. Waits("none", "B", none),
            ],
            Pooled);

        Assert.Equal(["medical", "none"], test.Strata.Select(stratum => stratum.Stratum));
        Assert.Equal(3, test.DegreesOfFreedom);
        Assert.Equal(32, test.GroupsTested);
        Assert.Equal(0, test.H, 12);
        Assert.True(test.PValue > 0.99, $"p = {test.PValue}");
    }

    [Fact]
    public void Labels_drawn_alike_at_random_show_no_significant_difference()
    {
        var random = new Random(2011);
        var waits = new List<LabelledWait>();
        foreach (var stratum in new[] { "medical", "elderly", "none" })
            foreach (var label in new[] { "A", "B", "C", "D" })
                for (var group = 0; group < 40; group++)
                    waits.Add(new LabelledWait(stratum, label, Math.Round(random.NextDouble() * 48, 1)));

        var test = NationalityFairness.Test(waits, Pooled);

        Assert.Equal(9, test.DegreesOfFreedom);
        Assert.True(test.PValue > 0.05, $"p = {test.PValue}");
    }

    [Fact]
    public void A_label_that_always_waits_longer_shows_a_strong_difference()
    {
        var random = new Random(2011);
        var waits = new List<LabelledWait>();
        foreach (var stratum in new[] { "medical", "none" })
            for (var group = 0; group < 20; group++)
            {
                waits.Add(new LabelledWait(stratum, "A", random.NextDouble() * 10));
                waits.Add(new LabelledWait(stratum, "B", 10 + random.NextDouble() * 10));
            }

        var test = NationalityFairness.Test(waits, Pooled);

        // Each stratum: H = 12 / (40 × 41) × 20 × (10² + 10²) = 1200 / 41.
        Assert.All(test.Strata, stratum => Relatively(1200.0 / 41, stratum.H));
        Assert.True(test.PValue < 1e-10, $"p = {test.PValue}");
    }

    [Fact]
    public void The_order_of_the_waits_does_not_change_the_result()
    {
        var random = new Random(2011);
        string[] strata = ["none", "medical", "elderly"];
        string[] labels = ["A", "B", "C", "d", "e"];
        var waits = Enumerable.Range(0, 400)
            .Select(_ => new LabelledWait(
                strata[random.Next(strata.Length)],
                labels[random.Next(labels.Length)] + (random.Next(6) == 0 ? "x" : ""),
                random.Next(0, 30) / 2.0))
            .ToList();
        var expected = NationalityFairness.Test(waits, Pooled);

        for (var round = 0; round < 5; round++)
        {
            var shuffled = waits.ToArray();
            random.Shuffle(shuffled);
            var actual = NationalityFairness.Test(shuffled, Pooled);

            Assert.Equal(expected.H, actual.H);
            Assert.Equal(expected.DegreesOfFreedom, actual.DegreesOfFreedom);
            Assert.Equal(expected.PValue, actual.PValue);
            Assert.Equal(expected.GroupsTested, actual.GroupsTested);
            Assert.Equal(expected.Strata.Count, actual.Strata.Count);
            foreach (var (before, after) in expected.Strata.Zip(actual.Strata))
            {
                Assert.Equal(before.Stratum, after.Stratum);
                Assert.Equal(before.Groups, after.Groups);
                Assert.Equal(before.Labels, after.Labels);
                Assert.Equal(before.H, after.H);
                Assert.Equal(before.DegreesOfFreedom, after.DegreesOfFreedom);
                Assert.Equal(before.PValue, after.PValue);
            }
        }
        Assert.Equal(["elderly", "medical", "none"], expected.Strata.Select(stratum => stratum.Stratum));
    }
}
