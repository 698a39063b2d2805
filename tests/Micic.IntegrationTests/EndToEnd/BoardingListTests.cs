using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Micic.IntegrationTests.Infrastructure;
using static Micic.IntegrationTests.Infrastructure.Answers;

namespace Micic.IntegrationTests.EndToEnd;

/// <summary>
/// A ship from Misrata for Nigeriens going home: the carrier syncs its boarding list in one call once the gate has closed —
/// all recorded or none, the no-show back in matching as with a call per passenger, and every bad list refused with
/// the entry named. The route (Misrata for Niger, Nigeriens only) is this test's own.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class BoardingListTests(Platform platform)
{
    static object Nigerien(string givenName, string passport) => new
    {
        givenName, familyName = "Issoufou", sex = "M", age = 38, nationality = "NER", document = new { kind = "passport", number = passport },
        needs = Array.Empty<string>(),
    };

    static object Group(params object[] people) => new
    {
        crisisId = "libya-2011", pickupPlace = "LY-MRA-PORT", destinationCountry = "NER", acceptsThirdCountry = false, consentToShareWithConsulate = true, people,
    };

    static object Ship(int seats, double departsInHours) => new
    {
        crisisId = "libya-2011", provider = "Hellenic Ferries to Niamey", mode = "sea", fromPlace = "LY-MRA-PORT", toPlace = "NE-NIM-AIRPORT",
        destinationCountry = "NER", departsAt = DateTimeOffset.UtcNow.AddHours(departsInHours), seats,
        eligibility = new { nationalities = new[] { "NER" }, familyMembersOfAnyNationality = false, acceptsMedical = true, acceptsUnaccompaniedChildren = true },
    };

    /// <summary>The manifest's boarding, person by person, as stored: what a refused list must leave as it was.</summary>
    Task<string?> Boarding(Guid manifestId) =>
        platform.Text("micic_manifests", $"SELECT string_agg(person_id || '=' || boarding, ',' ORDER BY person_id) FROM passenger WHERE manifest_id = '{manifestId}'");

    static object List(params (Guid PersonId, string Status)[] passengers) => new { passengers = passengers.Select(p => new { p.PersonId, p.Status }) };

    static async Task<Dictionary<string, string[]>> Refused(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return JsonSerializer.Deserialize<JsonElement>(body).GetProperty("errors").EnumerateObject()
            .ToDictionary(field => field.Name, field => field.Value.EnumerateArray().Select(e => e.GetString()!).ToArray());
    }

    [Fact]
    public async Task A_carrier_boards_its_list_in_one_call_all_or_nothing_and_its_no_show_goes_back_to_matching()
    {
        using var ferries = await platform.LoginAs("hellenic-ferries", "dev-ferries-secret");
        using var unhcr = await platform.LoginAs("unhcr-field", "dev-unhcr-secret");

        // A family of three on the first ship; a man alone on the second, which leaves later.
        var ship = (await Ok(await ferries.PostAsJsonAsync("/api/offers", Ship(seats: 3, departsInHours: 6)))).GetProperty("id").GetGuid();
        var family = (await Ok(await unhcr.PostAsJsonAsync("/api/requests",
            Group(Nigerien("Moussa", "NE1100001"), Nigerien("Hadiza", "NE1100002"), Nigerien("Abdou", "NE1100003"))))).GetProperty("id").GetGuid();
        await Eventually.Get(() => platform.SagasIn([family], "Matched"), matched => matched == 1, TimeSpan.FromMinutes(1), "the family to be matched");
        var later = (await Ok(await ferries.PostAsJsonAsync("/api/offers", Ship(seats: 1, departsInHours: 30)))).GetProperty("id").GetGuid();
        var alone = (await Ok(await unhcr.PostAsJsonAsync("/api/requests", Group(Nigerien("Issa", "NE1100004"))))).GetProperty("id").GetGuid();
        await Eventually.Get(() => platform.SagasIn([alone], "Matched"), matched => matched == 1, TimeSpan.FromMinutes(1), "the man alone to be matched");

        var manifest = await Manifests.WithEveryoneOn(ferries, ship, people: 3);
        var manifestId = manifest.GetProperty("id").GetGuid();
        Guid PersonNamed(string name) => manifest.GetProperty("passengers").EnumerateArray()
            .Single(p => p.GetProperty("givenName").GetString() == name).GetProperty("personId").GetGuid();
        var laterManifest = await Manifests.WithEveryoneOn(ferries, later, people: 1);
        var issa = laterManifest.GetProperty("passengers")[0].GetProperty("personId").GetGuid();
        var (moussa, hadiza, abdou) = (PersonNamed("Moussa"), PersonNamed("Hadiza"), PersonNamed("Abdou"));
        var url = $"/api/manifests/{manifestId}/boarding";
        var gate = List((moussa, "boarded"), (hadiza, "boarded"), (abdou, "no-show"));

        // Not before the gate has closed; and only the carrier (or a coordinator) boards: another carrier or a consulate finds
        // no such manifest, a transit authority may not board at all.
        var early = await ferries.PostAsJsonAsync(url, gate);
        Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);
        Assert.Equal("application/problem+json", early.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.OK, (await ferries.PostAsync($"/api/manifests/{manifestId}/close", null)).StatusCode);
        var untouched = await Boarding(manifestId);
        Assert.DoesNotContain("boarded", untouched);
        using (var egyptair = await platform.LoginAs("egyptair-charter", "dev-egyptair-secret"))
            Assert.Equal(HttpStatusCode.NotFound, (await egyptair.PostAsJsonAsync(url, gate)).StatusCode);
        using (var niger = await platform.LoginAs("consulate-ner", "dev-ner-secret"))
            Assert.Equal(HttpStatusCode.NotFound, (await niger.PostAsJsonAsync(url, gate)).StatusCode);
        using (var tunisia = await platform.LoginAs("transit-tunisia", "dev-tunisia-secret"))
            Assert.Equal(HttpStatusCode.Forbidden, (await tunisia.PostAsJsonAsync(url, gate)).StatusCode);

        // Every bad list is refused whole, the entry named, and nothing is recorded.
        Assert.Equal(["passengers"], (await Refused(await ferries.PostAsJsonAsync(url, List()))).Keys);
        var tooMany = Enumerable.Range(0, 1001).Select(_ => (Guid.NewGuid(), "boarded")).ToArray();
        Assert.Equal(["passengers"], (await Refused(await ferries.PostAsJsonAsync(url, List(tooMany)))).Keys);
        Assert.Contains("not both", (await Refused(await ferries.PostAsJsonAsync(url,
            new { personId = moussa, status = "boarded", passengers = new[] { new { personId = hadiza, status = "boarded" } } })))["passengers"][0]);
        var stranger = await Refused(await ferries.PostAsJsonAsync(url, List((moussa, "boarded"), (Guid.NewGuid(), "boarded"), (issa, "boarded"))));
        Assert.Equal(["passengers[1].personId", "passengers[2].personId"], stranger.Keys.Order(StringComparer.Ordinal)); // Issa is on the later ship
        Assert.Contains(issa.ToString(), stranger["passengers[2].personId"][0]);
        var twice = await Refused(await ferries.PostAsJsonAsync(url, List((moussa, "boarded"), (hadiza, "boarded"), (moussa, "no-show"))));
        Assert.Equal(["passengers[2].personId"], twice.Keys);
        Assert.Contains("passengers[0]", twice["passengers[2].personId"][0]);
        Assert.Equal(["passengers[1].status"], (await Refused(await ferries.PostAsJsonAsync(url, List((moussa, "boarded"), (hadiza, "asleep"))))).Keys);
        Assert.Equal(["passengers[0].status"], (await Refused(await ferries.PostAsJsonAsync(url, List((moussa, "expected"))))).Keys);
        Assert.Equal(["passengers[0].status", "passengers[1].personId", "passengers[2]"], (await Refused(await ferries.PostAsJsonAsync(url,
            new { passengers = new object?[] { new { personId = moussa }, new { status = "boarded" }, null } }))).Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["passengers"], (await Refused(await ferries.PostAsync(url,
            new StringContent("""{"passengers":"everyone"}""", Encoding.UTF8, "application/json")))).Keys);
        Assert.Equal(untouched, await Boarding(manifestId));

        // The gate's list: one call, the manifest in figures back, nobody's data in it (so no read of it to audit).
        var synced = await Ok(await ferries.PostAsJsonAsync(url, gate));
        Assert.Equal((manifestId, ship, "closed", 3, 2, 1, 0, 3),
            (synced.GetProperty("id").GetGuid(), synced.GetProperty("offerId").GetGuid(), synced.GetProperty("status").GetString(),
                synced.GetProperty("recorded").GetInt32(), synced.GetProperty("boarded").GetInt32(), synced.GetProperty("noShows").GetInt32(),
                synced.GetProperty("expected").GetInt32(), synced.GetProperty("totalPassengers").GetInt32()));
        Assert.False(synced.TryGetProperty("passengers", out _));
        Assert.Equal(0, await platform.Number("micic_manifests", $"SELECT count(*) FROM personal_data_access WHERE manifest_id = '{manifestId}' AND purpose = 'boarding'"));
        var recorded = (await ferries.GetFromJsonAsync<JsonElement>($"/api/manifests/{manifestId}")).GetProperty("passengers").EnumerateArray()
            .ToDictionary(p => p.GetProperty("personId").GetGuid(), p => p.GetProperty("boarding").GetString());
        Assert.Equal(new Dictionary<Guid, string?> { [moussa] = "boarded", [hadiza] = "boarded", [abdou] = "no-show" }, recorded);

        // Abdou goes back to matching on a request of his own, as after a call of his own; his family travels on.
        var abdousRequest = await Eventually.Get(() => platform.Text("micic_requests", $"SELECT request_id::text FROM person WHERE id = '{abdou}'"),
            request => request is not null && request != family.ToString(), what: "Abdou to get a request of his own");
        await Eventually.Get(() => platform.SagasIn([Guid.Parse(abdousRequest!)], "Pending"), count => count == 1, what: "Abdou's request to wait for a seat");

        // The same list again records what the same calls again would: boarding someone boarded changes nothing, and a no-show
        // stays one (he is back in matching) — the whole list is then refused, naming him.
        var again = await Ok(await ferries.PostAsJsonAsync(url, List((moussa, "boarded"), (hadiza, "boarded"))));
        Assert.Equal((2, 1, 0), (again.GetProperty("boarded").GetInt32(), again.GetProperty("noShows").GetInt32(), again.GetProperty("expected").GetInt32()));
        var repeated = await ferries.PostAsJsonAsync(url, gate);
        Assert.Equal(HttpStatusCode.Conflict, repeated.StatusCode);
        Assert.Contains(abdou.ToString(), (await repeated.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());

        // The family leaves with the two aboard. On the later ship nobody was listed: at its departure Issa is a no-show too,
        // back in matching on a request of his own, and his group, now empty, closes.
        Assert.Equal(HttpStatusCode.OK, (await ferries.PostAsJsonAsync($"/api/manifests/{manifestId}/depart", new { departedAt = DateTimeOffset.UtcNow })).StatusCode);
        await Eventually.Get(() => platform.SagasIn([family], "Departed"), count => count == 1, what: "the family to have departed");
        var laterId = laterManifest.GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.OK, (await ferries.PostAsync($"/api/manifests/{laterId}/close", null)).StatusCode);
        var departed = await Ok(await ferries.PostAsJsonAsync($"/api/manifests/{laterId}/depart", new { departedAt = DateTimeOffset.UtcNow }));
        Assert.Equal("no-show", departed.GetProperty("passengers")[0].GetProperty("boarding").GetString());
        await Eventually.Get(() => platform.Text("micic_requests", $"SELECT request_id::text FROM person WHERE id = '{issa}'"),
            request => request is not null && request != alone.ToString(), what: "Issa to get a request of his own");
        await Eventually.Get(() => platform.SagasIn([alone], "Cancelled"), count => count == 1, what: "Issa's old, now empty, group to be closed");
    }

    [Fact]
    public async Task The_API_reference_describes_both_forms_of_boarding()
    {
        using var anonymous = platform.Anonymous();
        var document = await anonymous.GetFromJsonAsync<JsonElement>("/api/docs/manifests");
        var boarding = document.GetProperty("paths").GetProperty("/api/manifests/{id}/boarding").GetProperty("post");
        Assert.Contains("{passengers: [{personId, status}]}", boarding.GetProperty("description").GetString());
        var body = document.GetProperty("components").GetProperty("schemas").GetProperty("BoardingBody");
        Assert.Equal(["passengers", "personId", "status"], body.GetProperty("properties").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        // Either form alone is a whole body: nothing in it is required as such.
        Assert.False(body.TryGetProperty("required", out var required) && required.GetArrayLength() > 0, body.ToString());
        Assert.True(document.GetProperty("components").GetProperty("schemas").TryGetProperty("BoardingSummary", out _));
    }
}
