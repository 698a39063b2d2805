using Micic.Offers.Domain;

namespace Micic.UnitTests.Offers;

public class SeatCutTests
{
    static readonly DateTimeOffset Now = new(2011, 3, 2, 12, 0, 0, TimeSpan.Zero);

    // Need weights as Matching gives them (medical 100, pregnant 60, elderly 50), counted as hours already waited.
    const int Medical = 100, Pregnant = 60, Elderly = 50;

    static SeatHold Hold(int seats, int needWeight, double hoursAgo) =>
        new(Guid.NewGuid(), seats, Now.AddHours(-hoursAgo - needWeight), Now.AddHours(-hoursAgo));

    [Fact]
    public void A_cut_releases_the_lowest_priority_groups_until_the_rest_fit()
    {
        var medical = Hold(4, Medical, 1);
        var elderly = Hold(2, Elderly, 1);
        var longWaiting = Hold(3, 0, 10);
        var recent = Hold(3, 0, 1);

        // 12 allocated, cut to 8: the two groups without needs rank lowest; the more recent one goes first, then 10 h waited < 51.
        var released = SeatCut.Release([medical, elderly, longWaiting, recent], seats: 8);

        Assert.Equal([recent, longWaiting], released);
    }

    [Fact]
    public void Waiting_time_counts_so_a_long_wait_can_outrank_a_need()
    {
        var pregnantJustNow = Hold(2, Pregnant, 0);
        var waitedThreeDays = Hold(2, 0, 72);

        Assert.Equal([pregnantJustNow], SeatCut.Release([pregnantJustNow, waitedThreeDays], seats: 2));
    }

    [Fact]
    public void Whole_groups_are_released_and_nothing_when_the_cut_still_fits()
    {
        var family = Hold(5, 0, 1);
        var single = Hold(1, Medical, 1);

        Assert.Equal([family], SeatCut.Release([family, single], seats: 4));
        Assert.Empty(SeatCut.Release([family, single], seats: 6));
    }
}
