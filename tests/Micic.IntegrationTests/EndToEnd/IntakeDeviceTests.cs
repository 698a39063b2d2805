using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Micic.IntegrationTests.Infrastructure;

namespace Micic.IntegrationTests.EndToEnd;

/// <summary>
/// What the intake app's devices are given (the organisation's key, a registrant ticket) and what Requests does with a
/// family sent with a ticket: accepted with who registered it, refused when the ticket is not one it issued or another
/// organisation's, held for review when its registrant has been disabled since; and the review of what is held.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class IntakeDeviceTests(Platform platform)
{
    const string Device = HeldReview.Device, Held = "/api/requests/held", Registrant = HeldReview.Registrant;

    static string Marker() => HeldReview.Marker("Tk");

    Task<HttpClient> Person(string userName) => platform.Person(userName);

    static Task<string> Ticket(HttpClient person) => HeldReview.Ticket(person);

    static Task<HttpResponseMessage> Send(HttpClient client, string givenName, params string[] tickets)
    {
        var message = new HttpRequestMessage(HttpMethod.Post, "/api/requests")
        {
            Content = JsonContent.Create(Requests.Family(true, Requests.Person(givenName: givenName))),
            Headers = { { "Idempotency-Key", Guid.NewGuid().ToString() } },
        };
        foreach (var ticket in tickets)
            message.Headers.TryAddWithoutValidation(Registrant, ticket);
        return client.SendAsync(message);
    }

    Task<int> Stored(string givenName) => platform.Number("micic_requests",
        $"SELECT (SELECT count(*) FROM person WHERE given_name = '{givenName}') + (SELECT count(*) FROM held_submission WHERE submission::text LIKE '%{givenName}%')");

    [Fact]
    public async Task A_device_gets_its_organisations_key_and_a_ticket_that_records_who_registered_a_family()
    {
        using var officer = await Person("unhcr.officer");
        var first = await officer.GetAsync(Device);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Contains("no-store", first.Headers.CacheControl?.ToString());
        var device = await first.Content.ReadFromJsonAsync<JsonElement>();
        var key = Convert.FromBase64String(device.GetProperty("organisationKey").GetString()!);
        Assert.Equal(32, key.Length);
        using var machine = await platform.LoginAs("unhcr-field", "dev-unhcr-secret");
        Assert.Equal(key, Convert.FromBase64String((await machine.GetFromJsonAsync<JsonElement>(Device)).GetProperty("organisationKey").GetString()!));
        using var icrc = await platform.LoginAs("redcrescent-intake", "dev-redcrescent-secret");
        Assert.NotEqual(key, Convert.FromBase64String((await icrc.GetFromJsonAsync<JsonElement>(Device)).GetProperty("organisationKey").GetString()!));
        using var offerer = await platform.LoginAs("egyptair-charter", "dev-egyptair-secret");
        Assert.Equal(HttpStatusCode.Forbidden, (await offerer.GetAsync(Device)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await platform.Anonymous().GetAsync(Device)).StatusCode);

        // The officer's ticket, sent by the organisation's machine client: accepted, registered by her, sent by the client.
        var name = Marker();
        var sent = await Send(machine, name, device.GetProperty("registrant").GetString()!);
        Assert.Equal(HttpStatusCode.Accepted, sent.StatusCode);
        var request = await officer.GetFromJsonAsync<JsonElement>(sent.Headers.Location!.ToString());
        Assert.Equal("unhcr.officer", request.GetProperty("registeredBy").GetProperty("name").GetString());
        Assert.Equal("unhcr-field", request.GetProperty("sentBy").GetProperty("id").GetString());
    }

    [Fact]
    public async Task A_forged_altered_foreign_doubled_or_huge_ticket_is_refused_and_nothing_is_stored()
    {
        using var unhcr = await platform.LoginAs("unhcr-field", "dev-unhcr-secret");
        using var icrc = await platform.LoginAs("redcrescent-intake", "dev-redcrescent-secret");
        var ticket = await Ticket(unhcr);
        var name = Marker();
        foreach (var tickets in HeldReview.Invalid(ticket, "unhcr"))
        {
            using var answer = await Send(unhcr, name, tickets);
            Assert.True(HttpStatusCode.BadRequest == answer.StatusCode, $"{string.Join(",", tickets.Select(t => t.Length > 40 ? t[..40] + "…" : t))}: {(int)answer.StatusCode} {await answer.Content.ReadAsStringAsync()}");
            Assert.Equal("application/problem+json", answer.Content.Headers.ContentType?.MediaType);
        }
        // Another organisation's ticket is not sent by this one.
        using var foreign = await Send(icrc, name, ticket);
        Assert.Equal(HttpStatusCode.Forbidden, foreign.StatusCode);
        Assert.Equal(0, await Stored(name));
    }

    [Fact]
    public async Task A_family_registered_by_someone_disabled_since_is_held_for_review_then_accepted_or_discarded_by_a_colleague()
    {
        // Someone no other test signs in as: tokens issued before a disable stay refused after it is lifted.
        var officer = SeededPerson.Named("unhcr.volunteer");
        using var registrant = await Person(officer.UserName);
        var ticket = await Ticket(registrant);
        using var admin = await Person("unhcr.admin");
        var accounts = await admin.GetFromJsonAsync<JsonElement>("/api/accounts");
        var id = accounts.GetProperty("items").EnumerateArray().Single(a => a.GetProperty("userName").GetString() == officer.UserName).GetProperty("id").GetString();
        using var colleague = await platform.LoginAs("unhcr-field", "dev-unhcr-secret");
        using var icrc = await platform.LoginAs("redcrescent-intake", "dev-redcrescent-secret");
        using var coordinator = await platform.Coordinator();
        try
        {
            Assert.Equal(HttpStatusCode.OK, (await admin.PostAsJsonAsync($"/api/accounts/{id}/disable", new { reason = "Left the mission" })).StatusCode);
            var (kept, dropped) = (Marker(), Marker());
            var heldIds = new List<string>();
            await Task.Delay(TimeSpan.FromSeconds(1.5)); // every instance knows of a disable within a second
            foreach (var name in new[] { kept, dropped })
            {
                using var answer = await Send(colleague, name, ticket);
                Assert.Equal(HttpStatusCode.Accepted, answer.StatusCode);
                var held = await answer.Content.ReadFromJsonAsync<JsonElement>();
                Assert.Equal("held", held.GetProperty("status").GetString());
                heldIds.Add(held.GetProperty("id").GetString()!);
                Assert.Null(answer.Headers.Location);
                Assert.Equal(0, await platform.Number("micic_requests", $"SELECT count(*) FROM person WHERE given_name = '{name}'"));
            }

            // Listed to its organisation (and the coordinator), not to another; each read of its people is audited.
            var audited = await platform.Number("micic_requests", "SELECT count(*) FROM personal_data_access WHERE purpose = 'held-review'");
            var list = await colleague.GetFromJsonAsync<JsonElement>($"{Held}?status=held&pageSize=500");
            var item = list.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("id").GetString() == heldIds[0]);
            Assert.Equal(id, item.GetProperty("registrant").GetProperty("id").GetString());
            Assert.Equal("unhcr-field", item.GetProperty("sentBy").GetProperty("id").GetString());
            Assert.Equal(kept, item.GetProperty("submission").GetProperty("people")[0].GetProperty("givenName").GetString());
            Assert.True(await platform.Number("micic_requests", "SELECT count(*) FROM personal_data_access WHERE purpose = 'held-review'") >= audited + 2);
            Assert.DoesNotContain((await icrc.GetFromJsonAsync<JsonElement>($"{Held}?pageSize=500")).GetProperty("items").EnumerateArray(),
                i => heldIds.Contains(i.GetProperty("id").GetString()!));
            Assert.Contains((await coordinator.GetFromJsonAsync<JsonElement>($"{Held}?status=held&pageSize=500")).GetProperty("items").EnumerateArray(),
                i => i.GetProperty("id").GetString() == heldIds[0]);

            // Hostile reviews: nothing changes.
            await HeldReview.RefusesHostileReviews(colleague, icrc, Held, heldIds);
            Assert.Equal(2, await platform.Number("micic_requests", $"SELECT count(*) FROM held_submission WHERE status = 'held' AND id IN ('{heldIds[0]}', '{heldIds[1]}')"));

            // Accepted: a request of the organisation, registered by the disabled officer, sent by the reviewer; once.
            var accepted = await colleague.PostAsync($"{Held}/{heldIds[0]}/accept", null);
            Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
            var request = await colleague.GetFromJsonAsync<JsonElement>(accepted.Headers.Location!.ToString());
            Assert.Equal(id, request.GetProperty("registeredBy").GetProperty("id").GetString());
            Assert.Equal("unhcr-field", request.GetProperty("sentBy").GetProperty("id").GetString());
            Assert.Equal(kept, request.GetProperty("people")[0].GetProperty("givenName").GetString());
            Assert.Equal(HttpStatusCode.Conflict, (await colleague.PostAsync($"{Held}/{heldIds[0]}/accept", null)).StatusCode);
            Assert.Equal(HttpStatusCode.Conflict, (await colleague.PostAsJsonAsync($"{Held}/{heldIds[0]}/discard", new { reason = "late" })).StatusCode);

            // Discarded: the reason kept, the family's data erased.
            Assert.Equal(HttpStatusCode.OK, (await colleague.PostAsJsonAsync($"{Held}/{heldIds[1]}/discard", new { reason = "Registered twice" })).StatusCode);
            Assert.Equal(0, await platform.Number("micic_requests", $"SELECT count(*) FROM held_submission WHERE submission::text LIKE '%{dropped}%'"));
            Assert.Equal(1, await platform.Number("micic_requests", $"SELECT count(*) FROM held_submission WHERE id = '{heldIds[1]}' AND discard_reason = 'Registered twice' AND status = 'discarded'"));
            Assert.Equal(0, await platform.Number("micic_requests", $"SELECT count(*) FROM person WHERE given_name = '{dropped}'"));
        }
        finally
        {
            await admin.PostAsJsonAsync($"/api/accounts/{id}/enable", new { reason = "Back on the mission" });
        }
    }
}
