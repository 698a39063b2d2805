using System.Collections.Concurrent;
using System.Security.Claims;
using System.Text.Json;
using Micic.ServiceDefaults.Redis;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Micic.ServiceDefaults.Auth;

/// <summary>
/// Tokens cut off: an organisation's (a consulate's laptop is lost) or one person's (an account disabled). Every token
/// of that organisation, or of that person, issued up to <see cref="RevokedAt"/> is refused.
/// </summary>
/// <param name="UserId">The person whose tokens are refused; none when the whole organisation's are.</param>
/// <param name="SecretFingerprint">For an organisation, the machine client's credentials in force when it was revoked: new tokens wait until they are rotated.</param>
public sealed record Revocation(string OrganisationId, string Reason, DateTimeOffset RevokedAt, string RevokedBy, string? SecretFingerprint,
    string? UserId = null)
{
    /// <summary>Its place among the revocations: the person's id, or the organisation's (people's ids are GUIDs, organisations' never).</summary>
    public string Key => UserId ?? OrganisationId;
}

/// <summary>
/// Token revocations as every gateway replica and every service sees them: kept in Redis (with its append-only file, so a
/// restart keeps them; the identity provider keeps the record and puts back what Redis lost), announced to every
/// instance over Redis pub/sub the moment they are made, and held in memory here so that checking a token never waits
/// on Redis. An instance is not ready until it has read them once; after that, while Redis is away, the revocations
/// known stay enforced.
/// </summary>
public sealed class Revocations(IServiceProvider services, ILogger<Revocations> logger) : BackgroundService
{
    const string Key = "micic:revocations";
    static readonly RedisChannel Announcements = RedisChannel.Literal("micic:revocations");
    static readonly TimeSpan Reload = TimeSpan.FromSeconds(5);

    readonly ConcurrentDictionary<string, Revocation> _known = new();
    volatile bool _loaded;

    IConnectionMultiplexer? Redis => services.GetService<IConnectionMultiplexer>();

    /// <summary>Whether every revocation made before this instance started is known here.</summary>
    public bool Loaded => _loaded || Redis is null;

    /// <summary>Whether a token of this organisation and subject, issued at <paramref name="issuedAt"/>, is refused.</summary>
    public bool Refuses(string organisation, string? subject, DateTimeOffset issuedAt) =>
        RevokedAfter(organisation, issuedAt) || subject is not null && subject != organisation && RevokedAfter(subject, issuedAt);

    public bool Refuses(ClaimsPrincipal user, DateTimeOffset issuedAt) =>
        user.FindFirstValue(MicicClaims.Organisation) is { } organisation && Refuses(organisation, user.FindFirstValue(MicicClaims.Subject), issuedAt);

    // Tokens carry whole seconds: one issued in the second of the revocation is refused too.
    bool RevokedAfter(string key, DateTimeOffset issuedAt) =>
        _known.TryGetValue(key, out var revocation) && issuedAt.ToUnixTimeSeconds() <= revocation.RevokedAt.ToUnixTimeSeconds();

    public Revocation? Of(string key) => _known.GetValueOrDefault(key);

    public IReadOnlyList<Revocation> All => _known.Values.OrderByDescending(revocation => revocation.RevokedAt).ToList();

    /// <summary>Stores the revocation and tells every instance; throws (see <see cref="SharedRedis.IsUnreachable"/>) when Redis is away.</summary>
    public async Task Revoke(Revocation revocation)
    {
        var redis = Redis ?? throw new RedisException("No Redis is configured (ConnectionStrings:redis).");
        var json = JsonSerializer.Serialize(revocation, JsonSerializerOptions.Web);
        await redis.GetDatabase().HashSetAsync(Key, revocation.Key, json);
        Apply(json);
        await redis.GetSubscriber().PublishAsync(Announcements, json);
    }

    /// <summary>Enforces a revocation on this instance only: one read from the identity provider's record.</summary>
    public void Remember(Revocation revocation) => Apply(JsonSerializer.Serialize(revocation, JsonSerializerOptions.Web));

    /// <summary>Every revocation made is known here: the identity provider has read its record.</summary>
    public void LoadedFromRecord() => _loaded = true;

    /// <summary>Whether Redis holds this revocation (or a later one of the same key).</summary>
    public async Task<bool> IsShared(Revocation revocation)
    {
        var redis = Redis ?? throw new RedisException("No Redis is configured (ConnectionStrings:redis).");
        var json = await redis.GetDatabase().HashGetAsync(Key, revocation.Key);
        return json.HasValue && JsonSerializer.Deserialize<Revocation>(json.ToString(), JsonSerializerOptions.Web) is { } shared
            && shared.RevokedAt >= revocation.RevokedAt;
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
                _loaded = true;
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
        _known.AddOrUpdate(revocation.Key, revocation, (_, known) => known.RevokedAt >= revocation.RevokedAt ? known : revocation);
    }
}

/// <summary>Not ready until the revocations are read: an instance that started while Redis was away would honour none.</summary>
sealed class RevocationsLoaded(Revocations revocations) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(revocations.Loaded
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy("Token revocations have not been read yet (Redis unreachable since start): tokens cannot be trusted."));
}
