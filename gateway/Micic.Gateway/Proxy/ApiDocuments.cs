using System.Text;
using System.Text.Json.Nodes;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Transforms;
using Yarp.ReverseProxy.Transforms.Builder;

namespace Micic.Gateway.Proxy;

/// <summary>
/// The services' OpenAPI documents as a client of the gateway reads them: every path as the gateway routes it (a
/// service's <c>/admin/dead-letters</c> is <c>/api/admin/{service}/dead-letters</c> here), the paths the gateway does not
/// route to that service left out, and the gateway as the one server. The paths are mapped back through the gateway's
/// own route table (<see cref="ServiceRoutes"/>) and its path transforms, so the documents cannot drift from it.
/// </summary>
public sealed class ApiDocuments(IReadOnlyList<RouteConfig> routes)
{
    /// <summary>On a route's metadata: the route serves the OpenAPI document of this service.</summary>
    public const string DocumentOf = "ApiDocumentOf";

    const string CatchAll = "/{**rest}";

    /// <summary>Rewrites the documents of the routes that serve one (<see cref="DocumentOf"/>).</summary>
    public void AddRewrite(TransformBuilderContext context)
    {
        if (context.Route.Metadata?.GetValueOrDefault(DocumentOf) is not { } service)
            return;
        context.AddResponseTransform(async transform =>
        {
            if (transform.ProxyResponse is not { IsSuccessStatusCode: true } response)
                return;
            var document = JsonNode.Parse(await response.Content.ReadAsStringAsync(transform.CancellationToken))?.AsObject();
            if (document is null)
                return;
            var request = transform.HttpContext.Request;
            var body = Encoding.UTF8.GetBytes(AsRouted(document, service, $"{request.Scheme}://{request.Host}{request.PathBase}").ToJsonString());
            transform.SuppressResponseBody = true;
            transform.HttpContext.Response.ContentLength = body.Length;
            await transform.HttpContext.Response.Body.WriteAsync(body, transform.CancellationToken);
        });
    }

    /// <summary>The document of <paramref name="service"/> with the paths a client calls at <paramref name="gateway"/>.</summary>
    public JsonObject AsRouted(JsonObject document, string service, string gateway)
    {
        if (document["paths"] is JsonObject paths)
        {
            var routed = new JsonObject();
            foreach (var path in paths.Select(path => path.Key).ToList())
            {
                var item = paths[path];
                paths.Remove(path);
                if (GatewayPath(service, path) is { } outside)
                    routed[outside] = item;
            }
            document["paths"] = routed;
        }
        document["servers"] = new JsonArray(new JsonObject { ["url"] = gateway, ["description"] = "The Micic gateway" });
        return document;
    }

    /// <summary>
    /// The path a client calls at the gateway to reach <paramref name="servicePath"/> on <paramref name="service"/>, or null
    /// if the gateway sends no path there (a path it routes to another service, or none at all).
    /// </summary>
    public string? GatewayPath(string service, string servicePath)
    {
        foreach (var route in routes.Where(route => route.ClusterId == service && route.Match.Path is not null))
        {
            var inside = route.Transforms?.Select(transform => transform.GetValueOrDefault("PathPattern")).FirstOrDefault(pattern => pattern is not null)
                ?? route.Match.Path!;
            if (Remainder(inside, servicePath) is not { } rest)
                continue;
            var outside = Prefix(route.Match.Path!) + rest;
            if (RouteTaking(outside)?.ClusterId == service)
                return outside;
        }
        return null;
    }

    /// <summary>The route the gateway gives a path: the most specific one that matches it.</summary>
    RouteConfig? RouteTaking(string path) => routes
        .Where(route => route.Match.Path is { } pattern && Remainder(pattern, path) is not null)
        .MaxBy(route => Prefix(route.Match.Path!).Length + (route.Match.Path!.EndsWith(CatchAll, StringComparison.Ordinal) ? 0 : 1));

    /// <summary>What follows the pattern's fixed part in <paramref name="path"/>, or null if the pattern does not match it.</summary>
    static string? Remainder(string pattern, string path)
    {
        if (!pattern.EndsWith(CatchAll, StringComparison.Ordinal))
            return string.Equals(pattern, path, StringComparison.OrdinalIgnoreCase) ? "" : null;
        var prefix = Prefix(pattern);
        if (string.Equals(prefix, path, StringComparison.OrdinalIgnoreCase))
            return "";
        return path.StartsWith(prefix + "/", StringComparison.OrdinalIgnoreCase) ? path[prefix.Length..] : null;
    }

    static string Prefix(string pattern) => pattern.EndsWith(CatchAll, StringComparison.Ordinal) ? pattern[..^CatchAll.Length] : pattern;
}
