using System.Collections.Concurrent;
using System.Text.Json;
using Micic.ServiceDefaults.Redis;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Micic.ServiceDefaults.Auth;

/// <summary>An organisation's tokens cut off: every token issued to it up to <see cref="RevokedAt"/> is refused.</summary>
/// <param name="SecretFingerprint">The credentials in force when it was revoked: new tokens wait until they are rotated.</param>
public sealed record Revocation(string OrganisationId, string Reason, DateTimeOffset RevokedAt, string RevokedBy, string SecretFingerprint);

/// <summary>
/// Token revocations as every gateway replica and every service sees them: kept in Redis (with its append-only file, so a
/// restart keeps them), announced to every instance over Redis pub/sub the moment they are made, and held in memory
/// here so that checking a token never waits on Redis — while Redis is away, the revocations known stay enforced.
/// </summary>
public sealed class Revocations(IServiceProvider services, ILogger<Revocations> logger) : BackgroundService
{
    const string Key = "micic:revocations";
    static readonly RedisChannel Announcements = RedisChannel.Literal("micic:revocations");
    static readonly TimeSpan Reload = TimeSpan.FromSeconds(5);

    readonly ConcurrentDictionary<string, Revocation> _known = new();

    IConnectionMultiplexer? Redis => services.GetService<IConnectionMultiplexer>();

    /// <summary>Whether a token of <paramref name="organisation"/> issued at <paramref name="issuedAt"/> is refused.</summary>
    public bool Refuses(string organisation, DateTimeOffset issuedAt) =>
        // Tokens carry whole seconds: one issued in the second of the revocation is refused too.
        _known.TryGetValue(organisation, out var revocation) && issuedAt.ToUnixTimeSeconds() <= revocation.RevokedAt.ToUnixTimeSeconds();

    public Revocation? Of(string organisation) => _known.GetValueOrDefault(organisation);

    public IReadOnlyList<Revocation> All => _known.Values.OrderByDescending(revocation => revocation.RevokedAt).ToList();

    /// <summary>Stores the revocation and tells every instance; throws (see <see cref="SharedRedis.IsUnreachable"/>) when Redis is away.</summary>
    public async Task Revoke(Revocation revocation)
    {
        var redis = Redis ?? throw new RedisException("No Redis is configured (ConnectionStrings:redis).");
        var json = JsonSerializer.Serialize(revocation, JsonSerializerOptions.Web);
        await redis.GetDatabase().HashSetAsync(Key, revocation.OrganisationId, json);
        Apply(json);
        await redis.GetSubscriber().PublishAsync(Announcements, json);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (Redis is not { } redis)
            return;
        var subscribed = false;
        using var timer = new PeriodicTimer(Reload);
        do
        {
            try
            {
                if (!subscribed)
                {
                    await redis.GetSubscriber().SubscribeAsync(Announcements, (_, json) => Apply(json!));
                    subscribed = true;
                }
                // Also what was announced while this instance was not listening.
                foreach (var entry in await redis.GetDatabase().HashGetAllAsync(Key))
                    Apply(entry.Value!);
            }
            catch (Exception exception) when (SharedRedis.IsUnreachable(exception))
            {
                logger.LogDebug(exception, "Redis unreachable; the {Count} revocations known stay enforced", _known.Count);
            }
        } while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    void Apply(string json)
    {
        if (JsonSerializer.Deserialize<Revocation>(json, JsonSerializerOptions.Web) is not { } revocation)
            return;
        _known.AddOrUpdate(revocation.OrganisationId, revocation, (_, known) => known.RevokedAt >= revocation.RevokedAt ? known : revocation);
    }
}
