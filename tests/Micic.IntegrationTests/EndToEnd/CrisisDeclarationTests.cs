using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Micic.IntegrationTests.Infrastructure;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Micic.IntegrationTests.Infrastructure.Answers;

namespace Micic.IntegrationTests.EndToEnd;

/// <summary>
/// A coordinator declares a crisis in a country the seeds know no crisis in: every service takes offers, requests,
/// arrivals, feedback and list filters in it, and each change of its alert level is announced once and shown on the
/// dashboard, in its figures and on the live page.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class CrisisDeclarationTests(Platform platform, ITestOutputHelper output)
{
    static HttpRequestMessage Declare(object body) => new(HttpMethod.Post, "/api/crises")
    {
        Content = JsonContent.Create(body), Headers = { { "Idempotency-Key", Guid.NewGuid().ToString() } },
    };

    static object Charter(string crisisId) => new
    {
        crisisId, provider = "EgyptAir", mode = "air", fromPlace = "SD-KRT-AIRPORT", toPlace = "EG-CAI-AIRPORT", destinationCountry = "EGY",
        departsAt = DateTimeOffset.UtcNow.AddDays(2), seats = 120,
        eligibility = new { familyMembersOfAnyNationality = true, acceptsMedical = true, acceptsUnaccompaniedChildren = true },
    };

    static object Family(string crisisId) => new
    {
        crisisId, pickupPlace = "SD-KRT-AIRPORT", destinationCountry = "EGY", acceptsThirdCountry = false, consentToShareWithConsulate = false,
        people = new[] { Requests.Person(nationality: "EGY", givenName: "Hoda") },
    };

    static object WalkIn(string crisisId) => new
    {
        siteCode = "EG-SALLOUM", arrivedAt = DateTimeOffset.UtcNow.AddMinutes(-1),
        walkIn = new { crisisId, givenName = "Omar", familyName = "Salih", sex = "M", age = 40, nationality = "SDN", document = new { kind = "none" }, needs = Array.Empty<string>() },
    };

    /// <summary>Tries a call until the service has learnt the crisis (each refusal stores nothing), and returns its answer.</summary>
    static async Task<HttpResponseMessage> OnceKnown(Func<Task<HttpResponseMessage>> call, string what, HttpStatusCode unknown = HttpStatusCode.BadRequest) =>
        await Eventually.Get(call, response => response.StatusCode != unknown, TimeSpan.FromSeconds(30), what);

    Task<int> Announced(string crisisId, string kind) => platform.Number("micic_dashboard",
        $"SELECT count(*) FROM projected_event WHERE kind = '{kind}' AND body->>'crisisId' = '{crisisId}'");

    [Fact]
    public async Task A_crisis_declared_in_a_new_country_is_accepted_everywhere_and_each_change_of_level_shows_on_the_dashboard()
    {
        using var iom = await platform.Coordinator();
        using var unhcr = await platform.LoginAs("unhcr-field", "dev-unhcr-secret");
        var name = $"Sudan {Random.Shared.Next(1000, 9999)}";

        var declared = await iom.SendAsync(Declare(new { name, country = "SDN", areas = new[] { "SD-KRT-AIRPORT" }, alertLevel = 1 }));
        Assert.Equal(HttpStatusCode.Created, declared.StatusCode);
        var id = (await declared.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        Assert.Equal($"/api/crises/{id}", declared.Headers.Location!.ToString());

        // Listed beside the seeded crisis, in the same shape, with its level, areas and declaration.
        var crises = await iom.GetFromJsonAsync<JsonElement>("/api/crises");
        Assert.Contains(crises.EnumerateArray(), crisis => crisis.GetProperty("id").GetString() == "libya-2011" && crisis.TryGetProperty("startedAt", out _));
        var listed = crises.EnumerateArray().Single(crisis => crisis.GetProperty("id").GetString() == id);
        Assert.Equal((name, "SDN", 1, "watch"), (listed.GetProperty("name").GetString(), listed.GetProperty("country").GetString(),
            listed.GetProperty("alertLevel").GetInt32(), listed.GetProperty("alertLevelName").GetString()));
        Assert.Equal(["SD-KRT-AIRPORT"], listed.GetProperty("areas").EnumerateArray().Select(area => area.GetString()));
        Assert.True(listed.TryGetProperty("declaredAt", out _));

        // Requests knows it at once; every other service as soon as it has read CrisisDeclared.
        Assert.Equal(HttpStatusCode.Accepted, (await unhcr.PostAsJsonAsync("/api/requests", Family(id))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await OnceKnown(() => iom.PostAsJsonAsync("/api/offers", Charter(id)), "Offers to learn the crisis")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await OnceKnown(() => iom.GetAsync($"/api/matching/unmatched?crisisId={id}"), "Matching to learn the crisis")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await OnceKnown(() => iom.PostAsJsonAsync("/api/transit/arrivals", WalkIn(id)), "Transit to learn the crisis")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await OnceKnown(() => iom.PostAsJsonAsync("/api/feedback", new { crisisId = id, channel = "desk", text = "Is the airport open?" }),
            "Messaging to learn the crisis")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await OnceKnown(() => iom.GetAsync($"/api/requests/duplicates?crisisId={id}"), "duplicates filter")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await OnceKnown(() => iom.GetAsync($"/api/reports/after-action?crisisId={id}"), "the dashboard to learn the crisis",
            HttpStatusCode.NotFound)).StatusCode);
        Assert.Equal(1, await platform.Number("micic_offers", $"SELECT count(*) FROM offer WHERE crisis_id = '{id}'"));
        Assert.Equal(1, await platform.Number("micic_requests", $"SELECT count(*) FROM evacuation_request WHERE crisis_id = '{id}'"));

        // Raised to voluntary departure: announced once, kept in its history; the same level again changes nothing.
        var raised = await Ok(await iom.PatchAsJsonAsync($"/api/crises/{id}", new { alertLevel = 3 }));
        Assert.Equal((3, "voluntary-departure"), (raised.GetProperty("alertLevel").GetInt32(), raised.GetProperty("alertLevelName").GetString()));
        var again = await Ok(await iom.PatchAsJsonAsync($"/api/crises/{id}", new { alertLevel = 3 }));
        var history = again.GetProperty("history").EnumerateArray().ToList();
        Assert.Equal([(null, 1), (1, 3)], history.Select(step =>
            (step.TryGetProperty("from", out var from) ? from.GetInt32() : (int?)null, step.GetProperty("to").GetInt32())));
        Assert.All(history, step => Assert.False(string.IsNullOrEmpty(step.GetProperty("by").GetProperty("id").GetString())));

        await Eventually.Get(() => Announced(id, "CrisisAlertLevelChanged"), count => count == 1, TimeSpan.FromSeconds(30), "the dashboard to count the change");
        Assert.Equal(1, await Announced(id, "CrisisDeclared"));
        Assert.Equal(2, await platform.Number("micic_requests", $"SELECT count(*) FROM crisis_alert_level WHERE crisis_id = '{id}'"));

        var summary = await iom.GetFromJsonAsync<JsonElement>("/api/dashboard/summary");
        var shown = summary.GetProperty("crises").EnumerateArray().Single(crisis => crisis.GetProperty("id").GetString() == id);
        Assert.Equal(3, shown.GetProperty("alertLevel").GetInt32());
        Assert.Contains(summary.GetProperty("alerts").EnumerateArray(), alert =>
            alert.GetProperty("kind").GetString() == "crisis-alert-level" && alert.GetProperty("message").GetString()!.StartsWith($"{name} (SDN): alert level 1 → 3"));

        // The live page lists it at its new level, and the change among the events.
        await using var browser = await DashboardBrowser.SignIn(platform.Gateway, output.WriteLine);
        var page = browser.Page;
        await page.WaitForSelectorAsync($"#crises tr.level-3:has-text('{name}')", new PageWaitForSelectorOptions { Timeout = 30_000 });
        Assert.Contains("voluntary departure", await page.TextContentAsync($"#crises tr:has-text('{name}') td.level"));
        await page.WaitForSelectorAsync($"#alerts li.crisis-alert-level:has-text('{name} (SDN): alert level 1 → 3')");
        await page.Locator("#crises").ScrollIntoViewIfNeededAsync();
        output.WriteLine($"Screenshot: {await browser.Screenshot("dashboard-crises.png")}");
        Assert.Empty(browser.Refused);

        // The dashboard's event history stays whole: the change to 4 arrives live too.
        await Ok(await iom.PatchAsJsonAsync($"/api/crises/{id}", new { alertLevel = 4 }));
        await page.WaitForSelectorAsync($"#crises tr.level-4:has-text('{name}')", new PageWaitForSelectorOptions { Timeout = 30_000 });
    }

    [Fact]
    public async Task A_bad_declaration_or_change_is_a_problem_and_stores_nothing()
    {
        using var iom = await platform.Coordinator();
        using var unhcr = await platform.LoginAs("unhcr-field", "dev-unhcr-secret");
        var id = (await Ok(await iom.SendAsync(Declare(new { name = "Sudan drill", country = "SDN", alertLevel = 2 })))).GetProperty("id").GetString()!;
        Task<int> Stored() => platform.Number("micic_requests",
            "SELECT (SELECT count(*) FROM crisis) + (SELECT count(*) FROM crisis_alert_level) + (SELECT count(*) FROM idempotency_key)");
        var before = await Stored();

        (HttpClient Caller, HttpRequestMessage Call, HttpStatusCode Expected, string? Field)[] attempts =
        [
            (iom, Declare(new { name = "Atlantis", country = "ATL", alertLevel = 1 }), HttpStatusCode.BadRequest, "country"),
            (iom, Declare(new { name = "Sudan", country = "SDN", areas = new[] { "LY-TIP-PORT" }, alertLevel = 1 }), HttpStatusCode.BadRequest, "areas[0]"),
            (iom, Declare(new { name = "Sudan", country = "SDN", areas = new[] { "SD-NOWHERE" }, alertLevel = 1 }), HttpStatusCode.BadRequest, "areas[0]"),
            (iom, Declare(new { name = "Sudan", country = "SDN", alertLevel = 7 }), HttpStatusCode.BadRequest, "alertLevel"),
            (iom, Declare(new { name = "Sudan", country = "SDN", alertLevel = 0 }), HttpStatusCode.BadRequest, "alertLevel"),
            (iom, Declare(new { name = "", country = "SDN", alertLevel = 1 }), HttpStatusCode.BadRequest, "name"),
            (iom, Declare(new { name = new string('S', 2000), country = "SDN", alertLevel = 1 }), HttpStatusCode.BadRequest, "name"),
            (unhcr, Declare(new { name = "Sudan", country = "SDN", alertLevel = 1 }), HttpStatusCode.Forbidden, null),
            (iom, new(HttpMethod.Patch, $"/api/crises/{id}") { Content = JsonContent.Create(new { alertLevel = 7 }) }, HttpStatusCode.BadRequest, "alertLevel"),
            (iom, new(HttpMethod.Patch, $"/api/crises/{id}") { Content = JsonContent.Create(new { }) }, HttpStatusCode.BadRequest, "alertLevel"),
            (unhcr, new(HttpMethod.Patch, $"/api/crises/{id}") { Content = JsonContent.Create(new { alertLevel = 3 }) }, HttpStatusCode.Forbidden, null),
            (iom, new(HttpMethod.Patch, $"/api/crises/{Guid.NewGuid()}") { Content = JsonContent.Create(new { alertLevel = 3 }) }, HttpStatusCode.NotFound, null),
            // A seeded crisis's first level declares it (the replay's test does): a bad level or a caller who may not declares nothing.
            (iom, new(HttpMethod.Patch, "/api/crises/libya-2011") { Content = JsonContent.Create(new { alertLevel = 7 }) }, HttpStatusCode.BadRequest, "alertLevel"),
            (unhcr, new(HttpMethod.Patch, "/api/crises/libya-2011") { Content = JsonContent.Create(new { alertLevel = 3 }) }, HttpStatusCode.Forbidden, null),
            (iom, new(HttpMethod.Get, $"/api/crises/{Guid.NewGuid()}"), HttpStatusCode.NotFound, null),
            (iom, new(HttpMethod.Get, "/api/crises/%27%20OR%201%3D1--"), HttpStatusCode.NotFound, null),
        ];
        foreach (var (caller, call, expected, field) in attempts)
        {
            var what = $"{call.Method} {call.RequestUri} {(call.Content is null ? "" : await call.Content.ReadAsStringAsync())}";
            var answer = await caller.SendAsync(call);
            Assert.True(expected == answer.StatusCode, $"{what}: {(int)answer.StatusCode} {await answer.Content.ReadAsStringAsync()}");
            if (expected != HttpStatusCode.Forbidden)
                Assert.Equal("application/problem+json", answer.Content.Headers.ContentType?.MediaType);
            if (field is not null)
                Assert.True((await answer.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty(field, out _), what);
        }
        Assert.Equal(before, await Stored());
        Assert.Equal(2, (await Ok(await iom.GetAsync($"/api/crises/{id}"))).GetProperty("alertLevel").GetInt32());
    }
}
