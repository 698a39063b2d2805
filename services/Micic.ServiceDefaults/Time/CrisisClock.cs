namespace Micic.ServiceDefaults.Time;

/// <summary>
/// Where the crisis clock stands: from <see cref="RealAnchor"/> on, crisis time runs from <see cref="CrisisAnchor"/> at
/// <see cref="Speed"/> times real time, or stands still while <see cref="Paused"/>. Every change makes a new setting
/// with a higher <see cref="Version"/>, anchored where the clock then stood, so no instance sees time jump.
/// </summary>
public sealed record ClockSetting(long Version, DateTimeOffset CrisisAnchor, DateTimeOffset RealAnchor, double Speed, bool Paused)
{
    public const double MinSpeed = 0.1, MaxSpeed = 10_000;

    public DateTimeOffset CrisisTimeAt(DateTimeOffset real) =>
        Paused || real <= RealAnchor ? CrisisAnchor : CrisisAnchor + (real - RealAnchor) * Speed;

    /// <summary>The setting after a change at real time <paramref name="real"/>: the clock goes on from where it stood.</summary>
    public ClockSetting Changed(DateTimeOffset real, double? speed = null, bool? paused = null) =>
        new(Version + 1, CrisisTimeAt(real), real, speed ?? Speed, paused ?? Paused);

    /// <summary>How much real time a span of crisis time takes at this setting (forever while paused).</summary>
    public TimeSpan RealTimeFor(TimeSpan crisis) =>
        Paused ? Timeout.InfiniteTimeSpan : crisis <= TimeSpan.Zero ? TimeSpan.Zero : crisis / Speed;

    public static bool IsValidSpeed(double speed) => speed is >= MinSpeed and <= MaxSpeed && double.IsFinite(speed);
}

/// <summary>
/// The platform's time in a replay or an exercise: crisis time, the same in every instance, following the
/// <see cref="ClockSetting"/> the exercise controller shares. Never goes backwards in one instance, even when a pause
/// is learnt a moment after another instance applied it. Timers stay on real time: what must wait for crisis time is
/// an outbox deadline, compared with this clock when relayed.
/// </summary>
public sealed class CrisisClock(ClockSetting setting, TimeProvider real) : TimeProvider
{
    ClockSetting _setting = setting;
    long _lastTicks;

    public ClockSetting Setting => Volatile.Read(ref _setting);

    public TimeProvider Real => real;

    /// <summary>Takes a newer setting; an older or equal version (a late or repeated notice) changes nothing.</summary>
    public bool Follow(ClockSetting next)
    {
        while (true)
        {
            var current = Setting;
            if (next.Version <= current.Version)
                return false;
            if (Interlocked.CompareExchange(ref _setting, next, current) == current)
                return true;
        }
    }

    public override DateTimeOffset GetUtcNow()
    {
        var ticks = Setting.CrisisTimeAt(real.GetUtcNow()).UtcTicks;
        while (true)
        {
            var last = Interlocked.Read(ref _lastTicks);
            if (ticks <= last)
                return new DateTimeOffset(last, TimeSpan.Zero);
            if (Interlocked.CompareExchange(ref _lastTicks, ticks, last) == last)
                return new DateTimeOffset(ticks, TimeSpan.Zero);
        }
    }
}

/// <summary>Waiting for crisis time on whichever clock the platform keeps.</summary>
public static class ClockWaits
{
    /// <summary>How long, in real time, until <paramref name="moment"/> on this clock: zero once passed, infinite while a crisis clock is paused.</summary>
    public static TimeSpan RealTimeUntil(this TimeProvider clock, DateTimeOffset moment)
    {
        var crisis = moment - clock.GetUtcNow();
        return clock is CrisisClock crisisClock ? crisisClock.Setting.RealTimeFor(crisis) : crisis > TimeSpan.Zero ? crisis : TimeSpan.Zero;
    }

    /// <summary>
    /// A real moment said on this clock: on a crisis clock, the crisis time it stood at then (as for the time the broker
    /// stamps a message with, which is real); on the real clock, itself.
    /// </summary>
    public static DateTimeOffset TimeAt(this TimeProvider clock, DateTimeOffset real) =>
        clock is CrisisClock crisisClock ? crisisClock.Setting.CrisisTimeAt(real) : real;

    /// <summary>How long, in real time, since <paramref name="moment"/> on this clock (zero if it is still ahead).</summary>
    public static TimeSpan RealTimeSince(this TimeProvider clock, DateTimeOffset moment)
    {
        var crisis = clock.GetUtcNow() - moment;
        if (crisis <= TimeSpan.Zero)
            return TimeSpan.Zero;
        return clock is CrisisClock { Setting: { Paused: false } setting } ? crisis / setting.Speed : crisis;
    }
}
