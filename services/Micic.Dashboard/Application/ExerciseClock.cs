using Micic.Dashboard.Domain;
using Micic.ServiceDefaults.Redis;
using Micic.ServiceDefaults.Time;
using StackExchange.Redis;

namespace Micic.Dashboard.Application;

/// <summary>Where the crisis clock stands, as the controller reads it.</summary>
public sealed record ClockView(DateTimeOffset CrisisTime, double Speed, bool Paused)
{
    public static ClockView Of(CrisisClock clock) => new(clock.GetUtcNow(), clock.Setting.Speed, clock.Setting.Paused);
}

/// <summary>What a change of the clock came to.</summary>
public enum ClockChangeResult { Changed, RealTime, Unshared }

/// <summary>
/// The exercise controller's hand on the crisis clock: pause, go on, change speed. The change is made from the setting
/// every instance shares (Redis), anchored where the clock stands, and shared again: every service, the replay's
/// simulator among them, goes on from the same crisis moment. A live platform keeps real time and has no such clock.
/// </summary>
public sealed class ExerciseClock(IServiceProvider services)
{
    /// <summary>The crisis clock, or null on a platform that keeps real time.</summary>
    public CrisisClock? Clock => services.GetService<CrisisClock>();

    public async Task<(ClockChangeResult Result, ClockView? Clock)> Change(ClockChange change)
    {
        if (Clock is not { } clock)
            return (ClockChangeResult.RealTime, null);
        if (services.GetService<IConnectionMultiplexer>() is not { } redis)
            return (ClockChangeResult.Unshared, null);
        try
        {
            if (await SharedClock.Read(redis) is { } shared)
                clock.Follow(shared);
            var next = clock.Setting.Changed(clock.Real.GetUtcNow(), change.Speed, change.Paused);
            await SharedClock.Share(redis, next);
            clock.Follow(next);
            return (ClockChangeResult.Changed, ClockView.Of(clock));
        }
        catch (Exception e) when (SharedRedis.IsUnreachable(e))
        {
            return (ClockChangeResult.Unshared, null);
        }
    }
}
