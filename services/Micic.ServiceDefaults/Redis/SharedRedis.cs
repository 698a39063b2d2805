using Micic.ServiceDefaults.Settings;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.StackExchangeRedis;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using StackExchange.Redis;

namespace Micic.ServiceDefaults.Redis;

/// <summary>
/// Redis (<c>ConnectionStrings:redis</c>) for what the instances of the platform share: live-figure fan-out, rate-limit
/// counters, token revocations. Never the record and never required for a write: the connection is made in the
/// background and remade on its own, and while Redis is away the service goes on, reported as degraded.
/// </summary>
public static class SharedRedis
{
    public const string ConnectionName = "redis";

    /// <summary>What StackExchange.Redis throws while Redis is away (a timeout is not a <see cref="RedisException"/>).</summary>
    public static bool IsUnreachable(Exception exception) => exception is RedisException or RedisTimeoutException;

    /// <summary>
    /// Data Protection keys (cookies, antiforgery tokens) kept in Redis under the application's name, so that every replica
    /// reads what another wrote; without Redis, each instance keeps its own (a single-instance development run).
    /// </summary>
    public static IHostApplicationBuilder AddSharedDataProtection(this IHostApplicationBuilder builder, string application)
    {
        builder.Services.AddDataProtection().SetApplicationName(application);
        if (builder.Configuration.GetConnectionString(ConnectionName) is not null)
            builder.Services.AddOptions<KeyManagementOptions>().Configure<IServiceProvider>((keys, services) => KeepInRedis(keys, services, application));
        return builder;
    }

    /// <summary>
    /// A Data Protection system apart from the service's own (<see cref="AddSharedDataProtection"/>), for what several
    /// services protect and unprotect: its own application name and key ring, shared as the service's own are.
    /// </summary>
    public static IDataProtectionProvider DataProtectionOf(string application, IConfiguration configuration, IServiceProvider services)
    {
        var apart = new ServiceCollection();
        apart.AddDataProtection().SetApplicationName(application);
        if (configuration.GetConnectionString(ConnectionName) is not null)
            apart.AddOptions<KeyManagementOptions>().Configure(keys => KeepInRedis(keys, services, application));
        return apart.BuildServiceProvider().GetRequiredService<IDataProtectionProvider>();
    }

    static void KeepInRedis(KeyManagementOptions keys, IServiceProvider services, string application) =>
        keys.XmlRepository = new RedisXmlRepository(() => services.GetRequiredService<IConnectionMultiplexer>().GetDatabase(),
            $"micic:dataprotection:{application}");

    public static IHostApplicationBuilder AddSharedRedis(this IHostApplicationBuilder builder)
    {
        if (builder.Configuration.GetConnectionString(ConnectionName) is not { } connectionString)
            return builder;
        ConfigurationOptions options;
        try
        {
            options = ConfigurationOptions.Parse(connectionString);
        }
        catch (ArgumentException exception)
        {
            builder.Settings().Add($"{SettingsCheck.Named($"ConnectionStrings:{ConnectionName}")} must be a Redis connection string (host:port[,password=…]); {exception.Message.TrimEnd('.')}.");
            return builder;
        }
        options.AbortOnConnectFail = false;   // start without Redis; connect when it comes
        options.ConnectTimeout = 2_000;
        options.SyncTimeout = 2_000;
        options.AsyncTimeout = 2_000;
        options.ClientName = builder.Environment.ApplicationName;
        builder.Services.AddSingleton<IConnectionMultiplexer>(_ => ConnectionMultiplexer.Connect(options));
        builder.Services.AddHealthChecks().AddCheck<RedisReachable>(ConnectionName, tags: ["ready"]);
        return builder;
    }
}

/// <summary>Ready while Redis answers; degraded (still serving) while it does not.</summary>
sealed class RedisReachable(IConnectionMultiplexer redis) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            if (redis.IsConnected)
            {
                await redis.GetDatabase().PingAsync();
                return HealthCheckResult.Healthy();
            }
        }
        catch (Exception exception) when (SharedRedis.IsUnreachable(exception))
        {
        }
        return HealthCheckResult.Degraded("Redis is unreachable: live figures refresh more slowly and rate limits are counted per instance.");
    }
}
