using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Micic.IntegrationTests.Infrastructure;

namespace Micic.IntegrationTests.EndToEnd;

/// <summary>
/// Matching end to end, through the gateway, on two matching and two offers instances. Each test uses a route of its
/// own (pickup place and destination country) so that offers and waiting groups of other tests cannot meet its own.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class MatchingTests(Platform platform)
{
    static object Person(string nationality, int age = 30, params string[] needs) => new
    {
        givenName = "Amina", familyName = "Diallo", sex = "F", age, nationality,
        document = new { kind = "passport", number = "P1234567" }, needs,
    };

    static object Group(string pickupPlace, string destination, params object[] people) => new
    {
        crisisId = "libya-2011", pickupPlace, destinationCountry = destination, acceptsThirdCountry = false,
        consentToShareWithConsulate = true, people,
    };

    static object Flight(string fromPlace, string toPlace, string destination, int seats, bool medical = true, bool children = true, double departsInHours = 48) => new
    {
        crisisId = "libya-2011", provider = "IOM charter", mode = "air", fromPlace, toPlace, destinationCountry = destination,
        departsAt = DateTimeOffset.UtcNow.AddHours(departsInHours), seats,
        eligibility = new { familyMembersOfAnyNationality = false, acceptsMedical = medical, acceptsUnaccompaniedChildren = children },
    };

    static async Task<Guid> Submit(HttpClient requester, object group)
    {
        var response = await requester.PostAsJsonAsync("/api/requests", group);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    static async Task<Guid> Register(HttpClient offerer, object offer)
    {
        var response = await offerer.PostAsJsonAsync("/api/offers", offer);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    static string InList(IEnumerable<Guid> ids) => string.Join(",", ids.Select(id => $"'{id}'"));

    Task<int> SagasIn(IEnumerable<Guid> ids, string state) =>
        platform.Number("micic_matching", $"SELECT count(*) FROM evacuation_saga WHERE correlation_id IN ({InList(ids)}) AND current_state = '{state}'");

    /// <summary>Waits until none of the groups is between states (submitted or holding) and the counts match.</summary>
    async Task Settled(IReadOnlyCollection<Guid> ids, int matched, int pending, string what) =>
        await Eventually.Get(async () => (Matched: await SagasIn(ids, "Matched"), Pending: await SagasIn(ids, "Pending"), Holding: await SagasIn(ids, "Holding")),
            counts => counts.Matched == matched && counts.Pending == pending && counts.Holding == 0, TimeSpan.FromMinutes(2), what);

    static async Task<JsonElement> Json(HttpClient client, string path) => await client.GetFromJsonAsync<JsonElement>(path);

    [Fact]
    public async Task Two_hundred_people_race_for_fifty_seats_then_a_second_offer_takes_everyone_left()
    {
        using var unhcr = await platform.LoginAs("unhcr-field", "dev-unhcr-secret");
        using var iom = await platform.Coordinator();
        var first = await Register(iom, Flight("LY-MRA-PORT", "PH-MNL-AIRPORT", "PHL", seats: 50));

        var needs = new[] { Array.Empty<string>(), ["pregnant"], ["disability"], ["trafficking-survivor"], [] };
        var requests = await Task.WhenAll(Enumerable.Range(0, 200).Select(i =>
            Submit(unhcr, Group("LY-MRA-PORT", "PHL", Person(i % 3 == 0 ? "PHL" : "BGD", needs: needs[i % needs.Length])))));

        await Settled(requests, matched: 50, pending: 150, "the race for fifty seats to settle");
        Assert.Equal(50, (await Json(iom, $"/api/offers/{first}")).GetProperty("seatsAllocated").GetInt32());
        Assert.Equal(50, await platform.Number("micic_offers", $"SELECT count(*) FROM seat_hold WHERE offer_id = '{first}'"));

        var unmatched = await Json(iom, "/api/matching/unmatched?pickupPlace=LY-MRA-PORT&pageSize=500");
        Assert.Equal(150, unmatched.GetProperty("total").GetInt32());
        Assert.All(unmatched.GetProperty("items").EnumerateArray(), item => Assert.Equal("no capacity left", item.GetProperty("reason").GetString()));
        var priorities = unmatched.GetProperty("items").EnumerateArray().Select(item => item.GetProperty("priority").GetInt32()).ToList();
        Assert.Equal(priorities.OrderByDescending(p => p), priorities);

        // Requests follows matching: the people see "matched" or "pending, no capacity left".
        await Eventually.Get(() => platform.Number("micic_requests", $"SELECT count(*) FROM evacuation_request WHERE id IN ({InList(requests)}) AND status = 'matched'"),
            count => count == 50, what: "requests to show 50 matched");
        var waiting = (await SagaIds(requests, "Pending")).First();
        var seen = await Eventually.Get(() => Json(unhcr, $"/api/requests/{waiting}"),
            request => request.TryGetProperty("unmatchedReason", out var reason) && reason.GetString() == "no capacity left", what: "the reason to reach the request");
        Assert.Equal("pending", seen.GetProperty("status").GetString());

        var second = await Register(iom, Flight("LY-MRA-PORT", "PH-MNL-AIRPORT", "PHL", seats: 200, departsInHours: 72));
        await Settled(requests, matched: 200, pending: 0, "everyone left to be matched on the second offer");
        Assert.Equal(50, (await Json(iom, $"/api/offers/{first}")).GetProperty("seatsAllocated").GetInt32());
        Assert.Equal(150, (await Json(iom, $"/api/offers/{second}")).GetProperty("seatsAllocated").GetInt32());

        // The dashboard counts the seats Offers holds, these two offers' among them. Compared with Offers' own totals rather
        // than as a difference since the test began, which the seats other tests release meanwhile would upset.
        await Eventually.Get(async () =>
        {
            var shown = (await Json(iom, "/api/dashboard/summary")).GetProperty("offers");
            var held = (await platform.Rows("micic_offers",
                "SELECT count(*)::int, coalesce(sum(seats), 0)::int, coalesce(sum(seats_allocated), 0)::int FROM offer WHERE status = 'open'",
                row => (Open: row.GetInt32(0), Seats: row.GetInt32(1), Allocated: row.GetInt32(2))))[0];
            return (Shown: (Open: shown.GetProperty("open").GetInt32(), Seats: shown.GetProperty("seats").GetInt32(),
                Allocated: shown.GetProperty("allocated").GetInt32()), Held: held);
        }, figures => figures.Shown == figures.Held, what: "the dashboard to count the seats Offers holds");
    }

    [Fact]
    public async Task Scarce_new_capacity_goes_to_the_highest_priority_groups_whatever_their_nationality()
    {
        using var icrc = await platform.LoginAs("redcrescent-intake", "dev-redcrescent-secret");
        using var iom = await platform.Coordinator();
        await Register(iom, Flight("LY-TIP-PORT", "MT-VALLETTA-PORT", "MLT", seats: 1)); // an offer from the place, but not to Nigeria
        var groups = new List<(Guid Id, string Kind)>();
        foreach (var (kind, person) in new[]
                 {
                     ("none", Person("NGA")), ("child", Person("SDN", age: 14, "unaccompanied-child")), ("medical", Person("NGA", needs: "medical")),
                     ("elderly", Person("GHA", age: 71)), ("pregnant", Person("NGA", needs: "pregnant")), ("none", Person("SDN")),
                     ("medical", Person("SDN", needs: "medical")), ("child", Person("NGA", age: 12, "unaccompanied-child")),
                     ("elderly", Person("NGA", age: 80)), ("none", Person("NGA")),
                 })
            groups.Add((await Submit(icrc, Group("LY-TIP-PORT", "NGA", person)), kind));
        await Settled(groups.Select(g => g.Id).ToList(), matched: 0, pending: 10, "the groups to wait, with no offer to Nigeria");
        await Eventually.Get(() => Json(iom, $"/api/matching/{groups[0].Id}"),
            view => view.GetProperty("unmatchedReason").GetString() == "no offer to NGA", what: "the reason: an offer leaves from the place, but none to Nigeria");

        await Register(iom, Flight("LY-TIP-PORT", "NG-LOS-AIRPORT", "NGA", seats: 5));

        // Medical (100) ×2, unaccompanied children (90) ×2, then pregnant (60) — never by nationality or arrival order.
        await Settled(groups.Select(g => g.Id).ToList(), matched: 5, pending: 5, "five seats to be shared out");
        var matched = await SagaIds(groups.Select(g => g.Id), "Matched");
        Assert.Equal(
            groups.Where(g => g.Kind is "medical" or "child" or "pregnant").Select(g => g.Id).Order(),
            matched.Order());
    }

    [Fact]
    public async Task Cancellation_seat_cuts_and_withdrawal_send_groups_back_with_their_place_and_free_seats_go_to_the_next()
    {
        using var unhcr = await platform.LoginAs("unhcr-field", "dev-unhcr-secret");
        using var iom = await platform.Coordinator();
        var offer = await Register(iom, Flight("LY-ZUWARA", "GH-ACC-AIRPORT", "GHA", seats: 6));

        var pregnantFamily = await Submit(unhcr, Group("LY-ZUWARA", "GHA", Person("GHA", needs: "pregnant"), Person("GHA"), Person("GHA", age: 6)));
        var couple = await Submit(unhcr, Group("LY-ZUWARA", "GHA", Person("GHA"), Person("GHA")));
        var single = await Submit(unhcr, Group("LY-ZUWARA", "GHA", Person("GHA")));
        await Settled([pregnantFamily, couple, single], matched: 3, pending: 0, "six seats for six people");
        var late = await Submit(unhcr, Group("LY-ZUWARA", "GHA", Person("GHA")));
        await Settled([late], matched: 0, pending: 1, "the latecomer to wait");

        // The couple cancels: their two seats are released and the latecomer, waiting, takes one.
        var cancelled = await unhcr.PostAsJsonAsync($"/api/requests/{couple}/cancel", new { reason = "left by road" });
        Assert.Equal(HttpStatusCode.Accepted, cancelled.StatusCode);
        await Settled([late], matched: 1, pending: 0, "the freed seats to go to the waiting group");
        await Eventually.Get(() => SagasIn([couple], "Cancelled"), count => count == 1);
        Assert.Equal(5, (await Json(iom, $"/api/offers/{offer}")).GetProperty("seatsAllocated").GetInt32());

        // The plane shrinks to four seats: the lowest priority, latest submitted group — the latecomer — goes back.
        var cut = await iom.PatchAsJsonAsync($"/api/offers/{offer}", new { seats = 4 });
        Assert.Equal(HttpStatusCode.OK, cut.StatusCode);
        Assert.Equal(4, (await cut.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("seatsAllocated").GetInt32());
        await Settled([late], matched: 0, pending: 1, "the latecomer to lose its seat");
        await Settled([pregnantFamily, single], matched: 2, pending: 0, "the others to keep theirs");
        var lateView = await Json(iom, $"/api/matching/{late}");
        Assert.Equal("no capacity left", lateView.GetProperty("unmatchedReason").GetString());
        Assert.Contains(lateView.GetProperty("reasons").EnumerateArray(), r => r.GetString() == "seats cut to 4");

        // The offer is withdrawn: everyone goes back, keeping need weight and submission time.
        var before = await Json(iom, $"/api/matching/{pregnantFamily}");
        Assert.Equal(HttpStatusCode.OK, (await iom.PostAsJsonAsync($"/api/offers/{offer}/withdraw", new { reason = "aircraft grounded" })).StatusCode);
        await Settled([pregnantFamily, single, late], matched: 0, pending: 3, "everyone to wait again");
        var after = await Json(iom, $"/api/matching/{pregnantFamily}");
        Assert.Equal(before.GetProperty("priority").GetInt32(), after.GetProperty("priority").GetInt32());
        Assert.Contains(after.GetProperty("reasons").EnumerateArray(), r => r.GetString() == "offer withdrawn: aircraft grounded");

        // A new offer takes them all.
        var replacement = await Register(iom, Flight("LY-ZUWARA", "GH-ACC-AIRPORT", "GHA", seats: 10));
        await Settled([pregnantFamily, single, late], matched: 3, pending: 0, "the replacement offer to take everyone");
        Assert.Equal(5, (await Json(iom, $"/api/offers/{replacement}")).GetProperty("seatsAllocated").GetInt32());

        // Bad changes change nothing.
        Assert.Equal(HttpStatusCode.BadRequest, (await iom.PatchAsJsonAsync($"/api/offers/{replacement}", new { seats = -1 })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await iom.PatchAsJsonAsync($"/api/offers/{replacement}", new { departsAt = DateTimeOffset.UtcNow.AddHours(-1) })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await iom.PatchAsJsonAsync($"/api/offers/{offer}", new { seats = 10 })).StatusCode);
        Assert.Equal(10, (await Json(iom, $"/api/offers/{replacement}")).GetProperty("seats").GetInt32());
    }

    [Fact]
    public async Task Coordinators_release_and_assign_by_hand_within_the_same_rules()
    {
        using var unhcr = await platform.LoginAs("unhcr-field", "dev-unhcr-secret");
        using var iom = await platform.Coordinator();
        var offer = await Register(iom, Flight("LY-TIP-AIRPORT", "SD-KRT-AIRPORT", "SDN", seats: 4, medical: false));
        var family = await Submit(unhcr, Group("LY-TIP-AIRPORT", "SDN", Person("SDN"), Person("SDN")));
        await Settled([family], matched: 1, pending: 0, "the family to be matched");

        Assert.Equal(HttpStatusCode.Conflict, (await iom.PostAsJsonAsync($"/api/matching/{family}/assign", new { offerId = offer, reason = "again" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await iom.PostAsJsonAsync($"/api/matching/{family}/release", new { reason = "" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await unhcr.PostAsJsonAsync($"/api/matching/{family}/release", new { reason = "not mine to" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await iom.PostAsJsonAsync($"/api/matching/{Guid.NewGuid()}/release", new { reason = "who" })).StatusCode);

        // The answer shows the group as the release left it: waiting, and why.
        var released = await Decided(iom, await iom.PostAsJsonAsync($"/api/matching/{family}/release", new { reason = "family asked to wait for a relative" }),
            view => view.GetProperty("state").GetString() == "pending", "the release to land");
        Assert.Equal("family asked to wait for a relative", released.GetProperty("released").GetProperty("reason").GetString());
        await Settled([family], matched: 0, pending: 1, "the family to be released");
        await Eventually.Get(() => platform.Number("micic_offers", $"SELECT seats_allocated FROM offer WHERE id = '{offer}'"), seats => seats == 0,
            what: "the seats to be given back");
        await Task.Delay(TimeSpan.FromSeconds(6)); // one rebalancing round: a released group is not put back on that offer by itself
        Assert.Equal(1, await SagasIn([family], "Pending"));

        // The offer has its four seats free again: the reason says the coordinator released the group, and what happens next.
        var waiting = await Json(iom, $"/api/matching/{family}");
        var why = waiting.GetProperty("unmatchedReason").GetString()!;
        Assert.StartsWith("released by iom at ", why);
        Assert.Contains("(family asked to wait for a relative): not put back on that offer unless a coordinator assigns it; " +
            "it is tried on any other offer from LY-TIP-AIRPORT as soon as one has seats — ", why);
        // Other tests may have offers from the airport, to elsewhere.
        Assert.True(why.EndsWith("there is none yet") || why.EndsWith("none suits it now: no offer to SDN"), why);
        var release = waiting.GetProperty("released");
        Assert.Equal((offer, "iom-coordination"), (release.GetProperty("offerId").GetGuid(), release.GetProperty("by").GetProperty("id").GetString()));
        var listed = (await Json(iom, "/api/matching/unmatched?pickupPlace=LY-TIP-AIRPORT&pageSize=500")).GetProperty("items").EnumerateArray()
            .Single(item => item.GetProperty("requestId").GetGuid() == family);
        Assert.Equal(why, listed.GetProperty("reason").GetString());
        Assert.Equal(offer, listed.GetProperty("released").GetProperty("offerId").GetGuid());

        var medical = await Submit(unhcr, Group("LY-TIP-AIRPORT", "SDN", Person("SDN", needs: "medical")));
        await Settled([medical], matched: 0, pending: 1, "the medical case to wait: the flight takes no medical cases");
        var refused = await iom.PostAsJsonAsync($"/api/matching/{medical}/assign", new { offerId = offer, reason = "try anyway" });
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("medical", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, (await iom.PostAsJsonAsync($"/api/matching/{family}/assign", new { offerId = Guid.NewGuid(), reason = "x" })).StatusCode);

        var assigned = await Decided(iom, await iom.PostAsJsonAsync($"/api/matching/{family}/assign", new { offerId = offer, reason = "relative arrived" }),
            view => view.GetProperty("state").GetString() is "holding" or "matched", "the assignment to land");
        Assert.Equal(offer, assigned.GetProperty("offerId").GetGuid());
        Assert.False(assigned.TryGetProperty("released", out var lifted) && lifted.ValueKind != JsonValueKind.Null);
        await Settled([family], matched: 1, pending: 0, "the family to be assigned back");
        var history = await Json(iom, $"/api/matching/{family}");
        Assert.Contains(history.GetProperty("reasons").EnumerateArray(), r => r.GetString() == "assigned by iom: relative arrived");
        // Who decided travelled in the commands' headers, from the coordinator's call to the saga that took the step.
        var byHand = history.GetProperty("history").EnumerateArray().Where(step => step.TryGetProperty("by", out _)).ToList();
        Assert.Equal(["pending", "holding"], byHand.Select(step => step.GetProperty("status").GetString()));
        Assert.All(byHand, step => Assert.Equal(("client", "iom-coordination", "International Organization for Migration (coordination cell)"),
            (step.GetProperty("by").GetProperty("kind").GetString(), step.GetProperty("by").GetProperty("id").GetString(),
             step.GetProperty("by").GetProperty("name").GetString())));
    }

    [Fact]
    public async Task A_vulnerable_group_waiting_past_its_deadline_is_escalated_on_the_unmatched_list()
    {
        using var unhcr = await platform.LoginAs("unhcr-field", "dev-unhcr-secret");
        using var iom = await platform.Coordinator();
        await Register(iom, Flight("LY-TIP-AIRPORT", "MT-VALLETTA-PORT", "MLT", seats: 1)); // an offer from the place, but not to Chad
        var child = await Submit(unhcr, Group("LY-TIP-AIRPORT", "TCD", Person("TCD", age: 13, "unaccompanied-child")));
        var adult = await Submit(unhcr, Group("LY-TIP-AIRPORT", "TCD", Person("TCD")));
        await Settled([child, adult], matched: 0, pending: 2, "both to wait: there is no offer to Chad");

        // The test platform's deadline is five seconds.
        var escalated = await Eventually.Get(() => Json(iom, $"/api/matching/{child}"),
            view => view.TryGetProperty("escalatedAt", out _), TimeSpan.FromSeconds(60), "the child's wait to be escalated");
        Assert.Contains(escalated.GetProperty("history").EnumerateArray(), step => step.GetProperty("status").GetString() == "escalated");

        var unmatched = await Json(iom, "/api/matching/unmatched?pickupPlace=LY-TIP-AIRPORT&pageSize=500");
        var items = unmatched.GetProperty("items").EnumerateArray().ToList();
        var childItem = items.Single(item => item.GetProperty("requestId").GetGuid() == child);
        Assert.True(childItem.GetProperty("escalated").GetBoolean());
        Assert.Equal("no offer to TCD", childItem.GetProperty("reason").GetString());
        Assert.False(items.Single(item => item.GetProperty("requestId").GetGuid() == adult).GetProperty("escalated").GetBoolean());
        Assert.True(items.FindIndex(item => item.GetProperty("requestId").GetGuid() == child) < items.FindIndex(item => item.GetProperty("requestId").GetGuid() == adult));
        Assert.Equal(HttpStatusCode.BadRequest, (await iom.GetAsync("/api/matching/unmatched?pageSize=501")).StatusCode);
    }

    /// <summary>
    /// A coordinator's decision, answered with the group as the decision left it (200), or — when the saga takes longer
    /// than the answer waits — 202 with the group's address, which shows the decision once it lands.
    /// </summary>
    static async Task<JsonElement> Decided(HttpClient coordinator, HttpResponseMessage answer, Func<JsonElement, bool> applied, string what)
    {
        if (answer.StatusCode == HttpStatusCode.OK)
        {
            var view = await answer.Content.ReadFromJsonAsync<JsonElement>();
            Assert.True(applied(view), $"{what}: answered with {view}");
            return view;
        }
        Assert.True(answer.StatusCode == HttpStatusCode.Accepted, $"{what}: {(int)answer.StatusCode} {await answer.Content.ReadAsStringAsync()}");
        return await Eventually.Get(() => Json(coordinator, answer.Headers.Location!.OriginalString), applied, what: what);
    }

    async Task<IReadOnlyList<Guid>> SagaIds(IEnumerable<Guid> ids, string state)
    {
        var text = await platform.Text("micic_matching",
            $"SELECT string_agg(correlation_id::text, ',') FROM evacuation_saga WHERE correlation_id IN ({InList(ids)}) AND current_state = '{state}'");
        return string.IsNullOrEmpty(text) ? [] : text.Split(',').Select(Guid.Parse).ToList();
    }
}
