using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Micic.IntegrationTests.Infrastructure;

namespace Micic.IntegrationTests.EndToEnd;

/// <summary>A real request travels through the platform: gateway → requests → outbox → matching saga → back, and onto the dashboard.</summary>
[Collection(PlatformCollection.Name)]
public sealed class FirstSliceTests(Platform platform)
{
    [Fact]
    public async Task A_submitted_request_is_stored_reaches_matching_and_shows_on_the_dashboard()
    {
        using var requester = await platform.LoginAs("unhcr-field", "dev-unhcr-secret");
        using var coordinator = await platform.Coordinator();
        var before = await Summary(coordinator);

        var response = await requester.PostAsJsonAsync("/api/requests",
            Requests.Family(true, Requests.Person("BGD"), Requests.Person("EGY", "Layla", "pregnant")));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var accepted = await response.Content.ReadFromJsonAsync<JsonElement>();
        var id = accepted.GetProperty("id").GetGuid();
        Assert.Equal("submitted", accepted.GetProperty("status").GetString());
        Assert.Matches("^LBY-", accepted.GetProperty("reference").GetString());
        Assert.Equal($"/api/requests/{id}", response.Headers.Location?.OriginalString);

        // Matching picks it up and the request follows its saga.
        var request = await Eventually.Get(() => requester.GetFromJsonAsync<JsonElement>($"/api/requests/{id}"),
            r => r.GetProperty("status").GetString() == "pending", what: "the request to be pending");
        Assert.Equal(["submitted", "pending"], request.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("status").GetString()));
        Assert.Equal(60, request.GetProperty("priority").GetInt32());
        Assert.Equal(2, request.GetProperty("people").GetArrayLength());

        Assert.Equal(2, await platform.Number("micic_requests", $"SELECT count(*) FROM person WHERE request_id = '{id}'"));
        Assert.Equal("Pending", await platform.Text("micic_matching", $"SELECT current_state FROM evacuation_saga WHERE correlation_id = '{id}'"));

        var matching = await coordinator.GetFromJsonAsync<JsonElement>($"/api/matching/{id}");
        Assert.Equal("pending", matching.GetProperty("state").GetString());

        var after = await Eventually.Get(() => Summary(coordinator),
            s => s.GetProperty("people").GetProperty("pending").GetInt32() == before.GetProperty("people").GetProperty("pending").GetInt32() + 2,
            what: "the dashboard to count the two people");
        Assert.Equal(before.GetProperty("unmatchedVulnerable").GetInt32() + 2, after.GetProperty("unmatchedVulnerable").GetInt32());
    }

    [Fact]
    public async Task The_same_idempotency_key_and_body_create_nothing_new_and_another_body_conflicts()
    {
        using var requester = await platform.LoginAs("redcrescent-intake", "dev-redcrescent-secret");
        var key = Guid.NewGuid().ToString();
        var body = Requests.Family();

        var first = await Send(requester, key, body);
        var second = await Send(requester, key, body);
        var other = await Send(requester, key, Requests.Family(consent: false));

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, second.StatusCode);
        var firstId = (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        Assert.Equal(firstId, (await second.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid());
        Assert.Equal(first.Headers.Location, second.Headers.Location);
        Assert.Equal(HttpStatusCode.Conflict, other.StatusCode);
        Assert.Equal("application/problem+json", other.Content.Headers.ContentType?.MediaType);
        Assert.Equal(1, await platform.Number("micic_requests",
            $"SELECT count(*) FROM evacuation_request WHERE organisation_id = 'icrc' AND id = '{firstId}'"));
        Assert.Equal(1, await platform.Number("micic_requests", $"SELECT count(*) FROM idempotency_key WHERE key = '{key}'"));
    }

    [Fact]
    public async Task Requests_are_seen_only_within_the_callers_scope()
    {
        using var requester = await platform.LoginAs("unhcr-field", "dev-unhcr-secret");
        var consented = await Submit(requester, Requests.Family(true, Requests.Person("BGD"), Requests.Person("EGY", "Layla")));
        var private_ = await Submit(requester, Requests.Family(false, Requests.Person("BGD")));

        using var bangladesh = await platform.LoginAs("consulate-bgd", "dev-bgd-secret");
        using var philippines = await platform.LoginAs("consulate-phl", "dev-phl-secret");
        using var otherRequester = await platform.LoginAs("redcrescent-intake", "dev-redcrescent-secret");
        using var offerer = await platform.LoginAs("egyptair-charter", "dev-egyptair-secret");

        var seenByConsulate = await bangladesh.GetFromJsonAsync<JsonElement>($"/api/requests/{consented}");
        Assert.Equal(["BGD"], seenByConsulate.GetProperty("people").EnumerateArray().Select(p => p.GetProperty("nationality").GetString()));
        Assert.Equal(1, seenByConsulate.GetProperty("peopleNotShown").GetInt32());

        var notConsented = await bangladesh.GetAsync($"/api/requests/{private_}");
        Assert.Equal(HttpStatusCode.NotFound, notConsented.StatusCode);
        Assert.Equal("application/problem+json", notConsented.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, (await philippines.GetAsync($"/api/requests/{consented}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await otherRequester.GetAsync($"/api/requests/{consented}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await offerer.GetAsync($"/api/requests/{consented}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await requester.GetAsync($"/api/requests/{Guid.NewGuid()}")).StatusCode);

        Assert.Equal(1, await platform.Number("micic_requests",
            $"SELECT count(*) FROM personal_data_access WHERE organisation_id = 'consulate-bgd' AND request_id = '{consented}' AND cardinality(person_ids) = 1"));
    }

    static async Task<Guid> Submit(HttpClient client, object body)
    {
        var response = await client.PostAsJsonAsync("/api/requests", body);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    static Task<HttpResponseMessage> Send(HttpClient client, string key, object body)
    {
        var message = new HttpRequestMessage(HttpMethod.Post, "/api/requests") { Content = JsonContent.Create(body) };
        message.Headers.Add("Idempotency-Key", key);
        return client.SendAsync(message);
    }

    static Task<JsonElement> Summary(HttpClient coordinator) => coordinator.GetFromJsonAsync<JsonElement>("/api/dashboard/summary");
}
