using System.Security.Claims;
using System.Threading.RateLimiting;
using Micic.Gateway.Apis;
using Micic.Gateway.Auth;
using Micic.Gateway.Proxy;
using Micic.Gateway.RateLimits;
using Micic.Gateway.Sessions;
using Micic.ServiceDefaults.Auth;
using Micic.ServiceDefaults.Http;
using Micic.ServiceDefaults.Settings;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Micic.Gateway;

/// <summary>Settings under <c>Gateway</c>.</summary>
public sealed class GatewayOptions
{
    public const string Section = "Gateway";

    public static IEnumerable<string?> Check(GatewayOptions options) =>
    [
        SettingRules.AtLeast($"{Section}:TokenRequestsPerMinute", options.TokenRequestsPerMinute, 1),
        SettingRules.AtLeast($"{Section}:RequestsPerOrganisationPerSecond", options.RequestsPerOrganisationPerSecond, 1),
        SettingRules.AtLeast($"{Section}:SelfRegistrationsPerAddressPerHour", options.SelfRegistrationsPerAddressPerHour, 1),
        options.ForwardedHeaders.KnownNetworks.Where(network => !System.Net.IPNetwork.TryParse(network, out _)).ToList() is [_, ..] wrong
            ? $"{SettingsCheck.Named($"{Section}:ForwardedHeaders:KnownNetworks")} must be networks in CIDR notation (e.g. 10.0.0.0/8), the ingress controller's pods' addresses; {string.Join(", ", wrong.Select(network => $"'{network}'"))} {(wrong.Count == 1 ? "is" : "are")} not."
            : null,
    ];

    /// <summary>Token requests per client address per minute, across every gateway replica (guards the secrets against guessing).</summary>
    public int TokenRequestsPerMinute { get; set; } = 30;

    /// <summary>API calls per organisation per second, sustained over ten seconds, across every gateway replica.</summary>
    public int RequestsPerOrganisationPerSecond { get; set; } = 200;

    /// <summary>
    /// Self-registration calls (registering, confirming a code) per client address per hour, across every gateway replica:
    /// a family needs two, a shared address (a centre, a mobile operator's) a few dozen; a flood is refused.
    /// </summary>
    public int SelfRegistrationsPerAddressPerHour { get; set; } = 60;

    /// <summary>Which proxies in front of the gateway are believed when they say who their client is.</summary>
    public ForwardedHeadersSettings ForwardedHeaders { get; set; } = new();
}

/// <summary>Settings under <c>Gateway:ForwardedHeaders</c>.</summary>
public sealed class ForwardedHeadersSettings
{
    /// <summary>
    /// The networks (CIDR, e.g. <c>10.0.0.0/8</c>) of the proxies in front of the gateway, such as a Kubernetes ingress
    /// controller's pods: from them alone, X-Forwarded-For and X-Forwarded-Proto are taken as the client's address and
    /// scheme, so that the per-address rate limits count real clients. Empty (the AppHost's platform, reached directly):
    /// the headers are ignored, from loopback too, so no caller can pose as another address.
    /// </summary>
    public string[] KnownNetworks { get; set; } = [];
}

public static class Extensions
{
    public static WebApplicationBuilder AddGatewayServices(this WebApplicationBuilder builder)
    {
        var options = builder.AddCheckedOptions<GatewayOptions>(GatewayOptions.Section, GatewayOptions.Check);
        builder.Services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<GatewayOptions>>((forwarded, gateway) =>
            TrustForwardedHeaders(forwarded, gateway.Value.ForwardedHeaders));

        // Sessions, tokens and rate limits run on real time, even in an exercise on the crisis clock.
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<AuthValidator>();
        // The identity provider behind the gateway (service discovery, like the proxy's destinations).
        builder.Services.AddHttpClient(TokenApi.IdentityClient, http => http.BaseAddress = new Uri("http://identity"));
        builder.AddBrowserSessions();
        var routes = ServiceRoutes.BuildRoutes();
        builder.Services.AddReverseProxy()
            .LoadFromMemory(routes, ServiceRoutes.BuildClusters())
            .AddTransforms(BrowserSessions.AttachSessionTokens)
            .AddTransforms(new ApiDocuments(routes).AddRewrite)
            .AddServiceDiscoveryDestinationResolver();

        builder.Services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = TooManyRequests.Answer;
            limiter.AddPolicy(TokenApi.RateLimitPolicy, context =>
            {
                var address = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
                return RateLimitPartition.Get(address, _ => Shared(context, $"micic:ratelimit:token:{address}", options.TokenRequestsPerMinute, TimeSpan.FromMinutes(1)));
            });
            limiter.AddPolicy(ServiceRoutes.SelfRegistrationPolicy, context =>
            {
                var address = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
                return RateLimitPartition.Get(address, _ => Shared(context, $"micic:ratelimit:self-registration:{address}",
                    options.SelfRegistrationsPerAddressPerHour, TimeSpan.FromHours(1)));
            });
            // Per organisation: the sustained rate over ten seconds, so a burst of up to ten times it passes.
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                context.User.FindFirstValue(MicicClaims.Organisation) is { } organisation
                    ? RateLimitPartition.Get(organisation, _ => Shared(context, $"micic:ratelimit:api:{organisation}",
                        options.RequestsPerOrganisationPerSecond * 10, TimeSpan.FromSeconds(10)))
                    : RateLimitPartition.GetNoLimiter("anonymous"));
        });
        return builder;
    }

    /// <summary>
    /// X-Forwarded-For and X-Forwarded-Proto believed from the known networks only, and only their last hop (what the
    /// proxy itself appended); ASP.NET Core's own default, loopback, is not trusted.
    /// </summary>
    public static void TrustForwardedHeaders(ForwardedHeadersOptions forwarded, ForwardedHeadersSettings settings)
    {
        // With no known network ASP.NET Core would believe every sender: then the headers are not read at all.
        forwarded.ForwardedHeaders = settings.KnownNetworks.Length > 0 ? ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto : ForwardedHeaders.None;
        forwarded.ForwardLimit = 1;
        forwarded.KnownIPNetworks.Clear();
        forwarded.KnownProxies.Clear();
        foreach (var network in settings.KnownNetworks)
            if (System.Net.IPNetwork.TryParse(network, out var parsed))
                forwarded.KnownIPNetworks.Add(parsed);
    }

    /// <summary>Counted across every gateway replica (in Redis, when the platform has one).</summary>
    static SharedFixedWindowLimiter Shared(HttpContext context, string key, int permitLimit, TimeSpan window) =>
        new(context.RequestServices.GetService<IConnectionMultiplexer>(), key, permitLimit, window, context.RequestServices.GetRequiredService<TimeProvider>());
}
