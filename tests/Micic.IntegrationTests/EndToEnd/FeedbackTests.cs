using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Micic.IntegrationTests.Infrastructure;
using Xunit.Abstractions;
using static Micic.IntegrationTests.Infrastructure.Answers;

namespace Micic.IntegrationTests.EndToEnd;

/// <summary>
/// The feedback register: what a family writes by SMS (through Kannel, from a simulated phone) lands in the register, a
/// coordinator answers it and the phone receives the answer in the family's language; what tells of exploitation, abuse
/// or trafficking is sealed for the roster's psea partner; desks record what people say in person; a HELP becomes a
/// call-back a coordinator calls and closes; the after-action report tells what people said. Hostile calls are refused
/// and change nothing.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class FeedbackTests(Platform platform, ITestOutputHelper output) : IAsyncLifetime
{
    /// <summary>The platform is up once its services are; smsbox, after bearerbox and the phones, may still be starting.</summary>
    public Task InitializeAsync() => platform.App.ResourceNotifications.WaitForResourceHealthyAsync("sms").WaitAsync(TimeSpan.FromMinutes(2));

    public Task DisposeAsync() => Task.CompletedTask;

    // Sudanese families from Benghazi, on flights days away from the messages tests' flights.
    static object Flight(double departsInHours) => new
    {
        crisisId = "libya-2011", provider = "Sudan Airways charter", mode = "air", fromPlace = "LY-BEN-PORT", toPlace = "SD-KRT-AIRPORT",
        destinationCountry = "SDN", departsAt = DateTimeOffset.UtcNow.AddHours(departsInHours), seats = 40,
        eligibility = new { nationalities = new[] { "SDN" }, familyMembersOfAnyNationality = false, acceptsMedical = true, acceptsUnaccompaniedChildren = true },
    };

    static object Family(string phone) => new
    {
        crisisId = "libya-2011", pickupPlace = "LY-BEN-PORT", destinationCountry = "SDN", acceptsThirdCountry = false, consentToShareWithConsulate = false,
        contact = new { phone, consentToMessages = true },
        people = new[] { Requests.Person(nationality: "SDN", givenName: "Hawa"), Requests.Person(nationality: "SDN", givenName: "Yasir") },
    };

    /// <summary>An SMS as Kannel posts it to the gateway's inbound endpoint, with the development secret as a Basic password.</summary>
    static HttpRequestMessage Sms(string from, string text) =>
        new(HttpMethod.Post, $"/api/messages/inbound?from={Uri.EscapeDataString(from)}&to=Micic&id={Guid.NewGuid()}")
        {
            Content = new StringContent(text, System.Text.Encoding.UTF8, "text/plain"),
            Headers = { Authorization = new("Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("kannel:dev-sms-inbound-secret"))) },
        };

    static string NewPhone() => $"+2499{Random.Shared.Next(10_000_000, 99_999_999)}";

    static async Task<JsonElement[]> Register(HttpClient client, string query = "") =>
        (await Ok(await client.GetAsync($"/api/feedback?pageSize=100&{query}"))).GetProperty("items").EnumerateArray().ToArray();

    /// <summary>Reads by an organisation that showed the family's people's words (or, for call-backs, their whole number).</summary>
    static string Audited(string organisation, Guid family, string purpose = "feedback") => $"""
        SELECT count(*) FROM personal_data_access a JOIN contact c ON c.request_id = '{family}'
        WHERE a.purpose = '{purpose}' AND a.organisation_id = '{organisation}' AND a.person_ids && c.person_ids
        """;

    /// <summary>A Sudanese family of two matched to a flight, so that Messaging knows its phone.</summary>
    async Task<Guid> MatchedFamily(HttpClient iom, HttpClient unhcr, string phone, double departsInHours)
    {
        await Ok(await iom.PostAsJsonAsync("/api/offers", Flight(departsInHours)));
        var family = (await Ok(await unhcr.PostAsJsonAsync("/api/requests", Family(phone)))).GetProperty("id").GetGuid();
        await Eventually.Get(() => platform.Number("micic_messages", $"SELECT count(*) FROM contact WHERE request_id = '{family}' AND phone IS NOT NULL"),
            known => known == 1, TimeSpan.FromMinutes(1), "Messaging to know the family's phone");
        return family;
    }

    /// <summary>The register item a family's SMS became.</summary>
    async Task<JsonElement> ItemOf(HttpClient reader, Guid family) =>
        (await Eventually.Get(() => Register(reader), items => items.Any(item => item.TryGetProperty("requestId", out var id) && id.ValueKind == JsonValueKind.String
            && id.GetGuid() == family), TimeSpan.FromSeconds(30), "the family's feedback in the register"))
        .First(item => item.TryGetProperty("requestId", out var id) && id.ValueKind == JsonValueKind.String && id.GetGuid() == family);

    [Fact]
    public async Task An_SMS_complaint_lands_in_the_register_and_the_coordinators_answer_reaches_the_phone_in_Arabic_once()
    {
        using var iom = await platform.Coordinator();
        using var unhcr = await platform.LoginAs("unhcr-field", "dev-unhcr-secret");
        var phone = NewPhone();
        var family = await MatchedFamily(iom, unhcr, phone, departsInHours: 41);

        // Written on the family's phone, through the simulated operator and Kannel, as a family would.
        await platform.Phones.Send(phone, "شكوى: لا يوجد ماء في المخيم");

        var item = await ItemOf(iom, family);
        Assert.Equal(("sms", "complaint", "new", "شكوى: لا يوجد ماء في المخيم"), (item.GetProperty("channel").GetString(),
            item.GetProperty("category").GetString(), item.GetProperty("status").GetString(), item.GetProperty("text").GetString()));
        var id = item.GetProperty("id").GetGuid();
        // The coordinator read what the family wrote: audited as a read of the family's people.
        Assert.True(await platform.Number("micic_messages",
            Audited("iom", family)) >= 1);

        var answered = await Ok(await iom.PostAsJsonAsync($"/api/feedback/{id}/answer", new { text = "سيصل الماء الساعة الثالثة" }));
        Assert.Equal(("answered", true), (answered.GetProperty("status").GetString(), answered.GetProperty("sent").GetBoolean()));
        await Eventually.Get(async () => (await Ok(await iom.GetAsync("/api/dashboard/summary"))).GetProperty("feedback"),
            figures => figures.GetProperty("byCategory").EnumerateArray().Any(category => category.GetProperty("category").GetString() == "complaint"
                && category.GetProperty("answered").GetInt32() >= 1), TimeSpan.FromSeconds(30), "the dashboard to count the answered complaint");
        // The answer is queued for the family's phone, in Arabic, through the outbound queue.
        var answer = (await Ok(await iom.GetAsync($"/api/messages?requestId={family}&direction=out&pageSize=100"))).GetProperty("items").EnumerateArray()
            .Single(message => message.GetProperty("text").GetString()!.StartsWith("رد على رسالتك"));
        Assert.Equal(("ar", phone, "reply"), (answer.GetProperty("language").GetString(), answer.GetProperty("phone").GetString(),
            answer.GetProperty("kind").GetString()));
        Assert.EndsWith(": سيصل الماء الساعة الثالثة", answer.GetProperty("text").GetString());

        // And the phone shows it, as written, its delivery reported.
        var received = await platform.Phones.ReceivedOne(phone, message => message.Text.StartsWith("رد على رسالتك"), TimeSpan.FromMinutes(1));
        Assert.Equal(answer.GetProperty("text").GetString(), received.Text);
        await Eventually.Get(async () => (await Ok(await iom.GetAsync($"/api/messages?requestId={family}&direction=out&pageSize=100"))).GetProperty("items")
                .EnumerateArray().Single(message => message.GetProperty("id").GetGuid() == answer.GetProperty("id").GetGuid()).GetProperty("status").GetString(),
            status => status == "delivered", TimeSpan.FromMinutes(1), "the answer's delivery report");

        var again = await iom.PostAsJsonAsync($"/api/feedback/{id}/answer", new { text = "مرة أخرى" });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal(1, await platform.Number("micic_messages", $"SELECT count(*) FROM message WHERE phone = '{phone}' AND text LIKE 'رد على رسالتك%'"));
        Assert.Equal("answered", (await ItemOf(iom, family)).GetProperty("status").GetString());
        Assert.Single(await platform.Phones.Received(phone), message => message.Text.StartsWith("رد على رسالتك"));
    }

    [Fact]
    public async Task A_sensitive_SMS_is_sealed_the_coordinator_sees_no_text_and_only_the_psea_partner_reads_it()
    {
        using var iom = await platform.Coordinator();
        using var unhcr = await platform.LoginAs("unhcr-field", "dev-unhcr-secret");
        using var psea = await platform.LoginAs("psea-network", "dev-psea-secret");
        using var asylum = await platform.LoginAs("unhcr-protection", "dev-unhcr-protection-secret");
        var phone = NewPhone();
        var family = await MatchedFamily(iom, unhcr, phone, departsInHours: 42);
        const string words = "A guard at the port asks women for sex for a seat";

        using var kannel = platform.Anonymous();
        Assert.Equal(HttpStatusCode.Accepted, (await kannel.SendAsync(Sms(phone, words))).StatusCode);

        var sealedItem = await ItemOf(iom, family);
        Assert.Equal(("sensitive", "referred"), (sealedItem.GetProperty("category").GetString(), sealedItem.GetProperty("status").GetString()));
        Assert.False(sealedItem.TryGetProperty("text", out var hidden) && hidden.ValueKind == JsonValueKind.String);
        var forPsea = await ItemOf(psea, family);
        Assert.Equal(words, forPsea.GetProperty("text").GetString());
        Assert.All(await Register(psea), item => Assert.Equal("sensitive", item.GetProperty("category").GetString()));
        Assert.True(await platform.Number("micic_messages",
            Audited("psea-network", family)) >= 1);

        // Neither another partner reads the register, nor a coordinator answers a sealed item.
        Assert.Equal(HttpStatusCode.Forbidden, (await asylum.GetAsync("/api/feedback")).StatusCode);
        var answer = await iom.PostAsJsonAsync($"/api/feedback/{sealedItem.GetProperty("id").GetGuid()}/answer", new { text = "We will look into it." });
        Assert.Equal(HttpStatusCode.Conflict, answer.StatusCode);
        Assert.Equal("application/problem+json", answer.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_desk_records_what_a_person_said_and_its_answer_closes_it_without_an_SMS()
    {
        using var iom = await platform.Coordinator();
        using var unhcr = await platform.LoginAs("unhcr-field", "dev-unhcr-secret");
        var text = $"Thank you for the blankets, tent {Random.Shared.Next(1_000_000, 9_999_999)}";

        var created = await unhcr.PostAsJsonAsync("/api/feedback", new { crisisId = "libya-2011", channel = "desk", text });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        var item = (await Register(iom, "crisisId=libya-2011&category=thanks")).Single(found => found.GetProperty("id").GetGuid() == id);
        Assert.Equal(("desk", "new", text), (item.GetProperty("channel").GetString(), item.GetProperty("status").GetString(), item.GetProperty("text").GetString()));
        var answered = await Ok(await iom.PostAsJsonAsync($"/api/feedback/{id}/answer", new { text = "You are welcome." }));
        Assert.Equal(("closed", false), (answered.GetProperty("status").GetString(), answered.GetProperty("sent").GetBoolean()));

        // The dashboard counts it, answered, by category: figures only.
        await Eventually.Get(async () => (await Ok(await iom.GetAsync("/api/dashboard/summary"))).GetProperty("feedback"),
            figures => figures.GetProperty("byCategory").EnumerateArray().Any(category => category.GetProperty("category").GetString() == "thanks"
                && category.GetProperty("received").GetInt32() >= 1 && category.GetProperty("answered").GetInt32() >= 1),
            TimeSpan.FromSeconds(30), "the dashboard to count the answered thanks");

        // A requester records; it does not read the register.
        Assert.Equal(HttpStatusCode.Forbidden, (await unhcr.GetAsync("/api/feedback")).StatusCode);
    }

    static async Task IsBadRequest(HttpResponseMessage response, string what)
    {
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{what}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    public static TheoryData<string, string, object> HostileRecords => new()
    {
        { "no text", "/api/feedback", new { crisisId = "libya-2011", channel = "desk", text = "" } },
        { "blank text", "/api/feedback", new { crisisId = "libya-2011", channel = "desk", text = "   " } },
        { "5,000 characters", "/api/feedback", new { crisisId = "libya-2011", channel = "desk", text = new string('a', 5000) } },
        { "an unknown crisis", "/api/feedback", new { crisisId = "atlantis-2031", channel = "desk", text = "hello" } },
        { "no crisis", "/api/feedback", new { channel = "web", text = "hello" } },
        { "channel sms", "/api/feedback", new { crisisId = "libya-2011", channel = "sms", text = "hello" } },
        { "an unknown category", "/api/feedback", new { crisisId = "libya-2011", channel = "desk", category = "gossip", text = "hello" } },
        { "a control character", "/api/feedback", new { crisisId = "libya-2011", channel = "desk", text = "hello\u0000" } },
        { "an empty answer", $"/api/feedback/{Guid.NewGuid()}/answer", new { text = "" } },
        { "a 5,000-character answer", $"/api/feedback/{Guid.NewGuid()}/answer", new { text = new string('a', 5000) } },
    };

    [Theory]
    [MemberData(nameof(HostileRecords))]
    public async Task Bad_input_is_a_bad_request_and_stores_nothing(string what, string path, object body)
    {
        using var iom = await platform.Coordinator();
        var before = await platform.Number("micic_messages", "SELECT count(*) FROM feedback");
        var response = await iom.PostAsJsonAsync(path, body);

        await IsBadRequest(response, what);
        Assert.Equal(before, await platform.Number("micic_messages", "SELECT count(*) FROM feedback"));
    }

    [Fact]
    public async Task Unknown_items_foreign_groups_and_other_roles_are_refused()
    {
        using var iom = await platform.Coordinator();
        using var unhcr = await platform.LoginAs("unhcr-field", "dev-unhcr-secret");
        using var redcrescent = await platform.LoginAs("redcrescent-intake", "dev-redcrescent-secret");
        using var carrier = await platform.LoginAs("egyptair-charter", "dev-egyptair-secret");
        using var anyone = platform.Anonymous();
        var phone = NewPhone();
        var family = await MatchedFamily(iom, unhcr, phone, departsInHours: 43);

        Assert.Equal(HttpStatusCode.NotFound, (await iom.PostAsJsonAsync($"/api/feedback/{Guid.NewGuid()}/answer", new { text = "hello" })).StatusCode);
        // Another organisation's group: no feedback is filed against it.
        Assert.Equal(HttpStatusCode.NotFound,
            (await redcrescent.PostAsJsonAsync("/api/feedback", new { crisisId = "libya-2011", channel = "desk", text = "hello", requestId = family })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await unhcr.PostAsJsonAsync($"/api/feedback/{Guid.NewGuid()}/answer", new { text = "hello" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await carrier.GetAsync("/api/feedback")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anyone.GetAsync("/api/feedback")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await iom.GetAsync("/api/feedback?status=lost")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await iom.GetAsync("/api/feedback?crisisId=atlantis-2031")).StatusCode);
        Assert.Equal(0, await platform.Number("micic_messages", $"SELECT count(*) FROM feedback WHERE request_id = '{family}'"));
    }

    static async Task<JsonElement[]> CallBacks(HttpClient client, string status) =>
        (await Ok(await client.GetAsync($"/api/messages/call-backs?status={status}&pageSize=500"))).GetProperty("items").EnumerateArray().ToArray();

    static async Task<JsonElement> FeedbackFigures(HttpClient client) => (await Ok(await client.GetAsync("/api/dashboard/summary"))).GetProperty("feedback");

    [Fact]
    public async Task A_HELP_becomes_a_call_back_with_the_number_to_call_it_is_closed_once_and_the_dashboard_counts_it_open_no_more()
    {
        using var iom = await platform.Coordinator();
        using var unhcr = await platform.LoginAs("unhcr-field", "dev-unhcr-secret");
        using var kannel = platform.Anonymous();
        var phone = NewPhone();
        var family = await MatchedFamily(iom, unhcr, phone, departsInHours: 44);
        var openBefore = (await FeedbackFigures(iom)).GetProperty("openCallBacks").GetInt32();

        Assert.Equal(HttpStatusCode.Accepted, (await kannel.SendAsync(Sms(phone, "AIDE"))).StatusCode);
        var open = (await Eventually.Get(() => CallBacks(iom, "open"), items => items.Any(item => item.GetProperty("phone").GetString() == phone),
            TimeSpan.FromSeconds(30), "the call-back in the open list")).Single(item => item.GetProperty("phone").GetString() == phone);
        Assert.Equal(("open", family), (open.GetProperty("status").GetString(), open.GetProperty("requestId").GetGuid()));
        var id = open.GetProperty("id").GetGuid();
        // The coordinator was shown the whole number, to call it: audited as a read of the family's people.
        Assert.True(await platform.Number("micic_messages", Audited("iom", family, "call-back")) >= 1);
        await Eventually.Get(async () => (await FeedbackFigures(iom)).GetProperty("openCallBacks").GetInt32(), count => count == openBefore + 1,
            TimeSpan.FromSeconds(30), "the dashboard to count the call-back open");

        var closed = await Ok(await iom.PostAsJsonAsync($"/api/messages/call-backs/{id}/close", new { note = "Called at 14:10: the family needs a wheelchair at the port." }));
        Assert.Equal("closed", closed.GetProperty("status").GetString());
        var twice = await iom.PostAsJsonAsync($"/api/messages/call-backs/{id}/close", new { note = "Called again." });
        Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);
        Assert.Equal("application/problem+json", twice.Content.Headers.ContentType?.MediaType);

        // Closed, it shows the note and the number masked: nobody needs to call it any more.
        Assert.DoesNotContain(await CallBacks(iom, "open"), item => item.GetProperty("id").GetGuid() == id);
        var done = (await CallBacks(iom, "closed")).Single(item => item.GetProperty("id").GetGuid() == id);
        Assert.Equal(("Called at 14:10: the family needs a wheelchair at the port.", "iom"),
            (done.GetProperty("note").GetString(), done.GetProperty("closedBy").GetString()));
        Assert.Equal(new string('•', phone.Length - 3) + phone[^3..], done.GetProperty("phone").GetString());

        // The close reached the dashboard through the outbox, and a rebuild from the history counts the same.
        await Eventually.Get(async () => (await FeedbackFigures(iom)).GetProperty("openCallBacks").GetInt32(), count => count == openBefore,
            TimeSpan.FromSeconds(30), "the dashboard to count the call-back open no more");
        Assert.Equal(1, await platform.Number("micic_dashboard", $"SELECT count(*) FROM call_back_projection WHERE call_back_id = '{id}' AND closed_at IS NOT NULL"));
        Assert.Equal(HttpStatusCode.OK, (await iom.PostAsync("/api/dashboard/rebuild", null)).StatusCode);
        Assert.Equal(openBefore, (await FeedbackFigures(iom)).GetProperty("openCallBacks").GetInt32());
    }

    public static TheoryData<string, object> HostileNotes => new()
    {
        { "no note", new { } },
        { "an empty note", new { note = "" } },
        { "a blank note", new { note = "   " } },
        { "a 2,000-character note", new { note = new string('a', 2000) } },
        { "a control character", new { note = "called\u0007" } },
    };

    [Theory]
    [MemberData(nameof(HostileNotes))]
    public async Task A_bad_note_is_a_bad_request_naming_the_note_and_the_call_back_stays_open(string what, object body)
    {
        using var iom = await platform.Coordinator();
        using var unhcr = await platform.LoginAs("unhcr-field", "dev-unhcr-secret");
        using var kannel = platform.Anonymous();
        var phone = NewPhone();
        var family = await MatchedFamily(iom, unhcr, phone, departsInHours: 45);
        Assert.Equal(HttpStatusCode.Accepted, (await kannel.SendAsync(Sms(phone, "HELP"))).StatusCode);
        var id = (await Eventually.Get(() => CallBacks(iom, "open"), items => items.Any(item => item.GetProperty("requestId").GetGuid() == family),
            TimeSpan.FromSeconds(30), "the call-back")).Single(item => item.GetProperty("requestId").GetGuid() == family).GetProperty("id").GetGuid();

        var response = await iom.PostAsJsonAsync($"/api/messages/call-backs/{id}/close", body);

        await IsBadRequest(response, what);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("note", out _), what);
        Assert.Equal(1, await platform.Number("micic_messages", $"SELECT count(*) FROM call_back WHERE id = '{id}' AND status = 'open' AND note IS NULL AND closed_at IS NULL"));
    }

    [Fact]
    public async Task Call_backs_are_for_coordinators_and_unknown_ones_or_bad_filters_are_refused()
    {
        using var iom = await platform.Coordinator();
        using var unhcr = await platform.LoginAs("unhcr-field", "dev-unhcr-secret");
        using var psea = await platform.LoginAs("psea-network", "dev-psea-secret");
        using var anyone = platform.Anonymous();
        var closedBefore = await platform.Number("micic_messages", "SELECT count(*) FROM call_back WHERE status = 'closed'");
        var close = new { note = "Called." };

        Assert.Equal(HttpStatusCode.Forbidden, (await unhcr.GetAsync("/api/messages/call-backs")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await psea.GetAsync("/api/messages/call-backs?status=open")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anyone.GetAsync("/api/messages/call-backs")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await unhcr.PostAsJsonAsync($"/api/messages/call-backs/{Guid.NewGuid()}/close", close)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anyone.PostAsJsonAsync($"/api/messages/call-backs/{Guid.NewGuid()}/close", close)).StatusCode);
        var unknown = await iom.PostAsJsonAsync($"/api/messages/call-backs/{Guid.NewGuid()}/close", close);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType?.MediaType);
        foreach (var bad in new[] { "not-an-id", "0", "%27%20OR%201%3D1" })
            Assert.Equal(HttpStatusCode.NotFound, (await iom.PostAsJsonAsync($"/api/messages/call-backs/{bad}/close", close)).StatusCode);
        foreach (var query in new[] { "status=lost", "status=OPEN", "page=0", "pageSize=100000" })
            await IsBadRequest(await iom.GetAsync($"/api/messages/call-backs?{query}"), query);
        Assert.Equal(closedBefore, await platform.Number("micic_messages", "SELECT count(*) FROM call_back WHERE status = 'closed'"));
    }

    [Fact]
    public async Task The_after_action_workbook_and_printed_report_tell_what_people_said_and_the_dashboard_shows_it()
    {
        using var iom = await platform.Coordinator();
        using var unhcr = await platform.LoginAs("unhcr-field", "dev-unhcr-secret");
        var created = await Ok(await unhcr.PostAsJsonAsync("/api/feedback",
            new { crisisId = "libya-2011", channel = "desk", category = "complaint", text = $"No shade at the port, gate {Random.Shared.Next(1_000, 9_999)}" }));
        await Ok(await iom.PostAsJsonAsync($"/api/feedback/{created.GetProperty("id").GetGuid()}/answer", new { text = "Tents go up this afternoon." }));
        var said = await Eventually.Get(async () => (await Ok(await iom.GetAsync("/api/reports/after-action?crisisId=libya-2011"))).GetProperty("feedback"),
            feedback => feedback.GetProperty("byCategory").EnumerateArray().Any(c => c.GetProperty("key").GetString() == "complaint" && c.GetProperty("answered").GetInt32() >= 1),
            TimeSpan.FromSeconds(30), "the report to count the answered complaint");
        output.WriteLine(said.ToString());

        // The workbook: a Feedback sheet, a row per category with numbers as numbers, its totals on the summary.
        var workbook = await Documents.Download(await iom.GetAsync("/api/reports/after-action.xlsx?crisisId=libya-2011"), Micic.ServiceDefaults.Documents.Workbook.ContentType);
        Assert.True(Documents.HeaderFrozen(workbook, "Feedback"));
        var rows = Documents.Sheet(workbook, "Feedback");
        var complaint = rows.Single(row => (string?)row["Category"] == "complaint");
        Assert.True((double)complaint["Received"]! >= 1 && (double)complaint["Answered"]! >= 1, string.Join(", ", complaint));
        Assert.IsType<double>(complaint["Median hours to answer"]);
        var summary = Documents.Sheet(workbook, "Summary").GroupBy(row => (string)row["Figure"]!).ToDictionary(g => g.Key, g => g.First()["Value"]);
        Assert.Equal(rows.Sum(row => (double)row["Received"]!), summary["Feedback received"]);
        Assert.Equal(rows.Sum(row => (double)row["Answered"]!), summary["Feedback answered"]);
        foreach (var row in rows)
            output.WriteLine(string.Join(" | ", row.Select(cell => $"{cell.Key}: {cell.Value}")));

        // The printed report: its section, a row per category, the time to an answer in words a reader says.
        var pdf = await Documents.Download(await iom.GetAsync("/api/reports/after-action.pdf?crisisId=libya-2011"), "application/pdf");
        output.WriteLine(string.Join("\n", Documents.Pictures(pdf, "after-action-feedback")));
        var printed = Documents.Text(pdf).ReplaceLineEndings(" ");
        Assert.Contains("What people said", printed);
        Assert.Contains("Median time to answer", printed);
        Assert.Contains("Complaint", printed);
        // Answered within seconds here: the median, kept to a tenth of an hour, reads as such, not as "0 s".
        var median = said.GetProperty("byCategory").EnumerateArray().Single(c => c.GetProperty("key").GetString() == "complaint").GetProperty("medianHoursToAnswer").GetDouble();
        if (median == 0)
            Assert.Contains("under 3 min", printed);
        Assert.DoesNotContain(" 0 s ", printed[printed.IndexOf("What people said", StringComparison.Ordinal)..]);
        Assert.Contains("never a word of it", printed);

        // The dashboard's panel, as a coordinator sees it.
        await using var browser = await DashboardBrowser.SignIn(platform.Gateway, output.WriteLine);
        await browser.Page.WaitForSelectorAsync("#feedback tr td");
        Assert.Matches(@"^Call-backs to make: \d+ \(of \d+ asked\)$", await browser.Page.TextContentAsync("#call-backs"));
        output.WriteLine(await browser.Screenshot("dashboard-what-people-said.png", "section:has(#feedback)"));
        Assert.Empty(browser.Refused);
    }
}
