using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Micic.IntegrationTests.Infrastructure;
using static Micic.IntegrationTests.Infrastructure.Answers;

namespace Micic.IntegrationTests.EndToEnd;

/// <summary>Referrals made at reception reach the roster: routed with consent, kept at the site without it, children first.</summary>
[Collection(PlatformCollection.Name)]
public sealed class ReferralTests(Platform platform)
{
    [Fact]
    public async Task The_roster_lists_the_partners_for_a_service_at_a_site_in_the_order_referrals_go_to_them()
    {
        using var tunisia = await platform.LoginAs("transit-tunisia", "dev-tunisia-secret");
        using var unicef = await platform.LoginAs("unicef-child-protection", "dev-unicef-secret");

        var partners = await Ok(await tunisia.GetAsync("/api/referrals/partners?service=child-protection&siteCode=TN-CHOUCHA"));
        Assert.Equal(["unicef-child-protection", "tdh-child-protection"], partners.EnumerateArray().Select(p => p.GetProperty("organisationId").GetString()));
        Assert.Equal(HttpStatusCode.OK, (await unicef.GetAsync("/api/referrals/partners")).StatusCode);

        foreach (var bad in new[] { "service=dentistry", "siteCode=XX-NOWHERE", "service=%07" })
        {
            var refused = await tunisia.GetAsync($"/api/referrals/partners?{bad}");
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        }
        using var requester = await platform.LoginAs("unhcr-field", "dev-unhcr-secret");
        Assert.Equal(HttpStatusCode.Forbidden, (await requester.GetAsync("/api/referrals/partners")).StatusCode);
    }

    [Fact]
    public async Task A_separated_child_at_Choucha_is_referred_to_child_protection_unasked_and_nothing_without_consent_leaves_the_site()
    {
        using var tunisia = await platform.LoginAs("transit-tunisia", "dev-tunisia-secret");
        var logged = await Ok(await tunisia.PostAsJsonAsync("/api/transit/arrivals", new
        {
            siteCode = "TN-CHOUCHA", arrivedAt = DateTimeOffset.UtcNow,
            walkIn = new
            {
                crisisId = "libya-2011", givenName = "Idriss", familyName = "Mahamat", sex = "M", age = 15, nationality = "TCD",
                document = new { kind = "none" }, needs = new[] { "separated-child" },
            },
            referrals = new[] { new { to = "medical", consent = true }, new { to = "asylum", consent = false }, new { to = "shelter", consent = true } },
        }));
        var arrival = logged.GetProperty("arrivalId").GetGuid();

        var referrals = (await platform.Rows("micic_transit",
                $"SELECT service, status, coalesce(partner_id, ''), best_interest, extract(epoch FROM due_by - created_at)::int FROM referral WHERE arrival_id = '{arrival}'",
                reader => (Service: reader.GetString(0), Status: reader.GetString(1), Partner: reader.GetString(2), BestInterest: reader.GetBoolean(3),
                    Seconds: reader.GetInt32(4))))
            .ToDictionary(referral => referral.Service);
        Assert.Equal(["asylum", "child-protection", "medical", "shelter"], referrals.Keys.Order());
        // A child's referrals are due sooner: one hour in a deployment, ten seconds on the test platform (twenty for anyone else).
        Assert.Equal(("routed", "unicef-child-protection", true, 10), (referrals["child-protection"].Status, referrals["child-protection"].Partner,
            referrals["child-protection"].BestInterest, referrals["child-protection"].Seconds));
        Assert.Equal(("routed", "msf-medical"), (referrals["medical"].Status, referrals["medical"].Partner));
        Assert.Equal(("routed", "irc-shelter"), (referrals["shelter"].Status, referrals["shelter"].Partner));
        Assert.Equal(("not-shared", ""), (referrals["asylum"].Status, referrals["asylum"].Partner));

        var refused = await tunisia.PostAsJsonAsync("/api/transit/arrivals", new
        {
            siteCode = "TN-CHOUCHA", arrivedAt = DateTimeOffset.UtcNow,
            walkIn = new { crisisId = "libya-2011", givenName = "A", familyName = "B", sex = "F", age = 30, nationality = "TCD", document = new { kind = "none" }, needs = Array.Empty<string>() },
            referrals = new[] { new { to = "dentistry", consent = true } },
        });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("referrals[0].to", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateObject().Select(e => e.Name));
    }

    /// <summary>A walk-in at a site with the referrals asked for; returns the referrals' ids by service.</summary>
    async Task<Dictionary<string, Guid>> WalkIn(HttpClient transit, string site, string givenName, int age, string[] needs,
        params (string To, bool Consent)[] referrals)
    {
        var logged = await Ok(await transit.PostAsJsonAsync("/api/transit/arrivals", new
        {
            siteCode = site, arrivedAt = DateTimeOffset.UtcNow,
            walkIn = new
            {
                crisisId = "libya-2011", givenName, familyName = "Referred", sex = "F", age, nationality = "SDN",
                document = new { kind = "passport", number = "SD0000001" }, needs,
            },
            screening = new { needs, notes = "told in confidence: not for partners" },
            referrals = referrals.Select(r => new { to = r.To, consent = r.Consent }).ToArray(),
        }));
        var rows = await platform.Rows("micic_transit", $"SELECT service, id FROM referral WHERE arrival_id = '{logged.GetProperty("arrivalId").GetGuid()}'",
            reader => (reader.GetString(0), reader.GetGuid(1)));
        return rows.ToDictionary(row => row.Item1, row => row.Item2);
    }

    static IEnumerable<JsonElement> Items(JsonElement page) => page.GetProperty("items").EnumerateArray();

    [Fact]
    public async Task A_partner_sees_and_works_only_what_is_routed_to_it_a_decline_moves_it_on_and_steps_out_of_order_are_refused()
    {
        using var tunisia = await platform.LoginAs("transit-tunisia", "dev-tunisia-secret");
        using var egypt = await platform.LoginAs("transit-egypt", "dev-egypt-secret");
        using var msf = await platform.LoginAs("msf-medical", "dev-msf-secret");
        using var trc = await platform.LoginAs("trc-health", "dev-trc-health-secret");
        using var unhcr = await platform.LoginAs("unhcr-protection", "dev-unhcr-protection-secret");
        using var iom = await platform.Coordinator();

        var referrals = await WalkIn(tunisia, "TN-RAS-AJDIR", "Amna", 34, ["pregnant"], ("medical", true), ("asylum", false));
        var medical = referrals["medical"];

        // MSF, first for medical care at Ras Ajdir, sees her — name, age, sex, nationality, the needs that matter to it, the site.
        var mine = await Ok(await msf.GetAsync("/api/referrals?status=routed&pageSize=500"));
        var item = Items(mine).Single(r => r.GetProperty("id").GetGuid() == medical);
        var person = item.GetProperty("person");
        Assert.Equal(("Amna", 34, "F", "SDN", "TN-RAS-AJDIR"), (person.GetProperty("givenName").GetString(), person.GetProperty("age").GetInt32(),
            person.GetProperty("sex").GetString(), person.GetProperty("nationality").GetString(), person.GetProperty("siteCode").GetString()));
        Assert.Equal(["pregnant"], person.GetProperty("needs").EnumerateArray().Select(n => n.GetString()));
        Assert.DoesNotContain("not for partners", mine.GetRawText());
        Assert.DoesNotContain("SD0000001", mine.GetRawText());
        // Nobody else's, and nothing that was not shared.
        Assert.DoesNotContain(Items(mine), r => r.GetProperty("id").GetGuid() == referrals["asylum"]);
        Assert.DoesNotContain(Items(await Ok(await unhcr.GetAsync("/api/referrals?pageSize=500"))), r => r.GetProperty("id").GetGuid() == referrals["asylum"]);
        Assert.DoesNotContain(Items(await Ok(await trc.GetAsync("/api/referrals?pageSize=500"))), r => r.GetProperty("id").GetGuid() == medical);
        Assert.Equal(HttpStatusCode.NotFound, (await trc.PostAsync($"/api/referrals/{medical}/accept", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await msf.PostAsync($"/api/referrals/{Guid.NewGuid()}/accept", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await tunisia.PostAsync($"/api/referrals/{medical}/accept", null)).StatusCode);
        // Every such read is in the trail.
        var personId = person.GetProperty("personId").GetGuid();
        await Eventually.Get(() => iom.GetFromJsonAsync<JsonElement>($"/api/audit?personId={personId}&organisationId=msf-medical"),
            trail => trail.GetProperty("total").GetInt32() > 0, what: "MSF's read to be audited");

        // MSF cannot take her: the Tunisian Red Crescent, next for medical care at Ras Ajdir, gets her.
        Assert.Equal(HttpStatusCode.BadRequest, (await msf.PostAsJsonAsync($"/api/referrals/{medical}/decline", new { reason = "" })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await msf.PostAsJsonAsync($"/api/referrals/{medical}/complete", new { outcome = "seen" })).StatusCode);
        var declined = await Ok(await msf.PostAsJsonAsync($"/api/referrals/{medical}/decline", new { reason = "no obstetrician on site tonight" }));
        Assert.Equal(("routed", "trc-health"), (declined.GetProperty("status").GetString(), declined.GetProperty("partnerId").GetString()));
        Assert.Equal(HttpStatusCode.NotFound, (await msf.PostAsync($"/api/referrals/{medical}/accept", null)).StatusCode);
        Assert.DoesNotContain(Items(await Ok(await msf.GetAsync("/api/referrals?pageSize=500"))), r => r.GetProperty("id").GetGuid() == medical);

        // The Red Crescent accepts (once) and completes it with an outcome.
        Assert.Equal("accepted", (await Ok(await trc.PostAsync($"/api/referrals/{medical}/accept", null))).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.Conflict, (await trc.PostAsync($"/api/referrals/{medical}/accept", null)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await trc.PostAsJsonAsync($"/api/referrals/{medical}/complete", new { outcome = new string('x', 501) })).StatusCode);
        var completed = await Ok(await trc.PostAsJsonAsync($"/api/referrals/{medical}/complete", new { outcome = "antenatal check; referred to Zarzis hospital" }));
        Assert.Equal("completed", completed.GetProperty("status").GetString());

        // Transit authorities see their own sites' referrals only; coordinators see them all, and their counts.
        Assert.Contains(Items(await Ok(await tunisia.GetAsync("/api/referrals?siteCode=TN-RAS-AJDIR&pageSize=500"))), r => r.GetProperty("id").GetGuid() == medical);
        Assert.DoesNotContain(Items(await Ok(await egypt.GetAsync("/api/referrals?pageSize=500"))), r => r.GetProperty("id").GetGuid() == medical);
        Assert.Equal(HttpStatusCode.Forbidden, (await egypt.GetAsync("/api/referrals?siteCode=TN-RAS-AJDIR")).StatusCode);
        Assert.False(Items(await Ok(await tunisia.GetAsync("/api/referrals?pageSize=500"))).First().TryGetProperty("person", out _));
        await Eventually.Get(() => iom.GetFromJsonAsync<JsonElement>("/api/dashboard/summary"),
            summary => summary.GetProperty("referrals").EnumerateArray().Any(f => f.GetProperty("service").GetString() == "medical"
                                                                                && f.GetProperty("status").GetString() == "completed"),
            what: "the dashboard to count the completed referral");
        foreach (var bad in new[] { "status=lost", "service=dentistry", "siteCode=XX", "pageSize=0" })
            Assert.Equal(HttpStatusCode.BadRequest, (await iom.GetAsync($"/api/referrals?{bad}")).StatusCode);
    }

    [Fact]
    public async Task A_referral_nobody_accepts_in_time_raises_an_alert_and_one_nobody_can_take_is_unrouted()
    {
        using var tunisia = await platform.LoginAs("transit-tunisia", "dev-tunisia-secret");
        using var iom = await platform.Coordinator();
        using var irc = await platform.LoginAs("irc-shelter", "dev-irc-secret");

        // Shelter at Choucha: the IRC only. Its decline leaves the referral with nobody: coordinators see it unrouted.
        var shelter = (await WalkIn(tunisia, "TN-CHOUCHA", "Halima", 71, ["elderly"], ("shelter", true)))["shelter"];
        var declined = await Ok(await irc.PostAsJsonAsync($"/api/referrals/{shelter}/decline", new { reason = "the camp's shelter is full" }));
        Assert.Equal("unrouted", declined.GetProperty("status").GetString());
        Assert.Contains(Items(await Ok(await iom.GetAsync("/api/referrals?status=unrouted&pageSize=500"))), r => r.GetProperty("id").GetGuid() == shelter);

        // Psychosocial support for a girl on her own at Choucha goes to Terre des hommes, who does not answer: past her
        // shorter due time (shortened further here) it is an alert.
        var support = (await WalkIn(tunisia, "TN-CHOUCHA", "Zeinab", 14, ["separated-child"], ("psychosocial", true)))["psychosocial"];
        await Eventually.Get(() => iom.GetFromJsonAsync<JsonElement>("/api/dashboard/summary"),
            summary => summary.GetProperty("alerts").EnumerateArray().Any(alert => alert.GetProperty("kind").GetString() == "referral-overdue"
                && alert.GetProperty("message").GetString()!.Contains("psychosocial referral at TN-CHOUCHA")),
            TimeSpan.FromMinutes(1), "an alert for the overdue referral");
        Assert.Equal(1, await platform.Number("micic_transit", $"SELECT count(*) FROM referral WHERE id = '{support}' AND overdue_flagged_at IS NOT NULL"));
        Assert.Equal(HttpStatusCode.NotFound, (await irc.PostAsync($"/api/referrals/{support}/accept", null)).StatusCode);
    }
}
