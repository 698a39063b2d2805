using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Micic.IntegrationTests.Infrastructure;

namespace Micic.IntegrationTests.EndToEnd;

/// <summary>The operations and read endpoints refuse what they should, as problems, through the gateway.</summary>
[Collection(PlatformCollection.Name)]
public sealed class OperationsTests(Platform platform)
{
    const string ProblemJson = "application/problem+json";

    [Fact]
    public async Task Dead_letters_are_listed_for_coordinators_only_and_unknown_queues_are_404()
    {
        using var coordinator = await platform.Coordinator();
        using var requester = await platform.LoginAs("unhcr-field", "dev-unhcr-secret");

        var letters = await coordinator.GetFromJsonAsync<JsonElement>("/api/admin/requests/dead-letters");
        Assert.Contains(letters.EnumerateArray(), queue => queue.GetProperty("queue").GetString() == "requests-evacuation-status-changed");

        Assert.Equal(HttpStatusCode.Forbidden, (await requester.GetAsync("/api/admin/requests/dead-letters")).StatusCode);
        var unknown = await coordinator.PostAsync("/api/admin/matching/dead-letters/requests-evacuation-status-changed/replay", null);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(ProblemJson, unknown.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Unknown_requests_in_matching_are_404_problems()
    {
        using var coordinator = await platform.Coordinator();
        var response = await coordinator.GetAsync($"/api/matching/{Guid.NewGuid()}");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(ProblemJson, response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Malformed_or_incomplete_offers_are_400_and_nothing_is_stored()
    {
        using var offerer = await platform.LoginAs("egyptair-charter", "dev-egyptair-secret");
        var before = await platform.Number("micic_offers", "SELECT count(*) FROM offer");

        var malformed = await offerer.PostAsync("/api/offers", new StringContent("{\"seats\": \"many\"}", Encoding.UTF8, "application/json"));
        var incomplete = await offerer.PostAsJsonAsync("/api/offers", new { crisisId = "libya-2011" });

        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.True((await malformed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("seats", out _));
        Assert.Equal(HttpStatusCode.BadRequest, incomplete.StatusCode);
        var errors = (await incomplete.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        foreach (var field in new[] { "mode", "fromPlace", "toPlace", "destinationCountry", "departsAt", "seats", "eligibility" })
            Assert.True(errors.TryGetProperty(field, out _), $"errors should name '{field}': {errors}");
        Assert.Equal(before, await platform.Number("micic_offers", "SELECT count(*) FROM offer"));
    }
}
