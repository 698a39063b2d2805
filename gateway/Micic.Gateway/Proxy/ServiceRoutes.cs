using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Health;

namespace Micic.Gateway.Proxy;

/// <summary>
/// The public API's prefixes and the service behind each. Destinations come from service discovery (Aspire's
/// <c>services:{name}:http:{i}</c>, one per address); the gateway balances across them and stops sending to one that
/// fails its readiness check.
/// </summary>
public static class ServiceRoutes
{
    public const long ImportBodyLimit = 20 * 1024 * 1024;
    public const string Anonymous = "anonymous";
    public const string Authenticated = "default";

    static readonly (string Prefix, string Service, string Policy)[] Routes =
    [
        ("/api/places", "requests", Authenticated),
        ("/api/crises", "requests", Authenticated),
        ("/api/countries", "requests", Authenticated),
        ("/api/requests", "requests", Authenticated),
        ("/api/registrations", "requests", Authenticated),
        ("/api/offers", "offers", Authenticated),
        ("/api/matching", "matching", Authenticated),
        ("/api/manifests", "manifests", Authenticated),
        ("/api/transit", "transit", Authenticated),
        ("/api/referrals", "transit", Authenticated),
        ("/api/dashboard", "dashboard", Authenticated),
        ("/api/audit", "dashboard", Authenticated),
        ("/api/reports", "dashboard", Authenticated),
        ("/api/exercise", "dashboard", Authenticated),
        ("/api/improvements", "dashboard", Authenticated),
        ("/api/funds", "funds", Authenticated),
        ("/api/claims", "funds", Authenticated),
        ("/api/costs", "funds", Authenticated),
        ("/api/messages", "messages", Authenticated),
        ("/api/feedback", "messages", Authenticated),
        // The SMS gateway is no person: it proves itself to the service with its own secret.
        ("/api/messages/inbound", "messages", Anonymous),
        ("/api/messages/delivery", "messages", Anonymous),
        ("/api/accounts", "identity", Authenticated),
        ("/api/audit/sign-ins", "identity", Authenticated),
        ("/api/auth/revocations", "identity", Authenticated),
        // The identity provider's own pages and protocol endpoints: anyone may reach them to sign in.
        ("/connect", "identity", Anonymous),
        ("/.well-known", "identity", Anonymous),
        ("/account", "identity", Anonymous),
        // The page itself holds no data: it logs in and then calls the API with a token.
        ("/dashboard", "dashboard", Anonymous),
        ("/intake", "requests", Anonymous),
        ("/consulate", "requests", Anonymous),
        // A person registers himself or herself without signing in (the API calls are limited per address, below).
        ("/register", "requests", Anonymous),
    ];

    /// <summary>The rate-limit policy of the anonymous self-registration calls, per client address.</summary>
    public const string SelfRegistrationPolicy = "self-registration";

    /// <summary>The services behind the gateway, by the names the AppHost gives them.</summary>
    public static IReadOnlyList<string> Services { get; } = Routes.Select(route => route.Service).Distinct().ToList();

    public static IReadOnlyList<RouteConfig> BuildRoutes()
    {
        var routes = Routes.Select(route => new RouteConfig
        {
            RouteId = route.Prefix.Trim('/').Replace('/', '-'),
            ClusterId = route.Service,
            AuthorizationPolicy = route.Policy,
            Match = new RouteMatch { Path = route.Prefix + "/{**rest}" },
        }).ToList();

        // Operations: each service's dead letters, /api/admin/{service}/dead-letters → /admin/dead-letters on that service.
        // The identity provider sends and receives no messages, so it has none.
        routes.AddRange(Services.Where(service => service != "identity").Select(service => new RouteConfig
        {
            RouteId = $"admin-{service}-dead-letters",
            ClusterId = service,
            AuthorizationPolicy = Authenticated,
            Match = new RouteMatch { Path = $"/api/admin/{service}/dead-letters/{{**rest}}" },
            Transforms = [new Dictionary<string, string> { ["PathPattern"] = "/admin/dead-letters/{**rest}" }],
        }));

        // The API reference: each service's OpenAPI document, /api/docs/{service} → its /openapi/v1.json.
        routes.AddRange(Services.Select(service => new RouteConfig
        {
            RouteId = $"docs-{service}",
            ClusterId = service,
            AuthorizationPolicy = Anonymous,
            Match = new RouteMatch { Path = $"/api/docs/{service}", Methods = ["GET"] },
            Transforms = [new Dictionary<string, string> { ["PathPattern"] = ServiceDefaults.Extensions.OpenApiPath }],
            // Its paths rewritten to the gateway's own (ApiDocuments).
            Metadata = new Dictionary<string, string> { [ApiDocuments.DocumentOf] = service },
        }));

        // Tokens are asked for at the rate of the shortcut, per client address: guessing secrets is slow everywhere.
        routes.Insert(0, new RouteConfig
        {
            RouteId = "connect-token",
            ClusterId = "identity",
            AuthorizationPolicy = Anonymous,
            RateLimiterPolicy = Apis.TokenApi.RateLimitPolicy,
            Match = new RouteMatch { Path = "/connect/token", Methods = ["POST"] },
        });

        // Self-registration, for anyone: what it offers to choose from, and, limited per client address across every
        // gateway replica, registering and confirming the code (codes per phone are limited by the service).
        routes.InsertRange(0,
        [
            new RouteConfig
            {
                RouteId = "registrations-self-choices", ClusterId = "requests", AuthorizationPolicy = Anonymous,
                Match = new RouteMatch { Path = "/api/registrations/self/choices", Methods = ["GET"] },
            },
            new RouteConfig
            {
                RouteId = "registrations-self", ClusterId = "requests", AuthorizationPolicy = Anonymous, RateLimiterPolicy = SelfRegistrationPolicy,
                Match = new RouteMatch { Path = "/api/registrations/self", Methods = ["POST"] },
            },
            new RouteConfig
            {
                RouteId = "registrations-self-confirm", ClusterId = "requests", AuthorizationPolicy = Anonymous, RateLimiterPolicy = SelfRegistrationPolicy,
                Match = new RouteMatch { Path = "/api/registrations/self/{id}/confirm", Methods = ["POST"] },
            },
        ]);

        // Who pays for an offer's movement is Funds' to decide, under the offer's own address.
        routes.Insert(0, new RouteConfig
        {
            RouteId = "offers-funding", ClusterId = "funds", AuthorizationPolicy = Authenticated,
            Match = new RouteMatch { Path = "/api/offers/{id}/funding", Methods = ["POST"] },
        });

        // Bulk CSV imports may be up to 20 MiB; every other body is limited to 1 MiB by Kestrel.
        routes.InsertRange(0, new[] { "/api/requests/import", "/api/registrations/import" }.Select(path => new RouteConfig
        {
            RouteId = path.Trim('/').Replace('/', '-'),
            ClusterId = "requests",
            AuthorizationPolicy = Authenticated,
            MaxRequestBodySize = ImportBodyLimit,
            Match = new RouteMatch { Path = path, Methods = ["POST"] },
        }));
        return routes;
    }

    public static IReadOnlyList<ClusterConfig> BuildClusters()
    {
        return Services.Select(service => new ClusterConfig
        {
            ClusterId = service,
            LoadBalancingPolicy = "RoundRobin",
            // Resolved by service discovery into one destination per address the AppHost (or configuration) gives.
            Destinations = new Dictionary<string, DestinationConfig> { [service] = new() { Address = $"http://{service}" } },
            HealthCheck = new HealthCheckConfig
            {
                Active = new ActiveHealthCheckConfig
                {
                    Enabled = true,
                    Interval = TimeSpan.FromSeconds(5),
                    Timeout = TimeSpan.FromSeconds(3),
                    Path = "/health/ready",
                    Policy = HealthCheckConstants.ActivePolicy.ConsecutiveFailures,
                },
                Passive = new PassiveHealthCheckConfig
                {
                    Enabled = true,
                    Policy = HealthCheckConstants.PassivePolicy.TransportFailureRate,
                    ReactivationPeriod = TimeSpan.FromSeconds(10),
                },
            },
        }).ToList();
    }
}
