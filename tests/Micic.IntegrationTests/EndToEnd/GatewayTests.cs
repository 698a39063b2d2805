using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Micic.IntegrationTests.Infrastructure;

namespace Micic.IntegrationTests.EndToEnd;

[Collection(PlatformCollection.Name)]
public sealed class GatewayTests(Platform platform)
{
    [Theory]
    [InlineData("gateway", "/api/auth/token", "/api/auth /api/docs")]
    [InlineData("requests", "/api/countries", "/api/requests /api/places /api/crises /api/countries /admin/")]
    [InlineData("offers", "/api/offers", "/api/offers /admin/")]
    [InlineData("matching", "/api/matching/unmatched", "/api/matching /admin/")]
    [InlineData("manifests", "/api/manifests", "/api/manifests /admin/")]
    [InlineData("transit", "/api/transit/arrivals", "/api/transit /api/referrals /admin/")]
    [InlineData("dashboard", "/api/reports/after-action", "/api/dashboard /api/audit /api/reports /admin/")]
    [InlineData("identity", "/api/accounts", "/api/accounts /api/audit/sign-ins /api/auth/revocations")]
    public async Task The_API_reference_lists_every_service_and_each_document_describes_its_endpoints(string name, string documented, string ownPrefixes)
    {
        using var anonymous = platform.Anonymous();
        var index = await anonymous.GetFromJsonAsync<JsonElement>("/api/docs");
        var listed = index.GetProperty("documents").EnumerateArray().ToDictionary(d => d.GetProperty("name").GetString()!, d => d.GetProperty("url").GetString()!);
        Assert.Equal(["dashboard", "gateway", "identity", "manifests", "matching", "offers", "requests", "transit"], listed.Keys.Order());

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
}
