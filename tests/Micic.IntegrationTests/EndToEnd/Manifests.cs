using System.Net.Http.Json;
using System.Text.Json;
using Micic.IntegrationTests.Infrastructure;
using static Micic.IntegrationTests.Infrastructure.Answers;

namespace Micic.IntegrationTests.EndToEnd;

/// <summary>Reading manifests as carriers and coordinators do, and sending movements on their way.</summary>
public static class Manifests
{
    /// <summary>
    /// The manifest of an offer once <paramref name="people"/> are on it with their details: groups join a manifest as
    /// soon as they are matched, and their people's details follow from Requests.
    /// </summary>
    public static async Task<JsonElement> WithEveryoneOn(HttpClient client, Guid offerId, int people)
    {
        var list = await Eventually.Get(() => client.GetFromJsonAsync<JsonElement>($"/api/manifests?offerId={offerId}"),
            manifests => manifests.GetProperty("items").GetArrayLength() == 1 && manifests.GetProperty("items")[0].GetProperty("passengers").GetInt32() == people,
            TimeSpan.FromMinutes(1), $"the manifest to list {people} passengers");
        var id = list.GetProperty("items")[0].GetProperty("id").GetGuid();
        return await Eventually.Get(() => client.GetFromJsonAsync<JsonElement>($"/api/manifests/{id}"),
            manifest => manifest.GetProperty("awaitingDetails").GetInt32() == 0, TimeSpan.FromMinutes(1), "every passenger's details to arrive");
    }

    /// <summary>Once <paramref name="people"/> are on the offer's manifest: closed, everyone boarded, departed now. The departed manifest.</summary>
    public static async Task<JsonElement> DepartWithEveryoneOn(HttpClient client, Guid offerId, int people)
    {
        var id = (await WithEveryoneOn(client, offerId, people)).GetProperty("id").GetGuid();
        var manifest = await Ok(await client.PostAsync($"/api/manifests/{id}/close", null));
        foreach (var passenger in manifest.GetProperty("passengers").EnumerateArray())
            await Ok(await client.PostAsJsonAsync($"/api/manifests/{id}/boarding", new { personId = passenger.GetProperty("personId").GetGuid(), status = "boarded" }));
        return await Ok(await client.PostAsJsonAsync($"/api/manifests/{id}/depart", new { departedAt = DateTimeOffset.UtcNow }));
    }

    /// <summary>
    /// One Tunisian going home by road, from Tripoli's port to Ras Ajdir, departed now: a person Tunisia's transit authority
    /// expects there. The offer takes Tunisians only and no other test sends Tunisians from that port, so no other group
    /// takes its seat; the manifest is found through the group's own match.
    /// </summary>
    public static async Task<(Guid PersonId, DateTimeOffset DepartedAt)> TunisianOnTheRoadToRasAjdir(Platform platform)
    {
        using var iom = await platform.Coordinator();
        using var unhcr = await platform.LoginAs("unhcr-field", "dev-unhcr-secret");
        using var tunisia = await platform.LoginAs("transit-tunisia", "dev-tunisia-secret");
        await Ok(await iom.PostAsJsonAsync("/api/offers", new
        {
            crisisId = "libya-2011", provider = "Tunisian Red Crescent buses", mode = "land", fromPlace = "LY-TIP-PORT", toPlace = "TN-RAS-AJDIR",
            destinationCountry = "TUN", departsAt = DateTimeOffset.UtcNow.AddHours(3), seats = 1,
            eligibility = new { nationalities = new[] { "TUN" }, familyMembersOfAnyNationality = false, acceptsMedical = true, acceptsUnaccompaniedChildren = true },
        }));
        var request = (await Ok(await unhcr.PostAsJsonAsync("/api/requests", new
        {
            crisisId = "libya-2011", pickupPlace = "LY-TIP-PORT", destinationCountry = "TUN", acceptsThirdCountry = false, consentToShareWithConsulate = false,
            people = new[] { Requests.Person(nationality: "TUN", givenName: "Hedi") },
        }))).GetProperty("id").GetGuid();
        // Matching hears of the request a moment after it is stored: until then, a 404.
        var matched = await Eventually.Get(async () => await iom.GetAsync($"/api/matching/{request}") is { IsSuccessStatusCode: true } found
                ? await found.Content.ReadFromJsonAsync<JsonElement>() : default,
            view => view.ValueKind == JsonValueKind.Object && view.GetProperty("state").GetString() == "matched", TimeSpan.FromMinutes(1),
            "the Tunisian to be matched");
        var departed = await DepartWithEveryoneOn(iom, matched.GetProperty("offerId").GetGuid(), people: 1);
        var expected = await Eventually.Get(() => tunisia.GetFromJsonAsync<JsonElement>("/api/transit/sites/TN-RAS-AJDIR/expected"),
            list => list.EnumerateArray().Any(person => person.GetProperty("requestId").GetGuid() == request), TimeSpan.FromMinutes(1),
            "Ras Ajdir to expect the Tunisian");
        var person = expected.EnumerateArray().First(person => person.GetProperty("requestId").GetGuid() == request);
        return (person.GetProperty("personId").GetGuid(), person.GetProperty("departedAt").GetDateTimeOffset());
    }
}
