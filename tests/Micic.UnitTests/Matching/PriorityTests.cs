using Micic.Contracts;
using Micic.Matching.Domain;

namespace Micic.UnitTests.Matching;

public class PriorityTests
{
    [Theory]
    [InlineData(Needs.None, false, 0)]
    [InlineData(Needs.Medical, false, 100)]
    [InlineData(Needs.MedicalStretcher, false, 100)]
    [InlineData(Needs.UnaccompaniedChild, false, 90)]
    [InlineData(Needs.SeparatedChild, false, 90)]
    [InlineData(Needs.TraffickingSurvivor, false, 80)]
    [InlineData(Needs.Pregnant, false, 60)]
    [InlineData(Needs.Disability, false, 60)]
    [InlineData(Needs.Wheelchair, false, 60)]
    [InlineData(Needs.Elderly, false, 50)]
    [InlineData(Needs.None, true, 50)]
    public void Each_need_has_its_weight(Needs needs, bool hasElderly, int expected) =>
        Assert.Equal(expected, Priority.NeedWeight(needs, hasElderly));

    [Fact]
    public void The_highest_need_in_the_group_counts_not_the_sum() =>
        Assert.Equal(100, Priority.NeedWeight(Needs.Medical | Needs.Pregnant | Needs.Elderly, hasElderly: true));

    [Theory]
    [InlineData(Needs.None, false, "none")]
    [InlineData(Needs.MedicalStretcher | Needs.Pregnant, false, "medical")]
    [InlineData(Needs.SeparatedChild | Needs.TraffickingSurvivor, false, "child-alone")]
    [InlineData(Needs.TraffickingSurvivor | Needs.Wheelchair, true, "trafficking-survivor")]
    [InlineData(Needs.Wheelchair, false, "disability")]
    [InlineData(Needs.None, true, "elderly")]
    public void The_need_level_names_the_need_that_sets_the_weight(Needs needs, bool hasElderly, string expected) =>
        Assert.Equal(expected, Priority.NeedLevel(needs, hasElderly));

    [Fact]
    public void One_point_per_whole_hour_waited()
    {
        var submitted = new DateTimeOffset(2011, 3, 1, 8, 0, 0, TimeSpan.Zero);
        Assert.Equal(60, Priority.At(60, submitted, submitted.AddMinutes(59)));
        Assert.Equal(63, Priority.At(60, submitted, submitted.AddHours(3).AddMinutes(30)));
    }

    [Fact]
    public void A_clock_behind_the_submission_does_not_lower_priority() =>
        Assert.Equal(90, Priority.At(90, DateTimeOffset.UnixEpoch.AddHours(5), DateTimeOffset.UnixEpoch));

    /// <summary>Offers ranks holds by the moment Matching gives it, never by a formula of its own: the two must agree.</summary>
    [Fact]
    public void The_rank_carried_in_a_hold_orders_groups_as_their_priorities_do_whenever_they_are_compared()
    {
        var random = new Random(2011);
        var start = new DateTimeOffset(2011, 3, 1, 0, 0, 0, TimeSpan.Zero);
        int[] weights = [0, Priority.Elderly, Priority.Pregnant, Priority.TraffickingSurvivor, Priority.ChildAlone, Priority.Medical];
        var groups = Enumerable.Range(0, 200)
            .Select(_ => (Weight: weights[random.Next(weights.Length)], Submitted: start.AddMinutes(random.Next(0, 5 * 24 * 60))))
            .ToList();
        foreach (var now in new[] { start.AddDays(5), start.AddDays(5).AddMinutes(37), start.AddDays(9) })
            foreach (var a in groups)
                foreach (var b in groups)
                    if (Priority.At(a.Weight, a.Submitted, now) > Priority.At(b.Weight, b.Submitted, now))
                        Assert.True(Priority.RanksFrom(a.Weight, a.Submitted) < Priority.RanksFrom(b.Weight, b.Submitted),
                            $"{a} outranks {b} at {now:O} but not by the rank carried in its hold");
    }
}
