using Micic.Dashboard.Domain;

namespace Micic.UnitTests.Dashboard;

public class WaitStatisticsTests
{
    static IEnumerable<Wait> Alone(params double[] hours) => hours.Select(wait => new Wait(wait, 1));

    static void Near(double expected, double? actual) => Assert.Equal(expected, Assert.NotNull(actual), 12);

    [Fact]
    public void An_odd_count_has_its_middle_as_median()
    {
        var figures = WaitStatistics.Of(Alone(5, 1, 4, 2, 3));
        Assert.Equal(5, figures.People);
        Near(3, figures.Median);
        // h = 4 × 0.9 = 3.6: 4 + 0.6 × (5 − 4)
        Near(4.6, figures.P90);
        // h = 4 × 0.95 = 3.8: 4 + 0.8 × (5 − 4)
        Near(4.8, figures.P95);
    }

    [Fact]
    public void An_even_count_interpolates_between_the_middle_two()
    {
        var figures = WaitStatistics.Of(Alone(4, 3, 2, 1));
        Assert.Equal(4, figures.People);
        // h = 3 × 0.5 = 1.5: 2 + 0.5 × (3 − 2)
        Near(2.5, figures.Median);
        // h = 3 × 0.9 = 2.7: 3 + 0.7 × (4 − 3)
        Near(3.7, figures.P90);
        // h = 3 × 0.95 = 2.85: 3 + 0.85 × (4 − 3)
        Near(3.85, figures.P95);
    }

    [Fact]
    public void Each_person_in_a_group_counts()
    {
        // People: 1, 1, 1, 10.
        var figures = WaitStatistics.Of([new Wait(10, 1), new Wait(1, 3)]);
        Assert.Equal(4, figures.People);
        // h = 1.5, between two people who waited 1 hour
        Near(1, figures.Median);
        // h = 2.7: 1 + 0.7 × (10 − 1)
        Near(7.3, figures.P90);
        // h = 2.85: 1 + 0.85 × (10 − 1)
        Near(8.65, figures.P95);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    public void A_single_wait_is_every_percentile(int people)
    {
        var figures = WaitStatistics.Of([new Wait(2.5, people)]);
        Assert.Equal(people, figures.People);
        Near(2.5, figures.Median);
        Near(2.5, figures.P90);
        Near(2.5, figures.P95);
    }

    [Fact]
    public void Nobody_has_no_percentiles() =>
        Assert.Equal(new WaitFigures(0, null, null, null), WaitStatistics.Of([]));

    [Fact]
    public void Waits_of_no_people_are_ignored()
    {
        var figures = WaitStatistics.Of([new Wait(100, 0), new Wait(1, 1), new Wait(-40, -2), new Wait(2, 1), new Wait(3, 1)]);
        Assert.Equal(3, figures.People);
        Near(2, figures.Median);
        // h = 2 × 0.9 = 1.8: 2 + 0.8 × (3 − 2)
        Near(2.8, figures.P90);
    }

    [Fact]
    public void Only_waits_of_no_people_is_nobody() =>
        Assert.Equal(new WaitFigures(0, null, null, null), WaitStatistics.Of([new Wait(3, 0), new Wait(4, -1)]));

    [Fact]
    public void The_figures_are_those_of_every_person_listed_one_by_one()
    {
        var random = new Random(2011);
        for (var round = 0; round < 50; round++)
        {
            var waits = Enumerable.Range(0, random.Next(1, 60))
                .Select(_ => new Wait(Math.Round(random.NextDouble() * 72, 1), random.Next(-1, 9)))
                .ToList();
            var people = waits.SelectMany(wait => Enumerable.Repeat(wait.Hours, Math.Max(0, wait.People))).Order().ToArray();

            var figures = WaitStatistics.Of(waits);

            Assert.Equal(people.Length, figures.People);
            if (people.Length == 0)
            {
                Assert.Null(figures.Median);
                Assert.Null(figures.P90);
                Assert.Null(figures.P95);
                continue;
            }
            Near(Percentile(people, 0.5), figures.Median);
            Near(Percentile(people, 0.9), figures.P90);
            Near(Percentile(people, 0.95), figures.P95);
        }
    }

    /// <summary>The definition itself, on one value per person.</summary>
    static double Percentile(double[] sorted, double fraction)
    {
        var position = (sorted.Length - 1) * fraction;
        var below = (int)Math.Floor(position);
        return below + 1 < sorted.Length
            ? sorted[below] + (position - below) * (sorted[below + 1] - sorted[below])
            : sorted[below];
    }
}
