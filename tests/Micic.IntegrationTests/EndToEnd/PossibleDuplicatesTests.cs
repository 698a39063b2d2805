using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Micic.IntegrationTests.Infrastructure;
using static Micic.IntegrationTests.Infrastructure.Answers;

namespace Micic.IntegrationTests.EndToEnd;

/// <summary>
/// The same family registered by two desks: accepted both times, flagged once, and reviewed by a coordinator who merges
/// the requests (the other one cancelled, its seats released) or dismisses the flag; a consulate sees the flags of its
/// nationals. Each test uses names and document numbers of its own, and merges on a route no other test uses.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class PossibleDuplicatesTests(Platform platform)
{
    const string Duplicates = "/api/requests/duplicates";

    Task<HttpClient> Unhcr() => platform.LoginAs("unhcr-field", "dev-unhcr-secret");
    Task<HttpClient> Icrc() => platform.LoginAs("redcrescent-intake", "dev-redcrescent-secret");
    Task<HttpClient> Coordinator() => platform.LoginAs("iom-coordination", "dev-iom-secret");

    /// <summary>A family name and a passport number series no other test uses.</summary>
    static (string FamilyName, string Passport) Unique()
    {
        var letters = string.Concat(Guid.NewGuid().ToString("N").Where(char.IsLetter).Take(6));
        return ("Dup" + letters, $"D{Random.Shared.Next(10_000_000, 99_999_999)}");
    }

    static object Person(string givenName, string familyName, string sex, int age, string? passport, string nationality = "BGD") => new
    {
        givenName, familyName, sex, age, nationality,
        document = passport is null ? (object)new { kind = "none" } : new { kind = "passport", number = passport }, needs = Array.Empty<string>(),
    };

    static object Family(IEnumerable<object> people, string pickupPlace = "LY-BEN-PORT", string destination = "BGD", bool consent = true) => new
    {
        crisisId = "libya-2011", pickupPlace, destinationCountry = destination, acceptsThirdCountry = false,
        consentToShareWithConsulate = consent, people,
    };

    static async Task<Guid> Submit(HttpClient desk, object family)
    {
        var response = await desk.PostAsJsonAsync("/api/requests", family);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await Ok(response)).GetProperty("id").GetGuid();
    }

    static string CsvRow(string group, string givenName, string familyName, string sex, int age, string passport, string nationality = "BGD",
        string pickupPlace = "LY-BEN-PORT", string destination = "BGD") =>
        string.Join(',', group, "libya-2011", pickupPlace, destination, "no", "yes", givenName, familyName, sex, age, nationality, "passport", passport, "");

    static async Task<IReadOnlyList<Guid>> Import(HttpClient desk, params string[] rows)
    {
        var csv = Requests.CsvColumns + "\r\n" + string.Join("\r\n", rows) + "\r\n";
        var answer = await Ok(await desk.PostAsync("/api/requests/import", Requests.CsvContent(csv)));
        Assert.Equal(0, answer.GetProperty("rejected").GetInt32());
        return [.. answer.GetProperty("requests").EnumerateArray().Select(id => id.GetGuid())];
    }

    /// <summary>The possible duplicate of these two requests, as the client sees it in the list, or null.</summary>
    static async Task<JsonElement?> FlagOf(HttpClient client, Guid one, Guid other, string query = "?crisisId=libya-2011&pageSize=500")
    {
        var list = await Ok(await client.GetAsync(Duplicates + query));
        foreach (var item in list.GetProperty("items").EnumerateArray())
        {
            var ids = item.GetProperty("requestIds").EnumerateArray().Select(id => id.GetGuid()).ToHashSet();
            if (ids.SetEquals([one, other]))
                return item;
        }
        return null;
    }

    static async Task<JsonElement> FlagBetween(HttpClient client, Guid one, Guid other) =>
        await FlagOf(client, one, other) ?? throw new Xunit.Sdk.XunitException($"requests {one} and {other} are not flagged as possible duplicates");

    static string Status(JsonElement flag) => flag.GetProperty("status").GetString()!;

    static string? Reason(JsonElement historyLine) => historyLine.TryGetProperty("reason", out var reason) ? reason.GetString() : null;

    [Fact]
    public async Task A_family_registered_in_JSON_and_again_by_CSV_at_another_desk_is_accepted_both_times_and_flagged_once()
    {
        using var unhcr = await Unhcr();
        using var icrc = await Icrc();
        using var iom = await Coordinator();
        var (family, passport) = Unique();

        var first = await Submit(unhcr, Family([Person("Rahim", family, "M", 34, passport), Person("Salma", family, "F", 30, null)]));
        // The other desk types the passport with a dash and the names its own way, a month later the age is a year on.
        var second = (await Import(icrc,
            CsvRow("f", "RAHIM", family.ToLowerInvariant(), "M", 35, passport[..3] + "-" + passport[3..]),
            CsvRow("f", "Sal-ma", family, "F", 30, "none-given-1")))[0];
        // Same names, another age: someone else.
        var namesake = await Submit(unhcr, Family([Person("Rahim", family, "M", 61, null)]));

        var flag = await FlagBetween(iom, first, second);
        Assert.Equal(("document", "open"), (flag.GetProperty("reason").GetString(), Status(flag)));
        Assert.Equal([first, second], flag.GetProperty("requestIds").EnumerateArray().Select(id => id.GetGuid()));
        Assert.Equal(4, flag.GetProperty("people").GetArrayLength()); // Rahim and Salma, in each request
        Assert.Equal([first, first, second, second], flag.GetProperty("people").EnumerateArray().Select(p => p.GetProperty("requestId").GetGuid()));
        // Both requests side by side, with who registered them and their people.
        var requests = flag.GetProperty("requests").EnumerateArray().ToList();
        Assert.Equal([("unhcr", 2), ("icrc", 2)], requests.Select(r => (r.GetProperty("organisationId").GetString(), r.GetProperty("people").GetArrayLength())));
        Assert.Equal("RAHIM", requests[1].GetProperty("people")[0].GetProperty("givenName").GetString());
        Assert.Null(await FlagOf(iom, first, namesake));
        Assert.Null(await FlagOf(iom, second, namesake));

        // Both requests were accepted and go on to matching; each says it is flagged.
        foreach (var (desk, id) in new[] { (unhcr, first), (icrc, second) })
        {
            var request = await Ok(await desk.GetAsync($"/api/requests/{id}"));
            Assert.NotEqual("cancelled", request.GetProperty("status").GetString());
            var mentioned = Assert.Single(request.GetProperty("possibleDuplicates").EnumerateArray());
            Assert.Equal(flag.GetProperty("id").GetGuid(), mentioned.GetProperty("id").GetGuid());
            Assert.Equal(id == first ? second : first, mentioned.GetProperty("otherRequestId").GetGuid());
        }
        Assert.Equal(1, await platform.Number("micic_requests",
            $"SELECT count(*) FROM possible_duplicate WHERE '{first}' IN (first_request_id, second_request_id)"));
        // The list is a read of personal data: audited, naming the coordinator.
        Assert.True(await platform.Number("micic_requests",
            $"SELECT count(*) FROM personal_data_access WHERE purpose = 'possible-duplicates' AND organisation_id = 'iom' AND person_ids && ARRAY(SELECT id FROM person WHERE request_id = '{second}')") > 0);
    }

    [Fact]
    public async Task Two_files_sent_at_once_with_the_same_family_are_flagged_whichever_is_stored_first()
    {
        using var unhcr = await Unhcr();
        using var icrc = await Icrc();
        using var iom = await Coordinator();
        var (family, passport) = Unique();

        var imports = await Task.WhenAll(
            Import(unhcr, CsvRow("a", "Moussa", family, "M", 40, passport)),
            Import(icrc, CsvRow("b", "Moussa", family, "M", 40, passport)));

        var flag = await FlagBetween(iom, imports[0][0], imports[1][0]);
        Assert.Equal("document", flag.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Merging_keeps_one_request_and_cancels_the_other_with_the_reason_its_seats_released()
    {
        using var unhcr = await Unhcr();
        using var icrc = await Icrc();
        using var iom = await Coordinator();
        var (family, passport) = Unique();
        // A route of this test's own: from Zuwara to N'Djamena.
        var offer = (await Ok(await iom.PostAsJsonAsync("/api/offers", new
        {
            crisisId = "libya-2011", provider = "IOM charter", mode = "air", fromPlace = "LY-ZUWARA", toPlace = "TD-NDJ-AIRPORT",
            destinationCountry = "TCD", departsAt = DateTimeOffset.UtcNow.AddHours(48), seats = 10,
            eligibility = new { familyMembersOfAnyNationality = false, acceptsMedical = true, acceptsUnaccompaniedChildren = true },
        }))).GetProperty("id").GetGuid();

        var kept = await Submit(unhcr, Family([Person("Mahamat", family, "M", 44, passport, "TCD"), Person("Hawa", family, "F", 40, null, "TCD")],
            "LY-ZUWARA", "TCD"));
        var twice = (await Import(icrc,
            CsvRow("f", "Mahamat", family, "M", 44, passport, "TCD", "LY-ZUWARA", "TCD"),
            CsvRow("f", "Hawa", family, "F", 41, "X", "TCD", "LY-ZUWARA", "TCD")))[0];
        await Eventually.Get(async () => await Ok(await iom.GetAsync($"/api/offers/{offer}")), o => o.GetProperty("seatsAllocated").GetInt32() == 4,
            what: "both registrations of the family to hold seats");
        var flag = await FlagBetween(iom, kept, twice);
        var id = flag.GetProperty("id").GetGuid();

        var merged = await Ok(await iom.PostAsJsonAsync($"{Duplicates}/{id}/merge", new { keepRequestId = kept, reason = "same family, registered at Zuwara twice" }));

        Assert.Equal("merged", Status(merged));
        var resolution = merged.GetProperty("resolution");
        Assert.Equal((kept, "same family, registered at Zuwara twice"),
            (resolution.GetProperty("keptRequestId").GetGuid(), resolution.GetProperty("reason").GetString()));
        Assert.Equal("iom-coordination", resolution.GetProperty("by").GetProperty("id").GetString());
        var cancelled = await Ok(await icrc.GetAsync($"/api/requests/{twice}"));
        Assert.Equal("cancelled", cancelled.GetProperty("status").GetString());
        Assert.Contains(cancelled.GetProperty("history").EnumerateArray(),
            line => line.GetProperty("status").GetString() == "cancelled" && Reason(line) == "same family, registered at Zuwara twice");
        var keptView = await Ok(await unhcr.GetAsync($"/api/requests/{kept}"));
        Assert.NotEqual("cancelled", keptView.GetProperty("status").GetString());
        Assert.Contains(keptView.GetProperty("history").EnumerateArray(), line => Reason(line) is { } reason
            && reason.Contains(cancelled.GetProperty("reference").GetString()!) && reason.Contains("merged into this one"));
        // Matching released the seats of the cancelled request; the kept family keeps its own.
        await Eventually.Get(async () => await Ok(await iom.GetAsync($"/api/offers/{offer}")), o => o.GetProperty("seatsAllocated").GetInt32() == 2,
            what: "the cancelled registration's seats to be released");
        Assert.Equal("matched", (await Ok(await iom.GetAsync($"/api/matching/{kept}"))).GetProperty("state").GetString()?.ToLowerInvariant());

        // Decided once: merging or dismissing again is 409, and changes nothing.
        var again = await iom.PostAsJsonAsync($"{Duplicates}/{id}/merge", new { keepRequestId = twice, reason = "the other way round" });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await iom.PostAsJsonAsync($"{Duplicates}/{id}/dismiss", new { reason = "no" })).StatusCode);
        Assert.Equal(kept, (await FlagBetween(iom, kept, twice)).GetProperty("resolution").GetProperty("keptRequestId").GetGuid());
        Assert.Equal("merged", Status(await FlagBetween(iom, kept, twice)));
    }

    [Fact]
    public async Task A_merge_that_would_leave_someone_out_is_refused_and_changes_nothing()
    {
        using var unhcr = await Unhcr();
        using var icrc = await Icrc();
        using var iom = await Coordinator();
        var (family, passport) = Unique();
        var couple = await Submit(unhcr, Family([Person("Kwame", family, "M", 50, passport, "GHA"), Person("Ama", family, "F", 48, null, "GHA")]));
        var withGrandmother = await Submit(icrc, Family([Person("Kwame", family, "M", 50, passport, "GHA"), Person("Ama", family, "F", 48, null, "GHA"),
            Person("Efua", family, "F", 79, null, "GHA")]));
        var id = (await FlagBetween(iom, couple, withGrandmother)).GetProperty("id").GetGuid();

        var refused = await iom.PostAsJsonAsync($"{Duplicates}/{id}/merge", new { keepRequestId = couple, reason = "registered twice" });

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("1 person who look like no one", await refused.Content.ReadAsStringAsync());
        Assert.Equal("open", Status(await FlagBetween(iom, couple, withGrandmother)));
        Assert.NotEqual("cancelled", (await Ok(await icrc.GetAsync($"/api/requests/{withGrandmother}"))).GetProperty("status").GetString());

        // Keeping the fuller request is what the coordinator does instead.
        var merged = await Ok(await iom.PostAsJsonAsync($"{Duplicates}/{id}/merge", new { keepRequestId = withGrandmother, reason = "registered twice" }));
        Assert.Equal("merged", Status(merged));
        Assert.Equal("cancelled", (await Ok(await unhcr.GetAsync($"/api/requests/{couple}"))).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Dismissing_a_flag_closes_it_and_leaves_both_requests_as_they_were()
    {
        using var unhcr = await Unhcr();
        using var iom = await Coordinator();
        var (family, _) = Unique();
        var one = await Submit(unhcr, Family([Person("Fatima", family, "F", 22, null, "SDN")]));
        var other = await Submit(unhcr, Family([Person("Fatima", family, "F", 23, null, "SDN")]));
        var flag = await FlagBetween(iom, one, other);
        Assert.Equal("identity", flag.GetProperty("reason").GetString());

        var dismissed = await Ok(await iom.PostAsJsonAsync($"{Duplicates}/{flag.GetProperty("id").GetGuid()}/dismiss",
            new { reason = "cousins of the same name; checked their cards" }));

        Assert.Equal("dismissed", Status(dismissed));
        Assert.Equal("cousins of the same name; checked their cards", dismissed.GetProperty("resolution").GetProperty("reason").GetString());
        Assert.False(dismissed.GetProperty("resolution").TryGetProperty("keptRequestId", out _));
        Assert.Null(await FlagOf(iom, one, other, "?crisisId=libya-2011&status=open&pageSize=500"));
        Assert.NotNull(await FlagOf(iom, one, other, "?crisisId=libya-2011&status=dismissed&pageSize=500"));
        foreach (var id in new[] { one, other })
            Assert.NotEqual("cancelled", (await Ok(await unhcr.GetAsync($"/api/requests/{id}"))).GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_consulate_sees_the_flags_of_its_nationals_and_only_them_and_decides_nothing()
    {
        using var unhcr = await Unhcr();
        using var icrc = await Icrc();
        using var iom = await Coordinator();
        using var bangladesh = await platform.LoginAs("consulate-bgd", "dev-bgd-secret");
        var (family, passport) = Unique();
        // A mixed family: the consulate sees its national, not the Egyptian wife; the second desk's family did not consent.
        var shared = await Submit(unhcr, Family([Person("Imran", family, "M", 38, passport), Person("Mona", family, "F", 35, null, "EGY")]));
        var notShared = await Submit(icrc, Family([Person("Imran", family, "M", 38, passport), Person("Mona", family, "F", 35, null, "EGY")], consent: false));
        var pakistani = Unique();
        var others = (await Submit(unhcr, Family([Person("Ayaan", pakistani.FamilyName, "M", 20, pakistani.Passport, "PAK")])),
            await Submit(icrc, Family([Person("Ayaan", pakistani.FamilyName, "M", 20, pakistani.Passport, "PAK")])));
        await FlagBetween(iom, others.Item1, others.Item2);

        var seen = await FlagBetween(bangladesh, shared, notShared);
        Assert.Null(await FlagOf(bangladesh, others.Item1, others.Item2));
        var people = seen.GetProperty("people").EnumerateArray().ToList();
        Assert.Equal(shared, Assert.Single(people).GetProperty("requestId").GetGuid()); // Imran where the family consented
        var sideBySide = seen.GetProperty("requests").EnumerateArray().ToList();
        Assert.Equal(["Imran"], sideBySide[0].GetProperty("people").EnumerateArray().Select(p => p.GetProperty("givenName").GetString()));
        Assert.Equal(1, sideBySide[0].GetProperty("peopleNotShown").GetInt32());
        Assert.Empty(sideBySide[1].GetProperty("people").EnumerateArray());
        Assert.Equal(2, sideBySide[1].GetProperty("peopleNotShown").GetInt32());
        var id = seen.GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.NotFound, (await bangladesh.GetAsync($"{Duplicates}/{(await FlagBetween(iom, others.Item1, others.Item2)).GetProperty("id")}")).StatusCode);

        // Reviewing is the coordinators': a consulate and a requester are refused, and nothing changes.
        Assert.Equal(HttpStatusCode.Forbidden, (await bangladesh.PostAsJsonAsync($"{Duplicates}/{id}/dismiss", new { reason = "mine" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await unhcr.PostAsJsonAsync($"{Duplicates}/{id}/merge", new { keepRequestId = shared, reason = "mine" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await unhcr.GetAsync(Duplicates)).StatusCode);
        Assert.Equal("open", Status(await FlagBetween(iom, shared, notShared)));
    }

    [Fact]
    public async Task Bad_reviews_are_refused_with_the_field_named_and_change_nothing()
    {
        using var unhcr = await Unhcr();
        using var iom = await Coordinator();
        var (family, passport) = Unique();
        var one = await Submit(unhcr, Family([Person("Yohannes", family, "M", 30, passport, "ERI")]));
        var other = await Submit(unhcr, Family([Person("Yohannes", family, "M", 30, passport, "ERI")]));
        var id = (await FlagBetween(iom, one, other)).GetProperty("id").GetGuid();
        var merge = $"{Duplicates}/{id}/merge";

        async Task Refused(HttpResponseMessage response, HttpStatusCode status, string? field = null)
        {
            Assert.Equal(status, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            if (field is not null)
                Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty(field, out _), field);
        }

        await Refused(await iom.PostAsJsonAsync(merge, new { reason = "twice" }), HttpStatusCode.BadRequest, "keepRequestId");
        await Refused(await iom.PostAsJsonAsync(merge, new { keepRequestId = Guid.NewGuid(), reason = "twice" }), HttpStatusCode.BadRequest, "keepRequestId");
        await Refused(await iom.PostAsJsonAsync(merge, new { keepRequestId = one }), HttpStatusCode.BadRequest, "reason");
        await Refused(await iom.PostAsJsonAsync(merge, new { keepRequestId = one, reason = new string('x', 501) }), HttpStatusCode.BadRequest, "reason");
        await Refused(await iom.PostAsJsonAsync(merge, new { keepRequestId = "not-a-guid", reason = "twice" }), HttpStatusCode.BadRequest);
        await Refused(await iom.PostAsync(merge, new StringContent("{\"keepRequestId\":", Encoding.UTF8, "application/json")), HttpStatusCode.BadRequest);
        await Refused(await iom.PostAsync(merge, new StringContent("keep=1", Encoding.UTF8, "text/plain")), HttpStatusCode.UnsupportedMediaType);
        await Refused(await iom.PostAsync(merge, null), HttpStatusCode.BadRequest, "reason");
        await Refused(await iom.PostAsJsonAsync($"{Duplicates}/{id}/dismiss", new { reason = "  " }), HttpStatusCode.BadRequest, "reason");
        await Refused(await iom.PostAsJsonAsync($"{Duplicates}/{Guid.NewGuid()}/merge", new { keepRequestId = one, reason = "twice" }), HttpStatusCode.NotFound);
        await Refused(await iom.PostAsJsonAsync($"{Duplicates}/{Guid.NewGuid()}/dismiss", new { reason = "twice" }), HttpStatusCode.NotFound);
        await Refused(await iom.GetAsync($"{Duplicates}/{Guid.NewGuid()}"), HttpStatusCode.NotFound);
        await Refused(await iom.GetAsync($"{Duplicates}?status=closed"), HttpStatusCode.BadRequest, "status");
        await Refused(await iom.GetAsync($"{Duplicates}?crisisId=atlantis-2031"), HttpStatusCode.BadRequest, "crisisId");
        await Refused(await iom.GetAsync($"{Duplicates}?pageSize=501"), HttpStatusCode.BadRequest, "pageSize");
        await Refused(await iom.GetAsync($"{Duplicates}?page=0"), HttpStatusCode.BadRequest, "page");

        Assert.Equal("open", Status(await FlagBetween(iom, one, other)));
        foreach (var request in new[] { one, other })
            Assert.NotEqual("cancelled", (await Ok(await unhcr.GetAsync($"/api/requests/{request}"))).GetProperty("status").GetString());
    }
}
