using System.Text.Json;
using Micic.ServiceDefaults.Redis;
using Micic.ServiceDefaults.Settings;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Micic.ServiceDefaults.Time;

/// <summary>
/// The crisis clock's setting, held in Redis where every instance sees it: a key a starting instance reads, and a channel
/// that tells running ones at once. The exercise controller writes it; everyone else follows. Redis is not on the path
/// of any write: while it is away, each instance goes on at the last setting it knew.
/// </summary>
public static class SharedClock
{
    public const string Section = "CrisisClock";
    const string Key = "micic:crisis-clock";
    static readonly RedisChannel Channel = RedisChannel.Literal(Key);

    /// <summary>
    /// The platform's <see cref="TimeProvider"/>: the crisis clock when the <c>CrisisClock</c> section sets where the
    /// crisis starts (a replay or an exercise), else the real clock.
    /// </summary>
    public static IHostApplicationBuilder AddCrisisClock(this IHostApplicationBuilder builder)
    {
        var options = builder.Settings().Section<ClockOptions>(Section, clock =>
            [SettingRules.Between($"{Section}:Speed", clock.Speed, ClockSetting.MinSpeed, ClockSetting.MaxSpeed)]);
        if (options.Start is not { } start || !ClockSetting.IsValidSpeed(options.Speed))
        {
            builder.Services.AddClocks();
            return builder;
        }
        // Until the controller starts the crisis, it stands at its first moment; a platform restarted on a crisis's data
        // goes on from when it was started. A newer setting shared by the controller wins either way.
        var clock = new CrisisClock(options.StartedAt is { } startedAt
            ? new ClockSetting(0, start, startedAt, options.Speed, Paused: false)
            : new ClockSetting(0, start, TimeProvider.System.GetUtcNow(), options.Speed, Paused: true), TimeProvider.System);
        builder.Services.AddSingleton(clock);
        builder.Services.AddSingleton<TimeProvider>(clock);
        builder.Services.AddHostedService<ClockFollower>();
        builder.Services.AddClocks();
        return builder;
    }

    /// <summary>
    /// The clocks a host reads, where none was chosen yet: the real clock as the platform's time (a host without the
    /// service defaults, as in tests of the primitives), and the keyed <see cref="RealTime"/> clock.
    /// </summary>
    public static IServiceCollection AddClocks(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddKeyedSingleton(RealTime.Key, TimeProvider.System);
        return services;
    }

    /// <summary>The setting held in Redis, if any.</summary>
    public static async Task<ClockSetting?> Read(IConnectionMultiplexer redis)
    {
        var value = await redis.GetDatabase().StringGetAsync(Key);
        return value.IsNullOrEmpty ? null : JsonSerializer.Deserialize<ClockSetting>(value.ToString());
    }

    /// <summary>Shares a new setting with every instance (the controller's part).</summary>
    public static async Task Share(IConnectionMultiplexer redis, ClockSetting setting)
    {
        var json = JsonSerializer.Serialize(setting);
        await redis.GetDatabase().StringSetAsync(Key, json);
        await redis.GetSubscriber().PublishAsync(Channel, json);
    }

    /// <summary>
    /// Runs the crisis clock at <paramref name="speed"/> from where it stands — its first moment, or where an earlier run on
    /// these data left it — and shares the setting with every instance (the controller's part).
    /// </summary>
    public static async Task<ClockSetting> Run(this CrisisClock clock, IConnectionMultiplexer redis, double speed)
    {
        if (await Read(redis) is { } shared)
            clock.Follow(shared);
        var running = clock.Setting.Changed(clock.Real.GetUtcNow(), speed, paused: false);
        clock.Follow(running);
        await Share(redis, running);
        return running;
    }

    /// <summary>Follows the shared setting: told at once through the channel, and reads the key every few seconds in case a notice was missed.</summary>
    sealed class ClockFollower(CrisisClock clock, IServiceProvider services, ILogger<ClockFollower> logger) : BackgroundService
    {
        static readonly TimeSpan ReadEvery = TimeSpan.FromSeconds(2);

        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            if (services.GetService<IConnectionMultiplexer>() is not { } redis)
                return;
            var subscribed = false;
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    if (!subscribed)
                    {
                        await redis.GetSubscriber().SubscribeAsync(Channel, (_, json) => Take(json.ToString()));
                        subscribed = true;
                    }
                    Take(await redis.GetDatabase().StringGetAsync(Key));
                }
                catch (Exception exception) when (SharedRedis.IsUnreachable(exception))
                {
                    logger.LogWarning("The crisis clock's setting could not be read ({Reason}); going on at version {Version}", exception.Message, clock.Setting.Version);
                }
                try { await Task.Delay(ReadEvery, clock.Real, stoppingToken); }
                catch (OperationCanceledException) { return; }
            }
        }

        void Take(RedisValue json)
        {
            if (json.IsNullOrEmpty)
                return;
            ClockSetting? setting;
            try { setting = JsonSerializer.Deserialize<ClockSetting>(json.ToString()); }
            catch (JsonException exception)
            {
                logger.LogWarning("The crisis clock's setting is unreadable ({Reason}); going on at version {Version}", exception.Message, clock.Setting.Version);
                return;
            }
            if (setting is not null && clock.Follow(setting))
                logger.LogInformation("Crisis clock: {CrisisTime:u}, speed {Speed}{Paused}", setting.CrisisAnchor, setting.Speed, setting.Paused ? ", paused" : "");
        }
    }
}

/// <summary>The <c>CrisisClock</c> section: where the crisis starts and how fast it runs (set by the AppHost for a replay or an exercise).</summary>
public sealed class ClockOptions
{
    /// <summary>The crisis time the clock starts at.</summary>
    public DateTimeOffset? Start { get; set; }

    public double Speed { get; set; } = 1;

    /// <summary>The real time it started at, once known (a platform restarted on a crisis's data).</summary>
    public DateTimeOffset? StartedAt { get; set; }

    /// <summary>The scenario replayed on the clock, as the exercise controller names it.</summary>
    public string? Scenario { get; set; }
}

/// <summary>
/// Real time, for what stays a security matter or a person's own patience even on an exercise's crisis clock: a phone's
/// confirmation code and its limits. Asked for as <c>[FromKeyedServices(RealTime.Key)] TimeProvider</c>.
/// </summary>
public static class RealTime
{
    public const string Key = "real-time";
}
