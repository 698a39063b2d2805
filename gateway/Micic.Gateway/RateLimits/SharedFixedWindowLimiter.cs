using System.Threading.RateLimiting;
using Micic.ServiceDefaults.Redis;
using StackExchange.Redis;

namespace Micic.Gateway.RateLimits;

/// <summary>
/// A fixed-window limit counted in Redis, so that N per window holds across every gateway replica, not N per replica.
/// Windows are aligned to the clock, so every replica counts into the same one. While Redis is unreachable each replica
/// counts on its own (the same limit, per replica) rather than refusing everything or letting everything through.
/// </summary>
public sealed class SharedFixedWindowLimiter(IConnectionMultiplexer? redis, string key, int permitLimit, TimeSpan window, TimeProvider clock)
    : RateLimiter
{
    // INCR then, for the window's first request, its expiry: one round trip, atomic on the server.
    const string CountScript = "local n = redis.call('INCR', KEYS[1]) if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end return n";

    readonly FixedWindowRateLimiter _local = new(new FixedWindowRateLimiterOptions { PermitLimit = permitLimit, Window = window, QueueLimit = 0 });

    public override TimeSpan? IdleDuration => _local.IdleDuration;

    public override RateLimiterStatistics? GetStatistics() => _local.GetStatistics();

    // The middleware tries without waiting first; counting needs Redis, so the answer comes from AcquireAsync.
    protected override RateLimitLease AttemptAcquireCore(int permitCount) => Lease.Refused(null);

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        if (redis is not { IsConnected: true })
            return await _local.AcquireAsync(permitCount, cancellationToken);
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var windowMs = (long)window.TotalMilliseconds;
        var windowStart = now - now % windowMs;
        try
        {
            var count = (long)await redis.GetDatabase().ScriptEvaluateAsync(CountScript, [$"{key}:{windowStart}"], [windowMs]);
            return count <= permitLimit ? Lease.Granted : Lease.Refused(TimeSpan.FromMilliseconds(windowStart + windowMs - now));
        }
        catch (Exception exception) when (SharedRedis.IsUnreachable(exception))
        {
            return await _local.AcquireAsync(permitCount, cancellationToken);
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            _local.Dispose();
        base.Dispose(disposing);
    }

    sealed class Lease(bool acquired, TimeSpan? retryAfter) : RateLimitLease
    {
        public static readonly Lease Granted = new(true, null);

        public static Lease Refused(TimeSpan? retryAfter) => new(false, retryAfter);

        public override bool IsAcquired => acquired;

        public override IEnumerable<string> MetadataNames => retryAfter is null ? [] : [MetadataName.RetryAfter.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = retryAfter;
            return retryAfter is not null && metadataName == MetadataName.RetryAfter.Name;
        }
    }
}
