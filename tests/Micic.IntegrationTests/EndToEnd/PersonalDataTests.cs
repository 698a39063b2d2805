using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Micic.IntegrationTests.Infrastructure;
using static Micic.IntegrationTests.Infrastructure.Answers;

namespace Micic.IntegrationTests.EndToEnd;

/// <summary>
/// Personal data as the practices ask: every read audited and answerable across services, erased a retention period
/// after the journey ends (the platform's is shortened to 30 s here), and a consulate's view of a manifest that always
/// adds up. Each test moves Vietnamese nationals, whom no other test or the replay moves, on offers that take only them
/// and have exactly their seats, from a departure place of its own: nobody else's groups take these seats, and these
/// groups take nobody else's.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class PersonalDataTests(Platform platform)
{
    const string Vietnamese = "VNM";

    static object Offer(string from, string to, string country, int seats) => new
    {
        crisisId = "libya-2011", provider = "IOM charter", mode = "air", fromPlace = from, toPlace = to, destinationCountry = country,
        departsAt = DateTimeOffset.UtcNow.AddHours(6), seats,
        eligibility = new { nationalities = new[] { Vietnamese }, familyMembersOfAnyNationality = false, acceptsMedical = true, acceptsUnaccompaniedChildren = true },
    };

    static object Group(string pickup, string destination, bool thirdCountry, params object[] people) => new
    {
        crisisId = "libya-2011", pickupPlace = pickup, destinationCountry = destination, acceptsThirdCountry = thirdCountry,
        consentToShareWithConsulate = true, contact = new { phone = "+218 91 555 0101" }, notes = "Travels with a cousin's children.", people,
    };

    static object Person(string givenName, string familyName) => new
    {
        givenName, familyName, sex = "F", birthDate = "1988-04-02", nationality = Vietnamese,
        document = new { kind = "passport", number = $"P{Guid.NewGuid().ToString("N")[..8]}" }, needs = Array.Empty<string>(),
    };

    static async Task<Guid> Id(HttpResponseMessage response) => (await Ok(response)).GetProperty("id").GetGuid();

    /// <summary>Once a group is on its offer's manifest with its details, closes it, boards everyone and departs; returns the manifest's id.</summary>
    static async Task<Guid> Depart(HttpClient coordinator, Guid offerId, Guid requestId)
    {
        var list = await Eventually.Get(() => coordinator.GetFromJsonAsync<JsonElement>($"/api/manifests?offerId={offerId}"),
            manifests => Items(manifests).Any(), TimeSpan.FromMinutes(1), "the offer's manifest");
        var id = Items(list).Single().GetProperty("id").GetGuid();
        await Eventually.Get(() => coordinator.GetFromJsonAsync<JsonElement>($"/api/manifests/{id}"),
            manifest => manifest.GetProperty("awaitingDetails").GetInt32() == 0
                        && manifest.GetProperty("passengers").EnumerateArray().Any(p => p.GetProperty("requestId").GetGuid() == requestId),
            TimeSpan.FromMinutes(1), "the group to be on the manifest with its details");
        foreach (var passenger in (await Ok(await coordinator.PostAsync($"/api/manifests/{id}/close", null))).GetProperty("passengers").EnumerateArray())
            await Ok(await coordinator.PostAsJsonAsync($"/api/manifests/{id}/boarding", new { personId = passenger.GetProperty("personId").GetGuid(), status = "boarded" }));
        await Ok(await coordinator.PostAsJsonAsync($"/api/manifests/{id}/depart", new { departedAt = DateTimeOffset.UtcNow }));
        return id;
    }

    static IEnumerable<JsonElement> Items(JsonElement page) => page.GetProperty("items").EnumerateArray();

    static (string? Kind, string? Id, string? Name) Actor(JsonElement entry)
    {
        var actor = entry.GetProperty("actor");
        return (actor.GetProperty("kind").GetString(), actor.GetProperty("id").GetString(), actor.GetProperty("name").GetString());
    }

    [Fact]
    public async Task A_transit_authoritys_and_a_consulates_reads_are_in_the_audit_trail_of_that_person_which_only_coordinators_may_ask()
    {
        using var iom = await platform.Coordinator();
        using var unhcr = await platform.LoginAs("unhcr-field", "dev-unhcr-secret");
        using var vnm = await platform.LoginAs("consulate-vnm", "dev-vnm-secret");
        using var tunisia = await platform.LoginAs("transit-tunisia", "dev-tunisia-secret");

        // From Misrata to Djerba, on the way home to Viet Nam.
        var offer = await Id(await iom.PostAsJsonAsync("/api/offers", Offer("LY-MRA-PORT", "TN-DJERBA-AIRPORT", "TUN", seats: 1)));
        var request = await Id(await unhcr.PostAsJsonAsync("/api/requests", Group("LY-MRA-PORT", Vietnamese, true, Person("Lan", "Audited"))));
        var manifestId = await Depart(iom, offer, request);

        var seenByConsulate = await Ok(await vnm.GetAsync($"/api/manifests/{manifestId}"));
        var personId = seenByConsulate.GetProperty("passengers").EnumerateArray().Single(p => p.GetProperty("requestId").GetGuid() == request)
            .GetProperty("personId").GetGuid();
        await Eventually.Get(() => tunisia.GetFromJsonAsync<JsonElement>("/api/transit/sites/TN-DJERBA-AIRPORT/expected"),
            expected => expected.EnumerateArray().Any(p => p.GetProperty("personId").GetGuid() == personId), what: "Djerba to expect her");

        var trail = await Eventually.Get(() => iom.GetFromJsonAsync<JsonElement>($"/api/audit?personId={personId}&pageSize=500"),
            page => Items(page).Any(e => e.GetProperty("organisationId").GetString() == "transit-tun")
                    && Items(page).Any(e => e.GetProperty("organisationId").GetString() == "consulate-vnm"),
            what: "both reads to reach the audit trail");
        var entries = Items(trail).ToList();
        Assert.All(entries, e => Assert.Equal(personId, e.GetProperty("personId").GetGuid()));
        Assert.Equal(entries.Select(e => e.GetProperty("at").GetDateTimeOffset()).Order(), entries.Select(e => e.GetProperty("at").GetDateTimeOffset()));
        var consulate = entries.First(e => e.GetProperty("organisationId").GetString() == "consulate-vnm");
        Assert.Equal(("manifests", "manifest-view", manifestId),
            (consulate.GetProperty("service").GetString(), consulate.GetProperty("purpose").GetString(), consulate.GetProperty("manifestId").GetGuid()));
        // Who within the consulate: the consulate's machine client, a client actor.
        Assert.Equal(("client", "consulate-vnm", "Embassy of Viet Nam, Tripoli"), Actor(consulate));

        // A consular officer signed in as herself reads the passenger: the trail names her, and ?actor= finds her reads.
        var officer = await new PersonSignIn(platform.Gateway).As(SeededPerson.Named("consulate-vnm.officer"));
        using var her = PersonSignIn.Api(platform.Gateway, officer.AccessToken);
        await Ok(await her.GetAsync($"/api/manifests/{manifestId}"));
        var herId = new System.IdentityModel.Tokens.Jwt.JwtSecurityTokenHandler().ReadJwtToken(officer.AccessToken).Subject;
        var hers = await Eventually.Get(() => iom.GetFromJsonAsync<JsonElement>($"/api/audit?actor={herId}&personId={personId}"),
            page => page.GetProperty("total").GetInt32() > 0, what: "the officer's read to reach the audit trail");
        Assert.All(Items(hers), e => Assert.Equal(("user", herId, "consulate-vnm.officer"), Actor(e)));
        Assert.Equal(("consulate-vnm", "manifest-view"), (Items(hers).Single().GetProperty("organisationId").GetString(), Items(hers).Single().GetProperty("purpose").GetString()));
        var transit = entries.First(e => e.GetProperty("organisationId").GetString() == "transit-tun");
        Assert.Equal(("transit", "transit-expected"), (transit.GetProperty("service").GetString(), transit.GetProperty("purpose").GetString()));
        // Her data also left Requests for the manifest, and Manifests for Transit: both point-to-point reads are there.
        Assert.Contains(entries, e => e.GetProperty("service").GetString() == "requests" && e.GetProperty("purpose").GetString() == "manifest"
                                      && e.GetProperty("requestId").GetGuid() == request);
        Assert.Contains(entries, e => e.GetProperty("service").GetString() == "manifests" && e.GetProperty("purpose").GetString() == "expected-arrivals");
        // Those are the platform's own work, named after the service that asked.
        Assert.Contains(entries, e => Actor(e) == ("client", "micic:manifests", "micic:manifests"));
        Assert.Contains(entries, e => Actor(e) == ("client", "micic:transit", "micic:transit"));

        // What one actor read: the consulate's view of her, and nobody else's reads.
        var byActor = await Ok(await iom.GetAsync($"/api/audit?actor=consulate-vnm&personId={personId}"));
        Assert.Contains(Items(byActor), e => e.GetProperty("purpose").GetString() == "manifest-view" && e.GetProperty("manifestId").GetGuid() == manifestId
                                            && Actor(e) == ("client", "consulate-vnm", "Embassy of Viet Nam, Tripoli"));
        Assert.All(Items(byActor), e => Assert.Equal("consulate-vnm", e.GetProperty("actor").GetProperty("id").GetString()));
        Assert.Equal(0, (await Ok(await iom.GetAsync($"/api/audit?actor=nobody-at-all&personId={personId}"))).GetProperty("total").GetInt32());

        // Filters narrow it; the trail never names her data, only ids.
        var byConsulate = await Ok(await iom.GetAsync($"/api/audit?personId={personId}&organisationId=consulate-vnm"));
        Assert.All(Items(byConsulate), e => Assert.Equal("consulate-vnm", e.GetProperty("organisationId").GetString()));
        Assert.Equal(0, (await Ok(await iom.GetAsync($"/api/audit?personId={personId}&to={DateTimeOffset.UtcNow.AddDays(-1):O}".Replace("+", "%2B")))).GetProperty("total").GetInt32());
        Assert.DoesNotContain("Lan", trail.GetRawText());

        // Only coordinators ask; nonsense is a problem, not a 500.
        foreach (var outsider in new[] { unhcr, vnm, tunisia })
            Assert.Equal(HttpStatusCode.Forbidden, (await outsider.GetAsync($"/api/audit?personId={personId}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await platform.Anonymous().GetAsync("/api/audit")).StatusCode);
        foreach (var bad in new[] { "personId=not-a-guid", "from=2011-03-02T00:00:00Z&to=2011-03-01T00:00:00Z", "pageSize=501", "organisationId=%07bell",
                     "actor=%07bell", $"actor={new string('a', 101)}" })
        {
            var refused = await iom.GetAsync($"/api/audit?{bad}");
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        }
        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await iom.DeleteAsync("/api/audit")).StatusCode);
    }

    [Fact]
    public async Task After_the_retention_period_a_completed_journeys_names_are_gone_from_every_database_and_the_figures_stay()
    {
        using var iom = await platform.Coordinator();
        using var unhcr = await platform.LoginAs("unhcr-field", "dev-unhcr-secret");
        using var tunisia = await platform.LoginAs("transit-tunisia", "dev-tunisia-secret");
        var family = $"Erased{Guid.NewGuid().ToString("N")[..6]}";

        // To Tunisia, where she has work, from Tripoli airport: received at Djerba, her journey is complete.
        var offer = await Id(await iom.PostAsJsonAsync("/api/offers", Offer("LY-TIP-AIRPORT", "TN-DJERBA-AIRPORT", "TUN", seats: 1)));
        var request = await Id(await unhcr.PostAsJsonAsync("/api/requests", Group("LY-TIP-AIRPORT", "TUN", false, Person("Hoa", family))));
        await Depart(iom, offer, request);
        var expected = await Eventually.Get(() => tunisia.GetFromJsonAsync<JsonElement>("/api/transit/sites/TN-DJERBA-AIRPORT/expected"),
            list => list.EnumerateArray().Any(p => p.GetProperty("requestId").GetGuid() == request), what: "Djerba to expect her");
        var personId = expected.EnumerateArray().Single(p => p.GetProperty("requestId").GetGuid() == request).GetProperty("personId").GetGuid();
        await Ok(await tunisia.PostAsJsonAsync("/api/transit/arrivals", new
        {
            siteCode = "TN-DJERBA-AIRPORT", arrivedAt = DateTimeOffset.UtcNow, personId, screening = new { needs = Array.Empty<string>(), notes = "tired, well" },
        }));
        await Eventually.Get(() => unhcr.GetFromJsonAsync<JsonElement>($"/api/requests/{request}"),
            r => r.GetProperty("status").GetString() == "completed", what: "her journey to be completed");

        // Her name is in three services' databases until the period is over.
        async Task<int> Holding() =>
            await platform.Number("micic_requests", $"SELECT count(*) FROM person WHERE family_name = '{family}' OR document_number IS NOT NULL AND id = '{personId}'")
            + await platform.Number("micic_manifests", $"SELECT count(*) FROM passenger WHERE family_name = '{family}' OR document_number IS NOT NULL AND person_id = '{personId}'")
            + await platform.Number("micic_transit", $"SELECT count(*) FROM expected_person WHERE family_name = '{family}'")
            + await platform.Number("micic_transit", $"SELECT count(*) FROM arrival WHERE family_name = '{family}' OR screening_notes IS NOT NULL AND person_id = '{personId}'");
        Assert.Equal(4, await Holding()); // her person, passenger, expected and arrival rows
        Assert.True(await ColumnsHolding("micic_requests", family) > 0, "the search used below finds her while her data is there");
        var figures = await Eventually.Get(() => iom.GetFromJsonAsync<JsonElement>("/api/dashboard/summary"),
            summary => summary.GetProperty("people").GetProperty("completed").GetInt32() > 0, what: "the dashboard to count her");

        await Eventually.Get(Holding, held => held == 0, TimeSpan.FromMinutes(2), "her personal data to be erased everywhere");
        Assert.Equal(0, await platform.Number("micic_requests",
            $"SELECT count(*) FROM evacuation_request WHERE id = '{request}' AND (contact_phone IS NOT NULL OR notes IS NOT NULL OR personal_data_erased_at IS NULL)"));
        Assert.Equal(0, await platform.Number("micic_requests", $"SELECT count(*) FROM person WHERE id = '{personId}' AND birth_date IS NOT NULL"));
        foreach (var database in new[] { "micic_requests", "micic_manifests", "micic_transit", "micic_dashboard", "micic_matching", "micic_offers" })
            Assert.Equal(0, await ColumnsHolding(database, family));

        // What the figures need stays: the request is still completed, with its nationality and times; the totals are unchanged.
        var kept = await Ok(await iom.GetAsync($"/api/requests/{request}"));
        Assert.Equal("completed", kept.GetProperty("status").GetString());
        Assert.False(kept.GetProperty("people")[0].TryGetProperty("givenName", out _));
        Assert.False(kept.GetProperty("people")[0].TryGetProperty("birthDate", out _));
        Assert.Equal(Vietnamese, kept.GetProperty("people")[0].GetProperty("nationality").GetString());
        Assert.True(kept.TryGetProperty("personalDataErasedAt", out _));
        var after = await iom.GetFromJsonAsync<JsonElement>("/api/dashboard/summary");
        Assert.Equal(figures.GetProperty("people").GetRawText(), after.GetProperty("people").GetRawText());

        // The trail says who erased what, in each service that held it.
        var trail = await Eventually.Get(() => iom.GetFromJsonAsync<JsonElement>($"/api/audit?personId={personId}&pageSize=500"),
            page => Items(page).Count(e => e.GetProperty("purpose").GetString() == "erasure") == 3, what: "three erasures in the trail");
        Assert.Equal(["manifests", "requests", "transit"], Items(trail).Where(e => e.GetProperty("purpose").GetString() == "erasure")
            .Select(e => e.GetProperty("service").GetString()).Order());
    }

    [Fact]
    public async Task A_consulate_opening_a_manifest_before_its_nationals_details_arrive_sees_a_view_that_adds_up_and_says_so()
    {
        using var iom = await platform.Coordinator();
        using var unhcr = await platform.LoginAs("unhcr-field", "dev-unhcr-secret");
        using var vnm = await platform.LoginAs("consulate-vnm", "dev-vnm-secret");

        // The family waits at Benghazi; then Requests, which holds their details, stops before a flight home is offered.
        var family = await Id(await unhcr.PostAsJsonAsync("/api/requests",
            Group("LY-BEN-PORT", Vietnamese, false, Person("Mai", "Waiting"), Person("Tuan", "Waiting"))));
        await Eventually.Get(() => platform.Text("micic_matching", $"SELECT current_state FROM evacuation_saga WHERE correlation_id = '{family}'"),
            state => state == "Pending", what: "the family to wait for an offer");
        await platform.Stop("requests");
        Guid manifestId;
        try
        {
            var offer = await Id(await iom.PostAsJsonAsync("/api/offers", Offer("LY-BEN-PORT", "VN-HAN-AIRPORT", Vietnamese, seats: 2)));
            await Eventually.Get(() => platform.Text("micic_matching", $"SELECT current_state FROM evacuation_saga WHERE correlation_id = '{family}'"),
                state => state == "Matched", what: "the family to be matched");
            var listed = await Eventually.Get(() => iom.GetFromJsonAsync<JsonElement>($"/api/manifests?offerId={offer}"),
                list => Items(list).Any() && Items(list).Single().GetProperty("passengers").GetInt32() >= 2, TimeSpan.FromMinutes(1),
                "the manifest to count the matched family");
            manifestId = Items(listed).Single().GetProperty("id").GetGuid();

            // Nobody's details can arrive while Requests is down: everyone on the manifest is still arriving, and the
            // view says so; what the consulate is shown, plus the others, plus those arriving, is what the list says.
            var early = await Ok(await vnm.GetAsync($"/api/manifests/{manifestId}"));
            var total = early.GetProperty("totalPassengers").GetInt32();
            Assert.Equal(0, early.GetProperty("passengers").GetArrayLength());
            Assert.Equal(0, early.GetProperty("otherPassengers").GetInt32());
            Assert.Equal(total, early.GetProperty("awaitingDetails").GetInt32());
            Assert.Equal(2, total);
            var listedNow = Items(await iom.GetFromJsonAsync<JsonElement>($"/api/manifests?offerId={offer}")).Single().GetProperty("passengers").GetInt32();
            Assert.Equal(listedNow, total);
            Assert.Contains("still arriving", early.GetProperty("note").GetString());
            // Nobody boards people whose documents nobody has seen yet.
            Assert.Equal(HttpStatusCode.Conflict, (await iom.PostAsync($"/api/manifests/{manifestId}/close", null)).StatusCode);
        }
        finally
        {
            await platform.Start("requests");
        }

        var manifest = await Eventually.Get(() => vnm.GetFromJsonAsync<JsonElement>($"/api/manifests/{manifestId}"),
            view => view.GetProperty("awaitingDetails").GetInt32() == 0, TimeSpan.FromMinutes(2), "the details to arrive once Requests is back");
        var members = manifest.GetProperty("passengers").EnumerateArray().Where(p => p.GetProperty("requestId").GetGuid() == family).ToList();
        Assert.Equal(["Mai", "Tuan"], members.Select(p => p.GetProperty("givenName").GetString()).Order());
        Assert.Equal(manifest.GetProperty("totalPassengers").GetInt32(),
            manifest.GetProperty("passengers").GetArrayLength() + manifest.GetProperty("otherPassengers").GetInt32());
        Assert.False(manifest.TryGetProperty("note", out _), "nothing is left to say once every detail has arrived");
    }

    /// <summary>How many text columns of a service's database hold <paramref name="text"/> anywhere: every table, every row.</summary>
    Task<int> ColumnsHolding(string database, string text) => platform.Number(database, $"""
        WITH text_columns AS MATERIALIZED (
            SELECT c.table_name, c.column_name FROM information_schema.columns c
            JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
            WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE' AND c.data_type IN ('text', 'jsonb', 'ARRAY'))
        SELECT count(*) FROM text_columns
        WHERE (xpath('/row/n/text()', query_to_xml(format('SELECT count(*) AS n FROM public.%I WHERE %I::text LIKE %L', table_name, column_name, '%{text}%'), false, true, '')))[1]::text::int > 0
        """);
}
