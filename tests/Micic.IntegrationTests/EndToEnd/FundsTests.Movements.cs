using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MassTransit;
using Micic.Contracts;
using Micic.IntegrationTests.Infrastructure;
using static Micic.IntegrationTests.Infrastructure.Answers;

namespace Micic.IntegrationTests.EndToEnd;

/// <summary>
/// Who pays for each movement: an offer's cost charged when it departs, whole, by its seats used, to the fund a
/// coordinator chose — or refused and left uncharged until a fund that can pay is chosen — shared by nationality to the
/// cent, and what a crisis cost, by mode, nationality and fund, for a coordinator and for a consulate. Each test runs in
/// a crisis of its own (declared at watch level, so nobody is asked to check in), where no other test's groups wait.
/// </summary>
public sealed partial class FundsTests
{
    /// <summary>A crisis of the test's own in Libya, once every service that checks crisis ids knows it.</summary>
    async Task<string> OwnCrisis(HttpClient coordinator)
    {
        var crisis = (await Ok(await coordinator.PostAsJsonAsync("/api/crises",
            new { name = $"Costs test {Guid.NewGuid():N}", country = "LBY", alertLevel = 1 }))).GetProperty("id").GetString()!;
        await Eventually.Get(() => platform.Number("micic_funds", $"SELECT count(*) FROM declared_crisis WHERE id = '{crisis}'"), known => known == 1,
            TimeSpan.FromMinutes(1), "Funds to learn of the crisis");
        return crisis;
    }

    /// <summary>An offer with its cost, registered once Offers knows the crisis (until then, a 400), and known to Funds.</summary>
    async Task<Guid> CostedOffer(HttpClient coordinator, string crisis, string mode, string from, string to, string country, int seats, object? cost,
        string[]? nationalities = null)
    {
        var body = new
        {
            crisisId = crisis, provider = $"Test {mode} carrier", mode, fromPlace = from, toPlace = to, destinationCountry = country,
            departsAt = DateTimeOffset.UtcNow.AddHours(3), seats, cost,
            eligibility = new { nationalities = nationalities ?? [], familyMembersOfAnyNationality = true, acceptsMedical = true, acceptsUnaccompaniedChildren = true },
        };
        var answer = await Eventually.Get(() => coordinator.PostAsJsonAsync("/api/offers", body), registered => registered.StatusCode != HttpStatusCode.BadRequest,
            TimeSpan.FromMinutes(1), "Offers to learn of the crisis");
        var offer = (await Ok(answer)).GetProperty("id").GetGuid();
        await Eventually.Get(() => platform.Number("micic_funds", $"SELECT count(*) FROM offer_terms WHERE id = '{offer}' AND crisis_id IS NOT NULL"),
            known => known == 1, TimeSpan.FromMinutes(1), "Funds to hear of the offer");
        return offer;
    }

    /// <summary>A group of the given nationalities waiting at <paramref name="pickup"/> for <paramref name="country"/>, submitted and then departed on <paramref name="offer"/>.</summary>
    async Task<JsonElement> DepartGroup(HttpClient coordinator, string crisis, Guid offer, string pickup, string country, params string[] nationalities)
    {
        using var unhcr = await platform.LoginAs("unhcr-field", "dev-unhcr-secret");
        await Ok(await unhcr.PostAsJsonAsync("/api/requests", new
        {
            crisisId = crisis, pickupPlace = pickup, destinationCountry = country, acceptsThirdCountry = false, consentToShareWithConsulate = true,
            contact = new { phone = "+218 91 234 5678" },
            people = nationalities.Select((nationality, i) => Requests.Person(nationality, givenName: $"Traveller{i}")).ToArray(),
        }));
        return await Manifests.DepartWithEveryoneOn(coordinator, offer, nationalities.Length);
    }

    static Task<HttpResponseMessage> Fund(HttpClient coordinator, Guid offer, Guid fund) =>
        coordinator.PostAsJsonAsync($"/api/offers/{offer}/funding", new { fundId = fund });

    async Task<JsonElement> ChargeOf(HttpClient coordinator, Guid offer) =>
        (await Eventually.Get(() => coordinator.GetFromJsonAsync<JsonElement>($"/api/offers/{offer}"),
            view => view.TryGetProperty("charge", out var charge) && charge.ValueKind == JsonValueKind.Object, TimeSpan.FromMinutes(1),
            $"offer {offer} to show its charge")).GetProperty("charge");

    async Task<string> RefusalOf(Guid offer) =>
        (await Eventually.Get(() => platform.Text("micic_funds", $"SELECT refusal FROM movement WHERE offer_id = '{offer}'"), refusal => refusal is not null,
            TimeSpan.FromMinutes(1), $"the charge of offer {offer}'s movement to be refused"))!;

    static (decimal Amount, string Currency, Guid FundId, int Used, int Unused) Shown(JsonElement charge) => (charge.GetProperty("amount").GetDecimal(),
        charge.GetProperty("currency").GetString()!, charge.GetProperty("fundId").GetGuid(), charge.GetProperty("seatsUsed").GetInt32(),
        charge.GetProperty("seatsUnused").GetInt32());

    static Dictionary<string, (int People, decimal Amount)> Lines(JsonElement costs, string list, string key) =>
        costs.GetProperty(list).EnumerateArray().ToDictionary(line => line.GetProperty(key).ToString(),
            line => (line.GetProperty("people").GetInt32(), line.GetProperty("amount").GetDecimal()));

    [Fact]
    public async Task A_per_seat_and_a_per_movement_offer_are_charged_by_their_seats_used_shared_to_the_cent_and_a_consulate_sees_its_nationals_costs()
    {
        using var iom = await platform.Coordinator();
        using var niger = await platform.LoginAs("consulate-ner", "dev-ner-secret");
        await using var events = await EventQueue.Bind(platform.Servers.RabbitMq.ConnectionString, "Micic.Contracts:MovementCharged",
            "Micic.Contracts:FundRunningLow", "Micic.Contracts:FundPositionChanged", "Micic.Contracts:OfferPublished");
        var crisis = await OwnCrisis(iom);
        var fund = await OpenFund(iom, "USD", received: 2900m, restrictions: new { purposes = new[] { "evacuation" } });

        // An airlift at 333.33 a seat (five seats) and a boat at 1,000.00 whatever it carries (four seats).
        var airlift = await CostedOffer(iom, crisis, "air", "LY-ZUWARA", "VN-HAN-AIRPORT", "VNM", seats: 5, new { amount = 333.33m, currency = "USD", per = "seat" });
        var boat = await CostedOffer(iom, crisis, "sea", "LY-MRA-PORT", "MT-VALLETTA-PORT", "MLT", seats: 4, new { amount = 1000m, currency = "USD", per = "movement" });
        var shown = await Ok(await iom.GetAsync($"/api/offers/{airlift}"));
        Assert.Equal((333.33m, "USD", "seat"), (shown.GetProperty("cost").GetProperty("amount").GetDecimal(),
            shown.GetProperty("cost").GetProperty("currency").GetString(), shown.GetProperty("cost").GetProperty("per").GetString()));
        Assert.Equal("iom", shown.GetProperty("organisationId").GetString());
        Assert.False(shown.TryGetProperty("charge", out _));
        var published = await events.Until(messages => messages.Any(m => m.Contains(airlift.ToString()) && m.Contains("\"per\"")));
        Assert.Contains(published, m => m.Contains(airlift.ToString()) && m.Contains("333.33"));

        // The fund is committed to every seat of both: 5 × 333.33 + 1,000.00.
        var committed = await Ok(await Fund(iom, airlift, fund));
        Assert.Equal(("committed", 1666.65m, "USD"), (committed.GetProperty("status").GetString(), committed.GetProperty("amount").GetDecimal(),
            committed.GetProperty("currency").GetString()));
        await Ok(await Fund(iom, boat, fund));
        var standing = (await this.Fund(iom, fund)).GetProperty("fund");
        Assert.Equal((2666.65m, 0m, "donor"), (standing.GetProperty("committed").GetDecimal(), standing.GetProperty("spent").GetDecimal(),
            standing.GetProperty("source").GetString()));

        // Three board the airlift (two Vietnamese, a Sri Lankan) and three the boat (a Vietnamese, a Sri Lankan, a Nigerien).
        var airliftManifest = await DepartGroup(iom, crisis, airlift, "LY-ZUWARA", "VNM", "VNM", "VNM", "LKA");
        await DepartGroup(iom, crisis, boat, "LY-MRA-PORT", "MLT", "VNM", "LKA", "NER");
        Assert.Equal((999.99m, "USD", fund, 3, 2), Shown(await ChargeOf(iom, airlift)));
        Assert.Equal((1000.00m, "USD", fund, 3, 1), Shown(await ChargeOf(iom, boat)));

        standing = (await this.Fund(iom, fund)).GetProperty("fund");
        Assert.Equal((0m, 1999.99m, 900.01m), (standing.GetProperty("committed").GetDecimal(), standing.GetProperty("spent").GetDecimal(),
            standing.GetProperty("balance").GetDecimal()));
        // Each charge's shares add up to it exactly: 999.99 is 666.66 + 333.33; 1,000.00 is 333.34 + 333.33 + 333.33 (the
        // cent left over to the first nationality of the tie).
        Assert.Equal(0, await platform.Number("micic_funds", $"""
            SELECT count(*) FROM charge c WHERE c.fund_id = '{fund}'
              AND (c.amount <> (SELECT sum(amount) FROM charge_share s WHERE s.charge_id = c.id)
                OR c.reporting_amount <> (SELECT sum(reporting_amount) FROM charge_share s WHERE s.charge_id = c.id))
            """));
        var charged = (await events.Until(messages => messages.Count(m => m.Contains("\"byNationality\"") && m.Contains(fund.ToString())) >= 2))
            .Select(m => JsonDocument.Parse(m).RootElement.GetProperty("message")).Where(m => m.TryGetProperty("byNationality", out _)
                && m.GetProperty("fundId").GetGuid() == fund).ToDictionary(m => m.GetProperty("offerId").GetGuid());
        Assert.Equal([("LKA", 1, 333.33m), ("VNM", 2, 666.66m)], charged[airlift].GetProperty("byNationality").EnumerateArray()
            .Select(s => (s.GetProperty("nationality").GetString(), (int)Number(s.GetProperty("people")), Number(s.GetProperty("amount")))));
        Assert.Equal([("LKA", 333.34m), ("NER", 333.33m), ("VNM", 333.33m)], charged[boat].GetProperty("byNationality").EnumerateArray()
            .Select(s => (s.GetProperty("nationality").GetString(), Number(s.GetProperty("reportingAmount")))));
        Assert.Equal((crisis, "air", "USD", "2011-03-01", airliftManifest.GetProperty("id").GetGuid()), (charged[airlift].GetProperty("crisisId").GetString(),
            charged[airlift].GetProperty("mode").GetString(), charged[airlift].GetProperty("reportingCurrency").GetString(),
            charged[airlift].GetProperty("ratesOf").GetString(), charged[airlift].GetProperty("manifestId").GetGuid()));

        // 1,999.99 spent in a day: 900.01 lasts 3.1 days at that pace, under the 14 coordinators are warned at — said
        // once, when the first charge took it under, not again on the second.
        var announced = await events.Until(messages => messages.Any(m => m.Contains("\"committed\"") && m.Contains(fund.ToString()) && m.Contains("1999.99")));
        Assert.Single(announced, m => m.Contains("\"alertDays\"") && m.Contains(fund.ToString()));
        Assert.Equal(3.1m, standing.GetProperty("daysLeftAtRecentBurn").GetDecimal());

        // What the crisis cost, in US dollars at the rates of 1 March 2011: 1,999.99 for six people.
        var costs = await Eventually.Get(async () => await Ok(await iom.GetAsync($"/api/costs?crisisId={crisis}")),
            view => view.GetProperty("people").GetInt32() == 6, TimeSpan.FromMinutes(1), "the crisis's costs");
        Assert.Equal(("USD", "2011-03-01", 333.33m, 1999.99m), (costs.GetProperty("currency").GetString(), costs.GetProperty("asOf").GetString(),
            costs.GetProperty("perPersonEvacuated").GetDecimal(), costs.GetProperty("amount").GetDecimal()));
        Assert.Equal(new Dictionary<string, (int, decimal)> { ["air"] = (3, 999.99m), ["sea"] = (3, 1000.00m) }, Lines(costs, "byMode", "mode"));
        Assert.Equal(new Dictionary<string, (int, decimal)> { ["VNM"] = (3, 999.99m), ["LKA"] = (2, 666.67m), ["NER"] = (1, 333.33m) },
            Lines(costs, "byNationality", "nationality"));
        Assert.Equal(new Dictionary<string, (int, decimal)> { [fund.ToString()] = (6, 1999.99m) }, Lines(costs, "byFund", "fundId"));

        // Niger's consulate sees its one national's share only: on the boat, paid by the fund.
        var nigers = await Ok(await niger.GetAsync($"/api/costs?crisisId={crisis}"));
        Assert.Equal((1, 333.33m, 333.33m), (nigers.GetProperty("people").GetInt32(), nigers.GetProperty("amount").GetDecimal(),
            nigers.GetProperty("perPersonEvacuated").GetDecimal()));
        Assert.Equal(new Dictionary<string, (int, decimal)> { ["NER"] = (1, 333.33m) }, Lines(nigers, "byNationality", "nationality"));
        Assert.Equal(new Dictionary<string, (int, decimal)> { ["sea"] = (1, 333.33m) }, Lines(nigers, "byMode", "mode"));
        Assert.Equal(new Dictionary<string, (int, decimal)> { [fund.ToString()] = (1, 333.33m) }, Lines(nigers, "byFund", "fundId"));
        Assert.DoesNotContain("VNM", nigers.ToString());

        // The boat's departure heard again — the same message redelivered, and another message for the same movement — charges nothing more.
        var bus = Bus.Factory.CreateUsingRabbitMq(rabbit => rabbit.Host(new Uri(platform.Servers.RabbitMq.ConnectionString)));
        await bus.StartAsync();
        try
        {
            var manifest = await platform.Text("micic_funds", $"SELECT manifest_id::text FROM movement WHERE offer_id = '{boat}'");
            var again = new MovementDeparted
            {
                ManifestId = Guid.Parse(manifest!), OfferId = boat, ToPlace = "MT-VALLETTA-PORT", RequestIds = [], Passengers = 3,
                PassengersByNationality = new Dictionary<string, int> { ["VNM"] = 1, ["LKA"] = 1, ["NER"] = 1 }, DepartedAt = DateTimeOffset.UtcNow,
            };
            var queue = await bus.GetSendEndpoint(new Uri("queue:funds-movement-departed"));
            Guid redelivered = NewId.NextGuid(), another = NewId.NextGuid();
            await queue.Send(again, context => context.MessageId = redelivered);
            await queue.Send(again, context => context.MessageId = redelivered);
            await queue.Send(again, context => context.MessageId = another);
            await Eventually.Get(() => platform.Number("micic_funds",
                    $"SELECT count(*) FROM inbox_state WHERE consumed IS NOT NULL AND message_id IN ('{redelivered}', '{another}')"),
                handled => handled == 2, TimeSpan.FromMinutes(1), "the departures heard again to be handled");
        }
        finally
        {
            await bus.StopAsync();
        }
        Assert.Equal(1, await platform.Number("micic_funds", $"SELECT count(*) FROM charge WHERE offer_id = '{boat}'"));
        Assert.Equal("1999.99", await platform.Text("micic_funds", $"SELECT spent::text FROM fund WHERE id = '{fund}'"));
    }

    [Fact]
    public async Task A_movement_its_fund_cannot_pay_is_refused_whole_and_charged_once_a_fund_that_can_is_chosen()
    {
        using var iom = await platform.Coordinator();
        using var tunisia = await Tunisia();
        await using var events = await EventQueue.Bind(platform.Servers.RabbitMq.ConnectionString, "Micic.Contracts:MovementChargeRefused");
        var crisis = await OwnCrisis(iom);
        var small = await OpenFund(iom, "USD", received: 1200m);
        var large = await OpenFund(iom, "USD", received: 5000m);
        var euros = await OpenFund(iom, "EUR", received: 5000m);
        var receptionOnly = await OpenFund(iom, "USD", received: 5000m, restrictions: new { purposes = new[] { "reception" } });
        var convoy = await CostedOffer(iom, crisis, "air", "LY-ZUWARA", "GH-ACC-AIRPORT", "GHA", seats: 3, new { amount = 400m, currency = "USD", per = "seat" });

        Assert.Equal("Not the fund's currency.", await Problem(await Fund(iom, convoy, euros), HttpStatusCode.Conflict));
        Assert.Equal("Outside the fund's purposes.", await Problem(await Fund(iom, convoy, receptionOnly), HttpStatusCode.Conflict));
        Assert.Equal("No such fund.", await Problem(await Fund(iom, convoy, Guid.NewGuid()), HttpStatusCode.NotFound));
        Assert.Equal("No such offer.", await Problem(await Fund(iom, Guid.NewGuid(), small), HttpStatusCode.NotFound));
        await Problem(await tunisia.PostAsJsonAsync($"/api/offers/{convoy}/funding", new { fundId = small }), HttpStatusCode.Forbidden);
        await Problem(await iom.PostAsJsonAsync($"/api/offers/{convoy}/funding", new { }), HttpStatusCode.BadRequest);

        // Chosen, then chosen again: the second choice replaces the first, and the commitment moves with it.
        await Ok(await Fund(iom, convoy, large));
        await Ok(await Fund(iom, convoy, small));
        Assert.Equal((0m, 1200m), ((await this.Fund(iom, large)).GetProperty("fund").GetProperty("committed").GetDecimal(),
            (await this.Fund(iom, small)).GetProperty("fund").GetProperty("committed").GetDecimal()));
        // Committed in full, the small fund takes on no other movement.
        var another = await CostedOffer(iom, crisis, "air", "LY-ZUWARA", "GH-ACC-AIRPORT", "GHA", seats: 1, new { amount = 0.01m, currency = "USD", per = "movement" });
        Assert.Equal("Beyond what the fund has not committed.", await Problem(await Fund(iom, another, small), HttpStatusCode.Conflict));

        // Then a claim spends 300 of it: the convoy's 1,200 is beyond what is left, so its charge is refused whole.
        var claim = await Claim(tunisia, 300m);
        await Ok(await iom.PostAsJsonAsync($"/api/claims/{claim}/approve", new { fundId = small }));
        await DepartGroup(iom, crisis, convoy, "LY-ZUWARA", "GHA", "GHA", "GHA", "EGY");
        Assert.StartsWith("Beyond the fund's balance.", await RefusalOf(convoy));
        var refused = await events.Until(messages => messages.Any(m => m.Contains(convoy.ToString())));
        var refusal = JsonDocument.Parse(refused.Single(m => m.Contains(convoy.ToString()))).RootElement.GetProperty("message");
        Assert.Equal((small, 1200m, "USD"), (refusal.GetProperty("fundId").GetGuid(), Number(refusal.GetProperty("amount")), refusal.GetProperty("currency").GetString()));
        Assert.Equal(0, await platform.Number("micic_funds", $"SELECT count(*) FROM charge WHERE offer_id = '{convoy}'"));
        var smallStanding = (await this.Fund(iom, small)).GetProperty("fund");
        Assert.Equal((300m, 900m, 0m), (smallStanding.GetProperty("spent").GetDecimal(), smallStanding.GetProperty("balance").GetDecimal(),
            smallStanding.GetProperty("committed").GetDecimal()));
        Assert.False((await Ok(await iom.GetAsync($"/api/offers/{convoy}"))).TryGetProperty("charge", out _));

        // Chosen again, the small fund still cannot pay: 409 and nothing changes. The large one pays it at once.
        Assert.Equal("Beyond the fund's balance.", await Problem(await Fund(iom, convoy, small), HttpStatusCode.Conflict));
        var charged = await Ok(await Fund(iom, convoy, large));
        Assert.Equal(("charged", 1200m), (charged.GetProperty("status").GetString(), charged.GetProperty("amount").GetDecimal()));
        Assert.Equal((1200m, "USD", large, 3, 0), Shown(await ChargeOf(iom, convoy)));
        Assert.Equal("Already charged.", await Problem(await Fund(iom, convoy, large), HttpStatusCode.Conflict));
        Assert.Equal((1200m, 3800m), ((await this.Fund(iom, large)).GetProperty("fund").GetProperty("spent").GetDecimal(),
            (await this.Fund(iom, large)).GetProperty("fund").GetProperty("balance").GetDecimal()));
        Assert.Equal(300m, (await this.Fund(iom, small)).GetProperty("fund").GetProperty("spent").GetDecimal());
    }

    /// <summary>
    /// A State recovers what its nationals' evacuation costs through a fund of its own, restricted to them: it pays for a
    /// movement of its nationals, not one with others aboard (a family member of another nationality included).
    /// </summary>
    [Fact]
    public async Task A_States_fund_for_its_nationals_refuses_a_movement_with_others_aboard()
    {
        using var iom = await platform.Coordinator();
        var crisis = await OwnCrisis(iom);
        var opened = await Ok(await iom.PostAsJsonAsync("/api/funds", new
        {
            name = $"Viet Nam cost recovery {Guid.NewGuid():N}", currency = "USD", pledged = 10000m, source = "state",
            restrictions = new { nationalities = new[] { "VNM" }, purposes = new[] { "evacuation" } },
        }));
        var vietnam = opened.GetProperty("id").GetGuid();
        await Ok(await iom.PostAsJsonAsync($"/api/funds/{vietnam}/receipts", new { amount = 10000m, receivedAt = DateTimeOffset.UtcNow.AddHours(-1) }));
        var donors = await OpenFund(iom, "USD", received: 10000m);
        Assert.Equal("state", (await this.Fund(iom, vietnam)).GetProperty("fund").GetProperty("source").GetString());

        // Reserved for Sri Lankans: never Viet Nam's to pay. For Vietnamese (and their families): chosen.
        var forSriLankans = await CostedOffer(iom, crisis, "air", "LY-ZUWARA", "VN-HAN-AIRPORT", "VNM", seats: 2,
            new { amount = 2000m, currency = "USD", per = "movement" }, nationalities: ["LKA"]);
        Assert.Equal("Outside the fund's nationalities.", await Problem(await Fund(iom, forSriLankans, vietnam), HttpStatusCode.Conflict));
        var charter = await CostedOffer(iom, crisis, "air", "LY-MRA-PORT", "VN-HAN-AIRPORT", "VNM", seats: 2,
            new { amount = 2000m, currency = "USD", per = "movement" }, nationalities: ["VNM"]);
        await Ok(await Fund(iom, charter, vietnam));

        // A Vietnamese with a Sri Lankan spouse departs: Viet Nam's fund does not pay for the spouse, so for none of it.
        await DepartGroup(iom, crisis, charter, "LY-MRA-PORT", "VNM", "VNM", "LKA");
        Assert.StartsWith("Outside the fund's nationalities.", await RefusalOf(charter));
        Assert.Equal((0m, 0m), ((await this.Fund(iom, vietnam)).GetProperty("fund").GetProperty("spent").GetDecimal(),
            (await this.Fund(iom, vietnam)).GetProperty("fund").GetProperty("committed").GetDecimal()));

        // The donors' fund pays for both; each nationality bears half.
        await Ok(await Fund(iom, charter, donors));
        Assert.Equal((2000m, "USD", donors, 2, 0), Shown(await ChargeOf(iom, charter)));
        Assert.Equal("LKA:1000.00,VNM:1000.00", await platform.Text("micic_funds", $"""
            SELECT string_agg(s.nationality || ':' || s.amount, ',' ORDER BY s.nationality) FROM charge_share s JOIN charge c ON c.id = s.charge_id
            WHERE c.offer_id = '{charter}'
            """));
    }
}
