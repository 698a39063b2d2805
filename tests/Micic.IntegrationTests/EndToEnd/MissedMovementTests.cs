using System.Net.Http.Json;
using System.Text.Json;
using Micic.IntegrationTests.Infrastructure;
using static Micic.IntegrationTests.Infrastructure.Answers;

namespace Micic.IntegrationTests.EndToEnd;

/// <summary>
/// A family's seats are confirmed in the very moment its bus closes for boarding: it must not wait on a list that has
/// left, but go back to matching whole and take the next bus.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class MissedMovementTests(Platform platform)
{
    // Malians from Misrata: no other test sends them, so no other group takes these seats.
    static object Bus(double departsInHours) => new
    {
        crisisId = "libya-2011", provider = "IOM road convoy", mode = "land", fromPlace = "LY-MRA-PORT", toPlace = "TN-RAS-AJDIR",
        destinationCountry = "TUN", departsAt = DateTimeOffset.UtcNow.AddHours(departsInHours), seats = 50,
        eligibility = new { nationalities = new[] { "MLI" }, familyMembersOfAnyNationality = false, acceptsMedical = true, acceptsUnaccompaniedChildren = true },
    };

    [Fact]
    public async Task A_group_matched_as_its_movement_closes_goes_back_whole_and_takes_the_next()
    {
        using var iom = await platform.Coordinator();
        using var unhcr = await platform.LoginAs("unhcr-field", "dev-unhcr-secret");
        var first = (await Ok(await iom.PostAsJsonAsync("/api/offers", Bus(departsInHours: 2)))).GetProperty("id").GetGuid();
        var next = (await Ok(await iom.PostAsJsonAsync("/api/offers", Bus(departsInHours: 8)))).GetProperty("id").GetGuid();
        await Eventually.Get(() => iom.GetFromJsonAsync<JsonElement>($"/api/manifests?offerId={first}"),
            manifests => manifests.GetProperty("items").GetArrayLength() == 1, TimeSpan.FromMinutes(1), "the first bus's manifest");

        // Manifests is down while the family is matched to the first bus; the bus closes for boarding in that moment (as a
        // close committed just before the match reaches Manifests would leave it).
        await platform.Stop("manifests");
        Guid family;
        try
        {
            family = (await Ok(await unhcr.PostAsJsonAsync("/api/requests", new
            {
                crisisId = "libya-2011", pickupPlace = "LY-MRA-PORT", destinationCountry = "TUN", acceptsThirdCountry = false,
                consentToShareWithConsulate = false,
                people = new[] { Requests.Person(nationality: "MLI", givenName: "Moussa"), Requests.Person(nationality: "MLI", givenName: "Awa") },
            }))).GetProperty("id").GetGuid();
            await Eventually.Get(() => Offer(iom, family), offer => offer == first, TimeSpan.FromMinutes(1), "the family to be matched to the first bus");
            Assert.Equal(1, await platform.Number("micic_manifests",
                $"WITH closed AS (UPDATE manifest SET status = 'closed', closed_at = now() WHERE offer_id = '{first}' RETURNING 1) SELECT count(*) FROM closed"));
        }
        finally
        {
            await platform.Start("manifests");
        }

        await Eventually.Get(() => Offer(iom, family), offer => offer == next, TimeSpan.FromMinutes(1), "the family to be matched to the next bus");
        var manifest = await Manifests.WithEveryoneOn(iom, next, people: 2);
        Assert.Equal(["Awa", "Moussa"], manifest.GetProperty("passengers").EnumerateArray().Select(p => p.GetProperty("givenName").GetString()).Order());
        Assert.Equal(0, await platform.Number("micic_manifests",
            $"SELECT count(*) FROM passenger p JOIN manifest m ON m.id = p.manifest_id WHERE m.offer_id = '{first}'"));
        var history = await iom.GetFromJsonAsync<JsonElement>($"/api/matching/{family}");
        Assert.Contains("the movement had closed for boarding", history.ToString());
    }

    /// <summary>The offer a group is matched to, if it is matched.</summary>
    static async Task<Guid?> Offer(HttpClient coordinator, Guid requestId) =>
        await coordinator.GetAsync($"/api/matching/{requestId}") is { IsSuccessStatusCode: true } found
        && await found.Content.ReadFromJsonAsync<JsonElement>() is var view && view.GetProperty("state").GetString() == "matched"
            ? view.GetProperty("offerId").GetGuid()
            : null;
}
