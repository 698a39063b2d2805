using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Micic.IntegrationTests.Infrastructure;
using static Micic.IntegrationTests.Infrastructure.Answers;

namespace Micic.IntegrationTests.EndToEnd;

/// <summary>
/// A Bangladeshi couple from Benghazi by sea to Djerba, where one is received, screened, referred and flown home on an
/// onward flight while the other never arrives and is flagged missing; a walk-in at Ras Ajdir is sent onward too.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class JourneyTests(Platform platform)
{
    static object Person(string givenName) => new
    {
        givenName, familyName = "Akter", sex = "F", age = 29, nationality = "BGD",
        document = new { kind = "passport", number = "BA1234567" }, needs = Array.Empty<string>(),
    };

    static object Movement(string mode, string from, string to, string country) => new
    {
        crisisId = "libya-2011", provider = "IOM", mode, fromPlace = from, toPlace = to, destinationCountry = country,
        departsAt = DateTimeOffset.UtcNow.AddHours(4), seats = 20,
        eligibility = new { familyMembersOfAnyNationality = false, acceptsMedical = true, acceptsUnaccompaniedChildren = true },
    };

    Task<string?> StateOf(Guid requestId) =>
        platform.Text("micic_matching", $"SELECT current_state FROM evacuation_saga WHERE correlation_id = '{requestId}'");

    [Fact]
    public async Task From_request_to_home_with_screening_referrals_an_onward_flight_a_walk_in_and_a_person_missing()
    {
        using var iom = await platform.Coordinator();
        using var unhcr = await platform.LoginAs("unhcr-field", "dev-unhcr-secret");
        using var tunisia = await platform.LoginAs("transit-tunisia", "dev-tunisia-secret");
        using var egypt = await platform.LoginAs("transit-egypt", "dev-egypt-secret");
        using var bgd = await platform.LoginAs("consulate-bgd", "dev-bgd-secret");
        using var egy = await platform.LoginAs("consulate-egy", "dev-egy-secret");

        // Benghazi to Djerba by sea: a third country for a couple going home to Bangladesh.
        var ship = (await Ok(await iom.PostAsJsonAsync("/api/offers", Movement("sea", "LY-BEN-PORT", "TN-DJERBA-AIRPORT", "TUN")))).GetProperty("id").GetGuid();
        var couple = (await Ok(await unhcr.PostAsJsonAsync("/api/requests", new
        {
            crisisId = "libya-2011", pickupPlace = "LY-BEN-PORT", destinationCountry = "BGD", acceptsThirdCountry = true,
            consentToShareWithConsulate = true, people = new[] { Person("Salma"), Person("Nasreen") },
        }))).GetProperty("id").GetGuid();
        var departure = await Manifests.DepartWithEveryoneOn(iom, ship, people: 2);
        var manifestId = departure.GetProperty("id").GetGuid();
        await Eventually.Get(() => StateOf(couple), state => state == "Departed", what: "the couple to have departed");

        // Djerba expects them; Egypt's transit authority may not act there.
        var expected = await Eventually.Get(() => tunisia.GetFromJsonAsync<JsonElement>("/api/transit/sites/TN-DJERBA-AIRPORT/expected"),
            list => list.EnumerateArray().Count(p => p.GetProperty("requestId").GetGuid() == couple) == 2, what: "Djerba to expect the couple");
        var salma = expected.EnumerateArray().Single(p => p.GetProperty("givenName").GetString() == "Salma").GetProperty("personId").GetGuid();
        Assert.Equal(HttpStatusCode.Forbidden, (await egypt.GetAsync("/api/transit/sites/TN-DJERBA-AIRPORT/expected")).StatusCode);
        var arrival = new
        {
            siteCode = "TN-DJERBA-AIRPORT", arrivedAt = DateTimeOffset.UtcNow, personId = salma,
            screening = new { needs = new[] { "pregnant" }, notes = "about 24 weeks" },
            referrals = new[] { new { to = "medical", consent = true }, new { to = "asylum", consent = false } },
            onward = new { destinationCountry = "BGD", pickupPlace = "TN-DJERBA-AIRPORT" },
        };
        Assert.Equal(HttpStatusCode.Forbidden, (await egypt.PostAsJsonAsync("/api/transit/arrivals", arrival)).StatusCode);
        var transitBefore = await platform.Number("micic_transit", "SELECT count(*) FROM arrival");
        Assert.Equal(HttpStatusCode.BadRequest, (await tunisia.PostAsJsonAsync("/api/transit/arrivals", new
        {
            siteCode = "TN-DJERBA-AIRPORT", arrivedAt = DateTimeOffset.UtcNow, personId = salma, referrals = new[] { new { to = "medical" } },
        })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await tunisia.PostAsJsonAsync("/api/transit/arrivals", new { siteCode = "XX-NOWHERE", arrivedAt = DateTimeOffset.UtcNow, personId = salma })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await tunisia.PostAsJsonAsync("/api/transit/arrivals", new { siteCode = "TN-DJERBA-AIRPORT", arrivedAt = DateTimeOffset.UtcNow, personId = Guid.NewGuid() })).StatusCode);
        Assert.Equal(transitBefore, await platform.Number("micic_transit", "SELECT count(*) FROM arrival"));

        // Salma is received, screened, referred, and sent onward; the couple is now in transit.
        var logged = await Ok(await tunisia.PostAsJsonAsync("/api/transit/arrivals", arrival));
        var onward = logged.GetProperty("onwardRequestId").GetGuid();
        Assert.Equal(HttpStatusCode.Conflict, (await tunisia.PostAsJsonAsync("/api/transit/arrivals", arrival)).StatusCode);
        Assert.Equal(2, await platform.Number("micic_transit", $"SELECT count(*) FROM referral WHERE arrival_id = '{logged.GetProperty("arrivalId").GetGuid()}'"));
        // The medical referral reaches the health post at Djerba, which sees who she is, as her group gave it at intake.
        using var health = await platform.LoginAs("trc-health", "dev-trc-health-secret");
        var referred = (await Ok(await health.GetAsync("/api/referrals?service=medical&pageSize=500"))).GetProperty("items").EnumerateArray()
            .Single(r => r.GetProperty("person").GetProperty("personId").GetGuid() == salma).GetProperty("person");
        Assert.Equal(("Salma", 29, "F", "BGD"), (referred.GetProperty("givenName").GetString(), referred.GetProperty("age").GetInt32(),
            referred.GetProperty("sex").GetString(), referred.GetProperty("nationality").GetString()));
        Assert.Equal(["pregnant"], referred.GetProperty("needs").EnumerateArray().Select(need => need.GetString()));
        await Eventually.Get(() => StateOf(couple), state => state == "InTransit", what: "the couple to be in transit");

        // Nasreen never arrives: after the window she is flagged, and her consulate — only hers — sees it.
        await Eventually.Get(() => platform.Number("micic_transit", $"SELECT count(*) FROM departed_movement WHERE manifest_id = '{manifestId}' AND missing_flagged_at IS NOT NULL"),
            flagged => flagged == 1, what: "the movement to be reconciled");
        var reconciliation = await Ok(await tunisia.GetAsync($"/api/transit/reconciliation/{manifestId}"));
        Assert.Equal(2, reconciliation.GetProperty("expected").GetInt32());
        Assert.Equal(1, reconciliation.GetProperty("arrived").GetInt32());
        var nasreen = Assert.Single(reconciliation.GetProperty("missing").EnumerateArray()).GetGuid();
        Assert.NotEqual(salma, nasreen);
        Assert.Equal(nasreen, Assert.Single((await Ok(await bgd.GetAsync($"/api/transit/reconciliation/{manifestId}"))).GetProperty("missing").EnumerateArray()).GetGuid());
        Assert.Empty((await Ok(await egy.GetAsync($"/api/transit/reconciliation/{manifestId}"))).GetProperty("missing").EnumerateArray());

        // A walk-in at Ras Ajdir becomes a person in Micic, with an onward request of their own.
        var walkIn = await Ok(await tunisia.PostAsJsonAsync("/api/transit/arrivals", new
        {
            siteCode = "TN-RAS-AJDIR", arrivedAt = DateTimeOffset.UtcNow,
            walkIn = new
            {
                crisisId = "libya-2011", givenName = "Youssef", familyName = "Mansour", sex = "M", age = 16, nationality = "EGY",
                document = new { kind = "none" }, needs = new[] { "separated-child" },
            },
            referrals = new[] { new { to = "child-protection", consent = true }, new { to = "family-tracing", consent = true } },
            onward = new { destinationCountry = "EGY", pickupPlace = "TN-DJERBA-AIRPORT" },
        }));
        var walkInRequest = walkIn.GetProperty("onwardRequestId").GetGuid();
        await Eventually.Get(() => StateOf(walkInRequest), state => state is not null, what: "the walk-in's onward request to reach matching");
        var walker = await Ok(await iom.GetAsync($"/api/requests/{walkInRequest}"));
        Assert.Equal("Youssef", walker.GetProperty("people")[0].GetProperty("givenName").GetString());

        // Salma's onward flight home: matched, manifested, departed, received at Dhaka — her journey is complete.
        var flight = (await Ok(await iom.PostAsJsonAsync("/api/offers", Movement("air", "TN-DJERBA-AIRPORT", "BD-DAC-AIRPORT", "BGD")))).GetProperty("id").GetGuid();
        await Manifests.DepartWithEveryoneOn(iom, flight, people: 1);
        var home = await Eventually.Get(() => iom.GetFromJsonAsync<JsonElement>("/api/transit/sites/BD-DAC-AIRPORT/expected"),
            list => list.EnumerateArray().Any(p => p.GetProperty("requestId").GetGuid() == onward), what: "Dhaka to expect Salma");
        var salmaOnward = home.EnumerateArray().Single(p => p.GetProperty("requestId").GetGuid() == onward).GetProperty("personId").GetGuid();
        await Ok(await iom.PostAsJsonAsync("/api/transit/arrivals", new { siteCode = "BD-DAC-AIRPORT", arrivedAt = DateTimeOffset.UtcNow, personId = salmaOnward }));
        await Eventually.Get(() => StateOf(onward), state => state == "Completed", what: "Salma's journey to be completed");
        var request = await Eventually.Get(() => unhcr.GetFromJsonAsync<JsonElement>($"/api/requests/{couple}"),
            r => r.GetProperty("status").GetString() == "in-transit", what: "the couple's request to show in transit");
        Assert.Contains(request.GetProperty("history").EnumerateArray(), step => step.GetProperty("status").GetString() == "departed");
        Assert.Equal("InTransit", await StateOf(couple)); // Nasreen is still missing: the couple's journey is not complete
    }

    [Fact]
    public async Task An_arrival_dated_before_the_movement_departed_is_refused_naming_arrivedAt_and_a_few_minutes_of_clock_skew_are_forgiven()
    {
        var (person, departedAt) = await Manifests.TunisianOnTheRoadToRasAjdir(platform);
        using var tunisia = await platform.LoginAs("transit-tunisia", "dev-tunisia-secret");
        var arrivals = $"SELECT count(*) FROM arrival WHERE person_id = '{person}'";

        foreach (var arrivedAt in new[] { departedAt.AddHours(-1), departedAt.AddMinutes(-6), DateTimeOffset.UtcNow.AddMinutes(6) })
        {
            var refused = await tunisia.PostAsJsonAsync("/api/transit/arrivals", new { siteCode = "TN-RAS-AJDIR", arrivedAt, personId = person });
            var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
            Assert.True(refused.StatusCode == HttpStatusCode.BadRequest, $"{arrivedAt:O}: {(int)refused.StatusCode} {problem}");
            Assert.Equal(["arrivedAt"], problem.GetProperty("errors").EnumerateObject().Select(error => error.Name));
            Assert.Equal(0, await platform.Number("micic_transit", arrivals));
        }
        Assert.Contains("departed", (await (await tunisia.PostAsJsonAsync("/api/transit/arrivals",
            new { siteCode = "TN-RAS-AJDIR", arrivedAt = departedAt.AddHours(-1), personId = person })).Content.ReadAsStringAsync()));

        // A device clock four minutes behind the carrier's: taken as the truth it nearly is.
        var logged = await tunisia.PostAsJsonAsync("/api/transit/arrivals", new { siteCode = "TN-RAS-AJDIR", arrivedAt = departedAt.AddMinutes(-4), personId = person });
        Assert.Equal(HttpStatusCode.Created, logged.StatusCode);
        Assert.Equal(1, await platform.Number("micic_transit", arrivals));
    }

    [Fact]
    public async Task Unknown_sites_and_movements_and_bad_paging_are_problems_not_500s()
    {
        using var iom = await platform.Coordinator();
        using var tunisia = await platform.LoginAs("transit-tunisia", "dev-tunisia-secret");
        using var unhcr = await platform.LoginAs("unhcr-field", "dev-unhcr-secret");
        foreach (var (client, path, status) in new[]
                 {
                     (tunisia, "/api/transit/sites/XX-NOWHERE/expected", HttpStatusCode.NotFound),
                     (tunisia, "/api/transit/sites/EG-SALLOUM/arrivals", HttpStatusCode.Forbidden),
                     (tunisia, "/api/transit/sites/TN-RAS-AJDIR/arrivals?pageSize=501", HttpStatusCode.BadRequest),
                     (iom, $"/api/transit/reconciliation/{Guid.NewGuid()}", HttpStatusCode.NotFound),
                     (iom, $"/api/manifests/{Guid.NewGuid()}", HttpStatusCode.NotFound),
                     (iom, $"/api/manifests/{Guid.NewGuid()}/passengers.csv", HttpStatusCode.NotFound),
                     (iom, "/api/manifests?page=0", HttpStatusCode.BadRequest),
                     (unhcr, "/api/manifests", HttpStatusCode.Forbidden),
                 })
        {
            var response = await client.GetAsync(path);
            Assert.True(status == response.StatusCode, $"{path}: {(int)response.StatusCode}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
        Assert.Equal(HttpStatusCode.NotFound, (await iom.PostAsJsonAsync($"/api/manifests/{Guid.NewGuid()}/boarding",
            new { personId = Guid.NewGuid(), status = "boarded" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await iom.PostAsync($"/api/manifests/{Guid.NewGuid()}/close", null)).StatusCode);
    }
}
