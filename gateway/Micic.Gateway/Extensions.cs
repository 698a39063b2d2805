using System.Security.Claims;
using System.Threading.RateLimiting;
using Micic.Gateway.Apis;
using Micic.Gateway.Auth;
using Micic.Gateway.Proxy;
using Micic.ServiceDefaults.Auth;
using Microsoft.AspNetCore.RateLimiting;

namespace Micic.Gateway;

/// <summary>Settings under <c>Gateway</c>.</summary>
public sealed class GatewayOptions
{
    /// <summary>Token requests per client address per minute (guards the secrets against guessing).</summary>
    public int TokenRequestsPerMinute { get; set; } = 30;

    /// <summary>API calls per organisation per second, sustained; bursts up to ten times that.</summary>
    public int RequestsPerOrganisationPerSecond { get; set; } = 200;
}

public static class Extensions
{
    public static WebApplicationBuilder AddGatewayServices(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection("Gateway").Get<GatewayOptions>() ?? new GatewayOptions();

        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<TokenIssuer>();
        builder.Services.AddReverseProxy()
            .LoadFromMemory(ServiceRoutes.BuildRoutes(), ServiceRoutes.BuildClusters())
            .AddServiceDiscoveryDestinationResolver();

        builder.Services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = async (context, cancellationToken) =>
            {
                if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
                    context.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString();
                await Results.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many requests; slow down and retry.")
                    .ExecuteAsync(context.HttpContext);
            };
            limiter.AddPolicy(TokenApi.RateLimitPolicy, context => RateLimitPartition.GetFixedWindowLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = options.TokenRequestsPerMinute, Window = TimeSpan.FromMinutes(1) }));
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                context.User.FindFirstValue(MicicClaims.Organisation) is { } organisation
                    ? RateLimitPartition.GetTokenBucketLimiter(organisation, _ => new TokenBucketRateLimiterOptions
                    {
                        TokenLimit = options.RequestsPerOrganisationPerSecond * 10,
                        TokensPerPeriod = options.RequestsPerOrganisationPerSecond,
                        ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                    })
                    : RateLimitPartition.GetNoLimiter("anonymous"));
        });
        return builder;
    }
}
