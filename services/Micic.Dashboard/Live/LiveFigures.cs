using System.Collections.Concurrent;
using System.Text.Json;
using System.Threading.Channels;
using Micic.Dashboard.Data;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Micic.Dashboard.Live;

/// <summary>
/// Pushes fresh figures to every open dashboard this instance serves. A change committed here is taken from
/// <see cref="FiguresChanged"/> and announced to the other instances with <c>NOTIFY dashboard_changed</c>; their
/// announcements arrive through <c>LISTEN</c>, so a change made through any instance reaches the browsers of all of
/// them. Bursts are coalesced: at most one summary and one NOTIFY per <see cref="Coalesce"/>, and a summary every
/// <see cref="Refresh"/> anyway, for the waiting times that grow by themselves.
/// </summary>
public sealed class LiveFigures(NpgsqlDataSource dataSource, DashboardProjection projection, FiguresChanged figuresChanged,
    TimeProvider clock, IOptions<JsonOptions> json, ILogger<LiveFigures> logger) : BackgroundService
{
    static readonly TimeSpan Coalesce = TimeSpan.FromMilliseconds(250);
    static readonly TimeSpan Refresh = TimeSpan.FromSeconds(30);

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
        if (_latest is { } latest)
            channel.Writer.TryWrite(latest);
        return new Subscription(channel.Reader, () => _viewers.TryRemove(id, out _));
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Listen(stoppingToken), Publish(stoppingToken));

    async Task Listen(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync(stoppingToken);
                connection.Notification += (_, _) => _changed = true;
                await using (var listen = new NpgsqlCommand("LISTEN dashboard_changed", connection))
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                _changed = true; // whatever the other instances changed while not listening
                while (true)
                    await connection.WaitAsync(stoppingToken);
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(exception, "Lost the database's change notifications; listening again");
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
            }
        }
    }

    async Task Publish(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Coalesce);
        var lastSent = DateTimeOffset.MinValue;
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            if (figuresChanged.Take())
            {
                _changed = true;
                await TellOtherInstances(stoppingToken);
            }
            var now = clock.GetUtcNow();
            if (!_changed && now - lastSent < Refresh)
                continue;
            _changed = false;
            try
            {
                var summary = JsonSerializer.Serialize(await projection.Summary(now, stoppingToken), json.Value.SerializerOptions);
                _latest = summary;
                lastSent = now;
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

    async Task TellOtherInstances(CancellationToken stoppingToken)
    {
        try
        {
            await using var notify = dataSource.CreateCommand("NOTIFY dashboard_changed");
            await notify.ExecuteNonQueryAsync(stoppingToken);
        }
        catch (Exception exception) when (exception is NpgsqlException or TimeoutException)
        {
            // The other instances still refresh by themselves within Refresh; this instance's pages get the change anyway.
            logger.LogWarning(exception, "Could not tell the other dashboard instances of a change");
        }
    }
}

public sealed class Subscription(ChannelReader<string> summaries, Action leave) : IDisposable
{
    public ChannelReader<string> Summaries => summaries;

    public void Dispose() => leave();
}
