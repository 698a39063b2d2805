using Micic.ServiceDefaults.Time;
using Microsoft.Extensions.Time.Testing;

namespace Micic.UnitTests.Time;

public sealed class CrisisClockTests
{
    static readonly DateTimeOffset CrisisStart = new(2011, 2, 20, 6, 0, 0, TimeSpan.Zero);
    static readonly DateTimeOffset RealStart = new(2026, 12, 7, 18, 0, 0, TimeSpan.Zero);

    static (CrisisClock Clock, FakeTimeProvider Real) Running(double speed)
    {
        var real = new FakeTimeProvider(RealStart);
        return (new CrisisClock(new ClockSetting(1, CrisisStart, RealStart, speed, Paused: false), real), real);
    }

    [Fact]
    public void Crisis_time_runs_at_the_clocks_speed()
    {
        var (clock, real) = Running(speed: 360);

        real.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal(CrisisStart.AddHours(1), clock.GetUtcNow());
    }

    [Fact]
    public void A_real_moment_is_said_in_crisis_time_on_a_crisis_clock_and_as_itself_on_the_real_one()
    {
        var (clock, _) = Running(speed: 360);

        // The broker stamped a message ten real seconds after the start: a crisis hour in.
        Assert.Equal(CrisisStart.AddHours(1), clock.TimeAt(RealStart.AddSeconds(10)));
        Assert.Equal(RealStart, TimeProvider.System.TimeAt(RealStart));
    }

    [Fact]
    public void A_paused_clock_stands_where_it_was_paused_and_goes_on_from_there()
    {
        var (clock, real) = Running(speed: 60);
        real.Advance(TimeSpan.FromMinutes(1));
        clock.Follow(clock.Setting.Changed(real.GetUtcNow(), paused: true));

        real.Advance(TimeSpan.FromMinutes(30));
        Assert.Equal(CrisisStart.AddHours(1), clock.GetUtcNow());

        clock.Follow(clock.Setting.Changed(real.GetUtcNow(), paused: false, speed: 120));
        real.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(CrisisStart.AddHours(2), clock.GetUtcNow());
    }

    [Fact]
    public void An_older_setting_learnt_late_changes_nothing()
    {
        var (clock, real) = Running(speed: 60);
        var paused = clock.Setting.Changed(real.GetUtcNow(), paused: true);
        var faster = paused.Changed(real.GetUtcNow(), paused: false, speed: 600);

        Assert.True(clock.Follow(faster));
        Assert.False(clock.Follow(paused));
        Assert.Equal(600, clock.Setting.Speed);
    }

    [Fact]
    public void Time_never_goes_back_in_one_instance_when_a_pause_is_learnt_late()
    {
        var (clock, real) = Running(speed: 3600);
        var pausedAt = real.GetUtcNow();
        var pause = clock.Setting.Changed(pausedAt, paused: true);
        real.Advance(TimeSpan.FromMilliseconds(500)); // another instance paused half a second ago; this one read on
        var seen = clock.GetUtcNow();

        clock.Follow(pause);

        Assert.Equal(seen, clock.GetUtcNow());
        Assert.True(seen > pause.CrisisAnchor);
    }

    [Fact]
    public void Waiting_for_a_crisis_moment_takes_real_time_divided_by_the_speed_and_forever_while_paused()
    {
        var (clock, real) = Running(speed: 360);

        Assert.Equal(TimeSpan.FromSeconds(10), clock.RealTimeUntil(CrisisStart.AddHours(1)));
        Assert.Equal(TimeSpan.Zero, clock.RealTimeUntil(CrisisStart.AddHours(-1)));

        clock.Follow(clock.Setting.Changed(real.GetUtcNow(), paused: true));
        Assert.Equal(Timeout.InfiniteTimeSpan, clock.RealTimeUntil(CrisisStart.AddHours(1)));
    }

    [Fact]
    public void On_the_real_clock_a_wait_is_what_it_says()
    {
        var real = new FakeTimeProvider(RealStart);

        Assert.Equal(TimeSpan.FromHours(1), real.RealTimeUntil(RealStart.AddHours(1)));
        real.Advance(TimeSpan.FromHours(2));
        Assert.Equal(TimeSpan.FromHours(1), real.RealTimeSince(RealStart.AddHours(1)));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(100_000)]
    [InlineData(double.NaN)]
    [InlineData(-1)]
    public void Speeds_outside_what_a_drill_can_use_are_refused(double speed) => Assert.False(ClockSetting.IsValidSpeed(speed));
}
