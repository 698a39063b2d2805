using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Micic.IntegrationTests.Infrastructure;

namespace Micic.IntegrationTests.EndToEnd;

/// <summary>
/// What Transit does with a walk-in the intake app sent with its registrant ticket (issued by Requests): logged with who
/// registered it, refused when the ticket is not one the platform issued or another organisation's, held for review when
/// its registrant has been disabled since; and the review of what is held.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class WalkInTicketTests(Platform platform)
{
    const string Held = "/api/transit/held", Registrant = HeldReview.Registrant;

    static string Marker() => HeldReview.Marker("Wk");

    static Task<HttpResponseMessage> Send(HttpClient client, string givenName, string site, (string Key, DateTimeOffset At)? again, params string[] tickets)
    {
        var message = new HttpRequestMessage(HttpMethod.Post, "/api/transit/arrivals")
        {
            Content = JsonContent.Create(new
            {
                siteCode = site, arrivedAt = again?.At ?? DateTimeOffset.UtcNow,
                walkIn = new
                {
                    crisisId = "libya-2011", givenName, familyName = "Haddad", sex = "M", age = 34, nationality = "SDN",
                    document = new { kind = "none" }, needs = new[] { "medical" },
                },
            }),
            Headers = { { "Idempotency-Key", again?.Key ?? Guid.NewGuid().ToString() } },
        };
        foreach (var ticket in tickets)
            message.Headers.TryAddWithoutValidation(Registrant, ticket);
        return client.SendAsync(message);
    }

    Task<int> Stored(string givenName) => platform.Number("micic_transit",
        $"SELECT (SELECT count(*) FROM arrival WHERE given_name = '{givenName}') + (SELECT count(*) FROM held_submission WHERE submission::text LIKE '%{givenName}%')");

    [Fact]
    public async Task A_forged_altered_foreign_doubled_or_huge_ticket_is_refused_and_nothing_is_stored()
    {
        using var egypt = await platform.LoginAs("transit-egypt", "dev-egypt-secret");
        using var tunisia = await platform.LoginAs("transit-tunisia", "dev-tunisia-secret");
        var ticket = await HeldReview.Ticket(egypt);
        var name = Marker();
        foreach (var tickets in HeldReview.Invalid(ticket, "transit-egy").Append([""]))
        {
            using var answer = await Send(egypt, name, "EG-SALLOUM", null, tickets);
            Assert.True(HttpStatusCode.BadRequest == answer.StatusCode, $"{string.Join(",", tickets.Select(t => t.Length > 40 ? t[..40] + "…" : t))}: {(int)answer.StatusCode} {await answer.Content.ReadAsStringAsync()}");
            Assert.Equal("application/problem+json", answer.Content.Headers.ContentType?.MediaType);
            Assert.True((await answer.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty(Registrant, out _));
        }
        // Another organisation's ticket is not sent by this one, even at its own site.
        using var foreign = await Send(tunisia, name, "TN-RAS-AJDIR", null, ticket);
        Assert.Equal(HttpStatusCode.Forbidden, foreign.StatusCode);
        Assert.Equal("Registered by another organisation.", (await foreign.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString());
        Assert.Equal(0, await Stored(name));

        // The organisation's own ticket, issued by Requests, is read by Transit: logged, registered by whom the ticket names.
        using var logged = await Send(egypt, name, "EG-SALLOUM", null, ticket);
        Assert.Equal(HttpStatusCode.Created, logged.StatusCode);
        var arrival = (await logged.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("arrivalId").GetString();
        Assert.Equal(1, await platform.Number("micic_transit",
            $"SELECT count(*) FROM arrival WHERE id = '{arrival}' AND registered_by_id = 'transit-egypt' AND sent_by_id = 'transit-egypt'"));
    }

    [Fact]
    public async Task A_walk_in_registered_by_someone_disabled_since_is_held_for_review_then_accepted_or_discarded_by_a_colleague()
    {
        // Someone no other test signs in as: tokens issued before a disable stay refused after it is lifted.
        var volunteer = SeededPerson.Named("transit-egy.volunteer");
        using var registrant = await platform.Person(volunteer.UserName);
        var ticket = await HeldReview.Ticket(registrant);
        using var disabler = await platform.Person("iom.duty-coordinator");
        var accounts = await disabler.GetFromJsonAsync<JsonElement>("/api/accounts?organisationId=transit-egy&pageSize=100");
        var id = accounts.GetProperty("items").EnumerateArray().Single(a => a.GetProperty("userName").GetString() == volunteer.UserName).GetProperty("id").GetString();
        using var colleague = await platform.LoginAs("transit-egypt", "dev-egypt-secret");
        using var tunisia = await platform.LoginAs("transit-tunisia", "dev-tunisia-secret");
        using var coordinator = await platform.Coordinator();
        try
        {
            Assert.Equal(HttpStatusCode.OK, (await disabler.PostAsJsonAsync($"/api/accounts/{id}/disable", new { reason = "Left the border post" })).StatusCode);
            var (kept, dropped) = (Marker(), Marker());
            var heldIds = new List<string>();
            await Task.Delay(TimeSpan.FromSeconds(1.5)); // every instance knows of a disable within a second
            foreach (var name in new[] { kept, dropped })
            {
                var key = (Guid.NewGuid().ToString(), DateTimeOffset.UtcNow);
                using var answer = await Send(colleague, name, "EG-SALLOUM", key, ticket);
                Assert.Equal(HttpStatusCode.Accepted, answer.StatusCode);
                var held = await answer.Content.ReadFromJsonAsync<JsonElement>();
                Assert.Equal("held", held.GetProperty("status").GetString());
                heldIds.Add(held.GetProperty("id").GetString()!);
                Assert.Null(answer.Headers.Location);
                // Sent again with its Idempotency-Key (the device did not hear the answer): the same answer, held once.
                using var again = await Send(colleague, name, "EG-SALLOUM", key, ticket);
                Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
                Assert.Equal(heldIds[^1], (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString());
                Assert.Equal(1, await platform.Number("micic_transit", $"SELECT count(*) FROM held_submission WHERE submission::text LIKE '%{name}%'"));
                Assert.Equal(0, await platform.Number("micic_transit", $"SELECT count(*) FROM arrival WHERE given_name = '{name}'"));
            }

            // Listed to its organisation at its sites (and the coordinator), not to another; each read of its people is audited.
            var audited = await platform.Number("micic_transit", "SELECT count(*) FROM personal_data_access WHERE purpose = 'held-review'");
            var list = await colleague.GetFromJsonAsync<JsonElement>($"{Held}?status=held&pageSize=500");
            var item = list.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("id").GetString() == heldIds[0]);
            Assert.Equal(id, item.GetProperty("registrant").GetProperty("id").GetString());
            Assert.Equal("transit-egypt", item.GetProperty("sentBy").GetProperty("id").GetString());
            Assert.Equal("EG-SALLOUM", item.GetProperty("siteCode").GetString());
            Assert.Equal(kept, item.GetProperty("submission").GetProperty("walkIn").GetProperty("givenName").GetString());
            Assert.True(await platform.Number("micic_transit", "SELECT count(*) FROM personal_data_access WHERE purpose = 'held-review' AND site_code = 'EG-SALLOUM'") >= audited + 2);
            Assert.DoesNotContain((await tunisia.GetFromJsonAsync<JsonElement>($"{Held}?pageSize=500")).GetProperty("items").EnumerateArray(),
                i => heldIds.Contains(i.GetProperty("id").GetString()!));
            Assert.Contains((await coordinator.GetFromJsonAsync<JsonElement>($"{Held}?status=held&pageSize=500")).GetProperty("items").EnumerateArray(),
                i => i.GetProperty("id").GetString() == heldIds[0]);

            // Hostile reviews: nothing changes.
            using var offerer = await platform.LoginAs("egyptair-charter", "dev-egyptair-secret");
            await HeldReview.RefusesHostileReviews(colleague, tunisia, Held, heldIds);
            Assert.Equal(HttpStatusCode.Forbidden, (await offerer.GetAsync(Held)).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await offerer.PostAsync($"{Held}/{heldIds[0]}/accept", null)).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await platform.Anonymous().GetAsync(Held)).StatusCode);
            Assert.Equal(2, await platform.Number("micic_transit", $"SELECT count(*) FROM held_submission WHERE status = 'held' AND id IN ('{heldIds[0]}', '{heldIds[1]}')"));

            // Accepted: an arrival at the site, registered by the disabled volunteer, sent by the reviewer; once.
            var accepted = await colleague.PostAsync($"{Held}/{heldIds[0]}/accept", null);
            Assert.True(HttpStatusCode.Created == accepted.StatusCode, await accepted.Content.ReadAsStringAsync());
            Assert.Equal("/api/transit/sites/EG-SALLOUM/arrivals", accepted.Headers.Location!.ToString());
            var arrival = (await accepted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("arrivalId").GetString();
            Assert.Equal(1, await platform.Number("micic_transit", $"""
                SELECT count(*) FROM arrival WHERE id = '{arrival}' AND site_code = 'EG-SALLOUM' AND walk_in AND (given_name = '{kept}' OR given_name IS NULL)
                  AND registered_by_id = '{id}' AND sent_by_id = 'transit-egypt' AND recorded_by = 'transit-egy'
                """));
            Assert.Equal(1, await platform.Number("micic_transit", $"SELECT count(*) FROM held_submission WHERE id = '{heldIds[0]}' AND status = 'accepted' AND accepted_as = '{arrival}' AND submission IS NULL"));
            var reviewed = (await coordinator.GetFromJsonAsync<JsonElement>($"{Held}?status=accepted&pageSize=500")).GetProperty("items").EnumerateArray()
                .Single(i => i.GetProperty("id").GetString() == heldIds[0]);
            Assert.Equal(arrival, reviewed.GetProperty("arrivalId").GetString());
            Assert.False(reviewed.TryGetProperty("submission", out _));
            Assert.Equal(HttpStatusCode.Conflict, (await colleague.PostAsync($"{Held}/{heldIds[0]}/accept", null)).StatusCode);
            Assert.Equal(HttpStatusCode.Conflict, (await colleague.PostAsJsonAsync($"{Held}/{heldIds[0]}/discard", new { reason = "late" })).StatusCode);

            // Discarded: the reason kept, the walk-in's data erased, no arrival.
            Assert.Equal(HttpStatusCode.OK, (await colleague.PostAsJsonAsync($"{Held}/{heldIds[1]}/discard", new { reason = "Registered twice" })).StatusCode);
            Assert.Equal(0, await platform.Number("micic_transit", $"SELECT count(*) FROM held_submission WHERE submission::text LIKE '%{dropped}%'"));
            Assert.Equal(1, await platform.Number("micic_transit", $"SELECT count(*) FROM held_submission WHERE id = '{heldIds[1]}' AND discard_reason = 'Registered twice' AND status = 'discarded'"));
            Assert.Equal(0, await platform.Number("micic_transit", $"SELECT count(*) FROM arrival WHERE given_name = '{dropped}'"));
            Assert.Equal(HttpStatusCode.Conflict, (await colleague.PostAsync($"{Held}/{heldIds[1]}/accept", null)).StatusCode);
        }
        finally
        {
            await disabler.PostAsJsonAsync($"/api/accounts/{id}/enable", new { reason = "Back at the border post" });
        }
    }
}
