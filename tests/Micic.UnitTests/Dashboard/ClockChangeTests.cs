using Micic.Dashboard.Domain;

namespace Micic.UnitTests.Dashboard;

public sealed class ClockChangeTests
{
    [Theory]
    [InlineData(60.0, null)]
    [InlineData(null, true)]
    [InlineData(0.1, false)]
    [InlineData(10_000.0, null)]
    public void A_speed_a_drill_can_use_or_a_pause_is_a_change(double? speed, bool? paused) =>
        Assert.Empty(new ClockChange(speed, paused).Errors());

    [Theory]
    [InlineData(0.0)]
    [InlineData(100_000.0)]
    [InlineData(-60.0)]
    [InlineData(double.PositiveInfinity)]
    public void A_speed_of_0_or_beyond_ten_thousand_is_refused(double speed) =>
        Assert.Contains("speed", new ClockChange(speed, null).Errors().Keys);

    [Fact]
    public void A_change_that_says_nothing_is_refused() => Assert.NotEmpty(new ClockChange(null, null).Errors());
}
