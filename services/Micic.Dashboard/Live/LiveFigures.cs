using System.Collections.Concurrent;
using System.Text.Json;
using System.Threading.Channels;
using Micic.Dashboard.Data;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Micic.ServiceDefaults.Redis;
using StackExchange.Redis;

namespace Micic.Dashboard.Live;

/// <summary>
/// Pushes fresh figures to every open dashboard this instance serves. A change committed here is taken from
/// <see cref="FiguresChanged"/> and announced to the other instances over Redis pub/sub; theirs arrive the same way, so
/// a change made through any instance reaches the browsers of all of them. The first change after a quiet spell goes out
/// at once; a burst is coalesced to at most one summary and one announcement per <see cref="Coalesce"/>. A summary goes
/// every <see cref="Refresh"/> anyway, for the waiting times that grow by themselves — every
/// <see cref="RefreshWithoutRedis"/> while Redis is away and announcements cannot arrive.
/// </summary>
public sealed class LiveFigures(IServiceProvider services, FiguresChanged figuresChanged,
    TimeProvider clock, IOptions<JsonOptions> json, ILogger<LiveFigures> logger) : BackgroundService
{
    static readonly TimeSpan Coalesce = TimeSpan.FromMilliseconds(250);
    static readonly TimeSpan Refresh = TimeSpan.FromSeconds(30);
    static readonly TimeSpan RefreshWithoutRedis = TimeSpan.FromSeconds(3);
    static readonly RedisChannel Changes = RedisChannel.Literal("micic:dashboard:changed");

    readonly IConnectionMultiplexer? _redis = services.GetService<IConnectionMultiplexer>();

    readonly ConcurrentDictionary<Guid, Channel<string>> _viewers = new();
    volatile bool _changed = true;
    string? _latest;

    public int Viewers => _viewers.Count;

    /// <summary>A viewer's stream of summaries (JSON), starting with the latest; dispose it to leave.</summary>
    public Subscription Subscribe()
    {
        var channel = Channel.CreateBounded<string>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropOldest });
        var id = Guid.NewGuid();
        _viewers[id] = channel;
        if (!_changed && _latest is { } latest)
            channel.Writer.TryWrite(latest);
        else
            figuresChanged.Wake(); // fresh figures follow at once
        return new Subscription(channel.Reader, () => _viewers.TryRemove(id, out _));
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Listen(stoppingToken), Publish(stoppingToken));

    async Task Listen(CancellationToken stoppingToken)
    {
        if (_redis is null)
            return;
        // Whatever the other instances changed while Redis was away.
        _redis.ConnectionRestored += (_, _) => ChangedElsewhere();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await _redis.GetSubscriber().SubscribeAsync(Changes, (_, _) => ChangedElsewhere());
                return; // the subscription is renewed by the connection itself after an outage
            }
            catch (Exception exception) when (SharedRedis.IsUnreachable(exception))
            {
                logger.LogDebug(exception, "Redis unreachable; figures refresh every {Refresh} until it is back", RefreshWithoutRedis);
                await Task.Delay(RefreshWithoutRedis, stoppingToken);
            }
        }
    }

    void ChangedElsewhere()
    {
        _changed = true;
        figuresChanged.Wake();
    }

    async Task Publish(CancellationToken stoppingToken)
    {
        // The pace of pushes is real time, whatever clock the figures keep.
        var lastSent = Elapsed - Refresh;
        while (!stoppingToken.IsCancellationRequested)
        {
            var refresh = _redis is { IsConnected: true } ? Refresh : RefreshWithoutRedis;
            // Nobody watching on this instance: the figures wait for the first page to open.
            var wait = _viewers.IsEmpty ? refresh : _changed ? TimeSpan.Zero : lastSent + refresh - Elapsed;
            if (wait > TimeSpan.Zero)
                await figuresChanged.WaitAsync(wait, stoppingToken);
            if (Elapsed - lastSent is var since && since < Coalesce)
                await Task.Delay(Coalesce - since, stoppingToken);

            if (figuresChanged.TakeRaised())
            {
                _changed = true;
                await TellOtherInstances();
            }
            if (_viewers.IsEmpty || !_changed && Elapsed - lastSent < refresh)
                continue;
            _changed = false;
            lastSent = Elapsed;
            try
            {
                await using var scope = services.CreateAsyncScope();
                var figures = await scope.ServiceProvider.GetRequiredService<DashboardProjection>().Summary(clock.GetUtcNow(), stoppingToken);
                var summary = JsonSerializer.Serialize(figures, json.Value.SerializerOptions);
                _latest = summary;
                foreach (var viewer in _viewers.Values)
                    viewer.Writer.TryWrite(summary);
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                _changed = true;
                logger.LogWarning(exception, "Could not compute the dashboard figures; trying again");
            }
        }
    }

    static TimeSpan Elapsed => TimeSpan.FromMilliseconds(Environment.TickCount64);

    async Task TellOtherInstances()
    {
        if (_redis is not { IsConnected: true })
            return; // the other instances refresh more often meanwhile; this instance's pages get the change anyway
        try
        {
            await _redis.GetSubscriber().PublishAsync(Changes, "");
        }
        catch (Exception exception) when (SharedRedis.IsUnreachable(exception))
        {
            logger.LogWarning(exception, "Could not tell the other dashboard instances of a change");
        }
    }
}

public sealed class Subscription(ChannelReader<string> summaries, Action leave) : IDisposable
{
    public ChannelReader<string> Summaries => summaries;

    public void Dispose() => leave();
}
