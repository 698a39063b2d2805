using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Micic.IntegrationTests.Infrastructure;

namespace Micic.IntegrationTests.EndToEnd;

[Collection(PlatformCollection.Name)]
public sealed class GatewayTests(Platform platform)
{
    [Theory]
    [InlineData("gateway", "/api/auth/token", "/api/auth /api/docs /api/session")]
    [InlineData("requests", "/api/countries", "/api/requests /api/registrations /api/places /api/crises /api/countries /api/admin/requests/dead-letters")]
    [InlineData("offers", "/api/offers", "/api/offers /api/admin/offers/dead-letters")]
    [InlineData("matching", "/api/matching/unmatched", "/api/matching /api/admin/matching/dead-letters")]
    [InlineData("manifests", "/api/manifests", "/api/manifests /api/admin/manifests/dead-letters")]
    [InlineData("transit", "/api/transit/arrivals", "/api/transit /api/referrals /api/admin/transit/dead-letters")]
    [InlineData("dashboard", "/api/reports/after-action", "/api/dashboard /api/audit /api/reports /api/exercise /api/improvements /api/admin/dashboard/dead-letters")]
    [InlineData("messages", "/api/messages/call-backs", "/api/messages /api/feedback /api/admin/messages/dead-letters")]
    [InlineData("funds", "/api/claims/{id}/approve", "/api/funds /api/claims /api/costs /api/offers/{id}/funding /api/admin/funds/dead-letters")]
    [InlineData("identity", "/api/accounts", "/api/accounts /api/audit/sign-ins /api/auth/revocations")]
    public async Task The_API_reference_lists_every_service_and_each_document_describes_its_endpoints(string name, string documented, string ownPrefixes)
    {
        using var anonymous = platform.Anonymous();
        var index = await anonymous.GetFromJsonAsync<JsonElement>("/api/docs");
        var listed = index.GetProperty("documents").EnumerateArray().ToDictionary(d => d.GetProperty("name").GetString()!, d => d.GetProperty("url").GetString()!);
        Assert.Equal(["dashboard", "funds", "gateway", "identity", "manifests", "matching", "messages", "offers", "requests", "transit"], listed.Keys.Order());

        using var answer = await anonymous.GetAsync(listed[name]);
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        var document = await answer.Content.ReadFromJsonAsync<JsonElement>();
        Assert.StartsWith("3.", document.GetProperty("openapi").GetString());
        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains(documented, paths);
        // A document describes its own host's endpoints only.
        var prefixes = ownPrefixes.Split(' ');
        Assert.All(paths, p => Assert.Contains(prefixes, prefix => p.StartsWith(prefix, StringComparison.Ordinal)));
    }

    /// <summary>
    /// The API reference shows the paths a client calls: each one, called at the gateway, reaches a route (a 401 for want of
    /// a token, or the service's own answer), never the gateway's 404 for a path it does not route.
    /// </summary>
    [Fact]
    public async Task Every_path_in_the_API_reference_is_one_the_gateway_routes()
    {
        using var anonymous = platform.Anonymous();
        var index = await anonymous.GetFromJsonAsync<JsonElement>("/api/docs");
        var called = new List<string>();
        var misses = new List<string>();
        foreach (var url in index.GetProperty("documents").EnumerateArray().Select(d => d.GetProperty("url").GetString()!))
        {
            var document = await anonymous.GetFromJsonAsync<JsonElement>(url);
            if (url != "/api/docs/gateway")
                Assert.Equal(platform.Gateway.GetLeftPart(UriPartial.Authority), Assert.Single(document.GetProperty("servers").EnumerateArray()).GetProperty("url").GetString());
            foreach (var path in document.GetProperty("paths").EnumerateObject())
                foreach (var method in path.Value.EnumerateObject().Select(operation => operation.Name.ToUpperInvariant())
                             .Where(method => method is "GET" or "POST" or "PUT" or "PATCH" or "DELETE")
                             // Tokens are asked for at a guarded rate per address: not spent here.
                             .Where(_ => !path.Name.EndsWith("/token", StringComparison.Ordinal)))
                {
                    var concrete = System.Text.RegularExpressions.Regex.Replace(path.Name, "{[^}]+}", Guid.NewGuid().ToString());
                    using var answer = await anonymous.SendAsync(new HttpRequestMessage(new HttpMethod(method), concrete));
                    called.Add($"{method} {path.Name}");
                    var byService = answer.Headers.TryGetValues("X-Micic-Instance", out var instances) && instances.Any(name => !name.StartsWith("gateway", StringComparison.Ordinal));
                    if (answer.StatusCode == HttpStatusCode.NotFound && !byService)
                        misses.Add($"{method} {path.Name} ({url})");
                }
        }
        Assert.Empty(misses);
        Assert.Contains("GET /api/admin/matching/dead-letters", called);
        Assert.Contains("GET /api/matching/{requestId}", called);
        Assert.DoesNotContain(called, call => call.Contains(" /admin/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Calls_are_balanced_across_the_replicas_of_a_service()
    {
        using var coordinator = await platform.Coordinator();
        var submitted = await coordinator.PostAsJsonAsync("/api/requests", Requests.Family());
        var id = (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        await Eventually.Get(() => platform.Number("micic_matching", $"SELECT count(*) FROM evacuation_saga WHERE correlation_id = '{id}'"), n => n == 1);

        // Calls at once, as many users make them: they are spread over both instances.
        var answers = await Task.WhenAll(Enumerable.Range(0, 24).Select(_ => coordinator.GetAsync($"/api/matching/{id}")));
        Assert.All(answers, answer => Assert.Equal(HttpStatusCode.OK, answer.StatusCode));
        // The gateway adds its own name beside the service's.
        var instances = answers.Select(answer => answer.Headers.GetValues("X-Micic-Instance").Single(name => name.StartsWith("matching-"))).ToHashSet();
        Assert.Equal(2, instances.Count);
    }

    /// <summary>
    /// Every answer through the gateway — a service's, the gateway's own, a problem, the two pages — carries the
    /// security headers, each once (the gateway adds them only where a service has not).
    /// </summary>
    [Theory]
    [InlineData("/api/places", true, HttpStatusCode.OK)]
    [InlineData("/api/places", false, HttpStatusCode.Unauthorized)]
    [InlineData("/api/requests/7b0c5f4e-0000-4000-8000-000000000000", true, HttpStatusCode.NotFound)]
    [InlineData("/api/auth/revocations", true, HttpStatusCode.Forbidden)]
    [InlineData("/api/nothing-here", false, HttpStatusCode.NotFound)]
    [InlineData("/dashboard/", false, HttpStatusCode.OK)]
    [InlineData("/intake/", false, HttpStatusCode.OK)]
    [InlineData("/intake/intake.js", false, HttpStatusCode.OK)]
    public async Task Every_answer_carries_the_security_headers_once(string path, bool signedIn, HttpStatusCode expected)
    {
        using var client = signedIn ? await platform.LoginAs("unhcr-field", "dev-unhcr-secret") : platform.Anonymous();
        using var answer = await client.GetAsync(path);
        Assert.Equal(expected, answer.StatusCode);
        string Once(string header)
        {
            Assert.True(answer.Headers.TryGetValues(header, out var values), $"{path} has no {header}.");
            return Assert.Single(values);
        }
        Assert.Equal("default-src 'self'; frame-ancestors 'none'", Once("Content-Security-Policy"));
        Assert.Equal("nosniff", Once("X-Content-Type-Options"));
        Assert.Equal("no-referrer", Once("Referrer-Policy"));
        Assert.False(answer.Headers.Contains("Strict-Transport-Security")); // plain HTTP here; only over TLS
        if (expected >= HttpStatusCode.BadRequest && path.StartsWith("/api/", StringComparison.Ordinal) && answer.Content.Headers.ContentLength != 0)
            Assert.Equal("application/problem+json", answer.Content.Headers.ContentType?.MediaType);
    }

    /// <summary>
    /// Documents cost a browser's or a report's seconds: an organisation asking for them as fast as it can is told to
    /// slow down (429, with when to retry), while others are still served.
    /// </summary>
    [Fact]
    public async Task An_organisation_asking_for_documents_too_fast_is_told_when_to_retry()
    {
        using var ghana = await platform.LoginAs("consulate-gha", "dev-gha-secret");
        using var nigeria = await platform.LoginAs("consulate-nga", "dev-nga-secret");
        // 20 a minute at each of the two dashboard instances: 60 at once are more than both allow.
        var answers = await Task.WhenAll(Enumerable.Range(0, 60).Select(_ => ghana.GetAsync("/api/reports/after-action.xlsx?crisisId=libya-2011")));
        Assert.Contains(answers, answer => answer.StatusCode == HttpStatusCode.OK);
        var refused = answers.Where(answer => answer.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        Assert.NotEmpty(refused);
        Assert.All(refused, answer =>
        {
            Assert.Equal("application/problem+json", answer.Content.Headers.ContentType?.MediaType);
            Assert.InRange(int.Parse(answer.Headers.GetValues("Retry-After").Single()), 1, 60);
        });
        Assert.Equal(HttpStatusCode.OK, (await nigeria.GetAsync("/api/reports/after-action.xlsx?crisisId=libya-2011")).StatusCode);
        foreach (var answer in answers)
            answer.Dispose();
    }
}
