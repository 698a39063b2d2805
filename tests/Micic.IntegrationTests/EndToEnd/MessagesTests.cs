using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Micic.IntegrationTests.Infrastructure;
using static Micic.IntegrationTests.Infrastructure.Answers;

namespace Micic.IntegrationTests.EndToEnd;

/// <summary>
/// SMS with the families: a matched family is written to in its language, and what it writes back — through the SMS
/// gateway's inbound endpoint, via the gateway as Kannel calls it — confirms or gives up its seat, stops messages, asks for
/// a call back or becomes feedback. Hostile callers and hostile texts are refused without a trace.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class MessagesTests(Platform platform)
{
    /// <summary>The development secret the SMS gateway presents (seeds/messaging.json).</summary>
    const string Secret = "dev-sms-inbound-secret";

    // Sudanese families from Benghazi: no other test sends them, so no other group takes these seats.
    static object Flight(double departsInHours) => new
    {
        crisisId = "libya-2011", provider = "Sudan Airways charter", mode = "air", fromPlace = "LY-BEN-PORT", toPlace = "SD-KRT-AIRPORT",
        destinationCountry = "SDN", departsAt = DateTimeOffset.UtcNow.AddHours(departsInHours), seats = 40,
        eligibility = new { nationalities = new[] { "SDN" }, familyMembersOfAnyNationality = false, acceptsMedical = true, acceptsUnaccompaniedChildren = true },
    };

    static object Family(string phone, bool consentToMessages = true, string? language = null) => new
    {
        crisisId = "libya-2011", pickupPlace = "LY-BEN-PORT", destinationCountry = "SDN", acceptsThirdCountry = false, consentToShareWithConsulate = false,
        contact = new { phone, language, consentToMessages },
        people = new[] { Requests.Person(nationality: "SDN", givenName: "Amna"), Requests.Person(nationality: "SDN", givenName: "Omer") },
    };

    static string NewPhone() => $"+2499{Random.Shared.Next(10_000_000, 99_999_999)}";

    /// <summary>An SMS as Kannel posts it: sender, recipient and id in the query, the text as the body, the secret as a Basic password.</summary>
    static HttpRequestMessage Sms(string from, string text, string? id = null, string secret = Secret) =>
        new(HttpMethod.Post, $"/api/messages/inbound?from={Uri.EscapeDataString(from)}&to=1212&id={id ?? Guid.NewGuid().ToString()}&ts=1299000000")
        {
            Content = new StringContent(text, Encoding.UTF8, "text/plain"),
            Headers = { Authorization = Basic(secret) },
        };

    /// <summary>A text whose bytes are no UTF-8, though it says it is.</summary>
    static HttpRequestMessage InvalidUtf8(string from)
    {
        var sms = Sms(from, "x");
        sms.Content = new ByteArrayContent([0x59, 0xC3, 0x28, 0xFF]);
        sms.Content.Headers.ContentType = new MediaTypeHeaderValue("text/plain") { CharSet = "utf-8" };
        return sms;
    }

    static AuthenticationHeaderValue Basic(string secret) => new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"kannel:{secret}")));

    static async Task<JsonElement[]> Messages(HttpClient client, string query) =>
        (await client.GetFromJsonAsync<JsonElement>($"/api/messages?{query}&pageSize=100")).GetProperty("items").EnumerateArray().ToArray();

    /// <summary>A Sudanese family of two matched to the flight it can take, its first notice written.</summary>
    async Task<(Guid Family, string Reference, JsonElement Notice)> MatchedFamily(HttpClient iom, HttpClient unhcr, string phone, string? language = null)
    {
        var created = await Ok(await unhcr.PostAsJsonAsync("/api/requests", Family(phone, language: language)));
        var family = created.GetProperty("id").GetGuid();
        var notice = await Eventually.Get(() => Messages(iom, $"requestId={family}&direction=out"),
            messages => messages.Any(message => message.GetProperty("kind").GetString() == "notice"), TimeSpan.FromMinutes(1), "the family's first notice");
        return (family, created.GetProperty("reference").GetString()!, notice.Single());
    }

    [Fact]
    public async Task A_matched_family_is_told_in_Arabic_where_and_when_and_YES_confirms_its_seat()
    {
        using var iom = await platform.Coordinator();
        using var unhcr = await platform.LoginAs("unhcr-field", "dev-unhcr-secret");
        using var kannel = platform.Anonymous();
        await Ok(await iom.PostAsJsonAsync("/api/offers", Flight(departsInHours: 30)));
        var phone = NewPhone();
        var (family, reference, notice) = await MatchedFamily(iom, unhcr, phone);

        // Arabic from the family's nationality; the place and time first, then the reference to quote.
        Assert.Equal(("ar", phone), (notice.GetProperty("language").GetString(), notice.GetProperty("phone").GetString()));
        var text = notice.GetProperty("text").GetString()!;
        Assert.StartsWith("Port of Benghazi، ", text);
        Assert.Contains($"المرجع {reference}", text);
        Assert.Contains(notice.GetProperty("status").GetString(), new[] { "queued", "sent", "delivered" });

        Assert.Equal(HttpStatusCode.Accepted, (await kannel.SendAsync(Sms(phone, "نعم"))).StatusCode);
        await Eventually.Get(() => platform.Number("micic_messages", $"SELECT count(*) FROM journey WHERE request_id = '{family}' AND seat_confirmed_at IS NOT NULL"),
            confirmed => confirmed == 1, TimeSpan.FromSeconds(10), "the seat to be confirmed");
        var replies = await Messages(iom, $"requestId={family}&direction=out");
        Assert.Contains(replies, reply => reply.GetProperty("kind").GetString() == "reply" && reply.GetProperty("text").GetString()!.StartsWith("تم تأكيد مقعدكم"));
        var received = await Messages(iom, $"requestId={family}&direction=in");
        Assert.Equal(("نعم", "received"), (received.Single().GetProperty("text").GetString(), received.Single().GetProperty("status").GetString()));

        // The requester that registered the family sees its messages, the phone masked; another organisation sees none.
        var masked = await Messages(unhcr, $"requestId={family}");
        Assert.NotEmpty(masked);
        Assert.All(masked, message => Assert.Equal(new string('•', phone.Length - 3) + phone[^3..], message.GetProperty("phone").GetString()));
        using var icrc = await platform.LoginAs("redcrescent-intake", "dev-redcrescent-secret");
        Assert.Empty(await Messages(icrc, $"requestId={family}"));
        // The coordinator's read showed the phone: audited as a read of the family's people.
        Assert.True(await platform.Number("micic_messages",
            $"SELECT count(*) FROM personal_data_access WHERE purpose = 'messages' AND request_id = '{family}' AND organisation_id = 'iom'") >= 1);
    }

    [Fact]
    public async Task Through_Kannel_the_family_s_phone_shows_its_Arabic_notice_delivered_and_its_YES_confirms_the_seat()
    {
        await platform.App.ResourceNotifications.WaitForResourceHealthyAsync("sms").WaitAsync(TimeSpan.FromMinutes(2));
        using var iom = await platform.Coordinator();
        using var unhcr = await platform.LoginAs("unhcr-field", "dev-unhcr-secret");
        await Ok(await iom.PostAsJsonAsync("/api/offers", Flight(departsInHours: 34)));
        var phone = NewPhone();
        var (family, reference, notice) = await MatchedFamily(iom, unhcr, phone);

        var received = await platform.Phones.ReceivedOne(phone, within: TimeSpan.FromMinutes(1));
        Assert.Equal(notice.GetProperty("text").GetString(), received.Text);
        Assert.Contains($"المرجع {reference}", received.Text);
        await Eventually.Get(() => Messages(iom, $"requestId={family}&direction=out"),
            messages => messages.Any(message => message.GetProperty("id").GetGuid() == notice.GetProperty("id").GetGuid()
                && message.GetProperty("status").GetString() == "delivered"), TimeSpan.FromMinutes(1), "the delivery report");

        await platform.Phones.Send(phone, "نعم");
        await Eventually.Get(() => platform.Number("micic_messages", $"SELECT count(*) FROM journey WHERE request_id = '{family}' AND seat_confirmed_at IS NOT NULL"),
            confirmed => confirmed == 1, TimeSpan.FromMinutes(1), "the seat to be confirmed by the phone's YES");
        var answer = await platform.Phones.ReceivedOne(phone, message => message.Text.StartsWith("تم تأكيد"), TimeSpan.FromMinutes(1));
        Assert.Contains(reference, answer.Text);
    }

    [Fact]
    public async Task NO_gives_the_seat_up_and_the_family_is_matched_again()
    {
        using var iom = await platform.Coordinator();
        using var unhcr = await platform.LoginAs("unhcr-field", "dev-unhcr-secret");
        using var kannel = platform.Anonymous();
        var first = (await Ok(await iom.PostAsJsonAsync("/api/offers", Flight(departsInHours: 3)))).GetProperty("id").GetGuid();
        var next = (await Ok(await iom.PostAsJsonAsync("/api/offers", Flight(departsInHours: 9)))).GetProperty("id").GetGuid();
        var phone = NewPhone();
        var (family, _, _) = await MatchedFamily(iom, unhcr, phone, language: "fr");
        var matchedTo = (await iom.GetFromJsonAsync<JsonElement>($"/api/matching/{family}")).GetProperty("offerId").GetGuid();

        Assert.Equal(HttpStatusCode.Accepted, (await kannel.SendAsync(Sms(phone, "NON"))).StatusCode);
        var other = matchedTo == first ? next : first;
        await Eventually.Get(async () => await iom.GetFromJsonAsync<JsonElement>($"/api/matching/{family}"),
            view => view.GetProperty("state").GetString() == "matched" && view.GetProperty("offerId").GetGuid() == other, TimeSpan.FromMinutes(1),
            "the family to be matched to the other flight");
        var notices = await Eventually.Get(() => Messages(iom, $"requestId={family}&direction=out"),
            messages => messages.Count(message => message.GetProperty("kind").GetString() == "notice" && message.GetProperty("text").GetString()!.Contains("venez"))
                == 2, TimeSpan.FromSeconds(30), "the notice of the other flight");
        Assert.All(notices, notice => Assert.Equal("fr", notice.GetProperty("language").GetString()));
        Assert.Contains(notices, reply => reply.GetProperty("text").GetString()!.StartsWith("Place libérée"));
    }

    [Fact]
    public async Task A_new_departure_time_reaches_the_family_at_the_pickup_place_s_clock()
    {
        using var iom = await platform.Coordinator();
        using var unhcr = await platform.LoginAs("unhcr-field", "dev-unhcr-secret");
        await Ok(await iom.PostAsJsonAsync("/api/offers", Flight(departsInHours: 33)));
        var (family, reference, _) = await MatchedFamily(iom, unhcr, NewPhone(), language: "en");
        // The flight it took (an earlier one of another test may have had seats) leaves later.
        var offer = (await iom.GetFromJsonAsync<JsonElement>($"/api/matching/{family}")).GetProperty("offerId").GetGuid();

        var later = DateTimeOffset.UtcNow.AddHours(40);
        await Ok(await iom.PatchAsJsonAsync($"/api/offers/{offer}", new { departsAt = later }));
        var tripoli = TimeZoneInfo.ConvertTime(later, TimeZoneInfo.FindSystemTimeZoneById("Africa/Tripoli"));
        await Eventually.Get(async () => string.Join(" | ", (await Messages(iom, $"requestId={family}&direction=out")).Select(message => message.GetProperty("text").GetString())),
            texts => texts.Contains(FormattableString.Invariant($"NEW TIME: Port of Benghazi, {tripoli:dd/MM HH:mm}. Ref {reference}.")), TimeSpan.FromSeconds(30), "the new time");
    }

    [Theory]
    [InlineData("0912345678", null, "contact.phone")]
    [InlineData("+249 91 234 567x", null, "contact.phone")]
    [InlineData("+249912345678", "tlh", "contact.language")]
    public async Task A_contact_that_cannot_be_written_to_is_refused_at_intake(string phone, string? language, string field)
    {
        using var unhcr = await platform.LoginAs("unhcr-field", "dev-unhcr-secret");
        var answer = await unhcr.PostAsJsonAsync("/api/requests", Family(phone, language: language));
        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        Assert.Equal([field], (await answer.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateObject().Select(error => error.Name));
    }

    [Fact]
    public async Task STOP_ends_every_message_to_the_phone_confirmed_once()
    {
        using var iom = await platform.Coordinator();
        using var unhcr = await platform.LoginAs("unhcr-field", "dev-unhcr-secret");
        using var kannel = platform.Anonymous();
        await Ok(await iom.PostAsJsonAsync("/api/offers", Flight(departsInHours: 31)));
        var phone = NewPhone();
        var (family, _, _) = await MatchedFamily(iom, unhcr, phone, language: "en");

        Assert.Equal(HttpStatusCode.Accepted, (await kannel.SendAsync(Sms(phone, "STOP"))).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await kannel.SendAsync(Sms(phone, "arrêt"))).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await kannel.SendAsync(Sms(phone, "YES"))).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await kannel.SendAsync(Sms(phone, "when does the plane leave?"))).StatusCode);

        var sent = await Messages(iom, $"requestId={family}&direction=out");
        Assert.Equal(["You will get no more messages from Micic."],
            sent.Where(message => message.GetProperty("kind").GetString() == "reply").Select(message => message.GetProperty("text").GetString()));
        Assert.Equal(1, await platform.Number("micic_messages", $"SELECT count(*) FROM opt_out WHERE phone = '{phone}'"));
        // Nothing queued for it is sent any more but that confirmation.
        Assert.Equal(0, await platform.Number("micic_messages",
            $"SELECT count(*) FROM message WHERE phone = '{phone}' AND direction = 'out' AND status = 'queued' AND template <> 'Stopped'"));
        // What it wrote after is still heard: the question is feedback.
        Assert.Equal(1, await platform.Number("micic_messages",
            $"SELECT count(*) FROM feedback WHERE request_id = '{family}' AND channel = 'sms' AND category = 'question' AND status = 'new'"));
    }

    [Fact]
    public async Task HELP_asks_for_a_call_back_and_anything_else_is_feedback()
    {
        using var iom = await platform.Coordinator();
        using var unhcr = await platform.LoginAs("unhcr-field", "dev-unhcr-secret");
        using var kannel = platform.Anonymous();
        await Ok(await iom.PostAsJsonAsync("/api/offers", Flight(departsInHours: 32)));
        var phone = NewPhone();
        var (family, _, _) = await MatchedFamily(iom, unhcr, phone);

        Assert.Equal(HttpStatusCode.Accepted, (await kannel.SendAsync(Sms(phone, "مساعدة"))).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await kannel.SendAsync(Sms(phone, "شكوى: لا يوجد ماء في المخيم"))).StatusCode);

        Assert.Equal(1, await platform.Number("micic_messages", $"SELECT count(*) FROM call_back WHERE request_id = '{family}' AND status = 'open'"));
        Assert.Equal(1, await platform.Number("micic_messages",
            $"SELECT count(*) FROM feedback WHERE request_id = '{family}' AND category = 'complaint' AND language = 'ar'"));
        var replies = (await Messages(iom, $"requestId={family}&direction=out")).Where(message => message.GetProperty("kind").GetString() == "reply")
            .Select(message => message.GetProperty("text").GetString()!).ToList();
        Assert.Contains(replies, reply => reply.StartsWith("سنتصل بكم"));
        Assert.Contains(replies, reply => reply.StartsWith("شكرًا"));
    }

    [Fact]
    public async Task An_unknown_number_gets_one_short_answer_and_nothing_else()
    {
        using var iom = await platform.Coordinator();
        using var kannel = platform.Anonymous();
        var stranger = NewPhone();
        foreach (var text in new[] { "hello?", "YES", "NO" })
            Assert.Equal(HttpStatusCode.Accepted, (await kannel.SendAsync(Sms(stranger, text))).StatusCode);

        Assert.Equal(1, await platform.Number("micic_messages", $"SELECT count(*) FROM message WHERE phone = '{stranger}' AND direction = 'out'"));
        Assert.Equal(0, await platform.Number("micic_messages", $"SELECT count(*) FROM feedback WHERE phone = '{stranger}'"));
        Assert.Equal(3, await platform.Number("micic_messages", $"SELECT count(*) FROM message WHERE phone = '{stranger}' AND direction = 'in' AND request_id IS NULL"));
    }

    [Fact]
    public async Task A_message_the_gateway_brings_twice_is_recorded_once()
    {
        using var kannel = platform.Anonymous();
        var stranger = NewPhone();
        var id = Guid.NewGuid().ToString();
        var first = await kannel.SendAsync(Sms(stranger, "hello", id));
        var again = await kannel.SendAsync(Sms(stranger, "hello", id));

        Assert.Equal("received", (await Ok(first)).GetProperty("status").GetString());
        Assert.Equal("already-received", (await Ok(again)).GetProperty("status").GetString());
        Assert.Equal(1, await platform.Number("micic_messages", $"SELECT count(*) FROM message WHERE gateway_id = '{id}'"));
    }

    [Fact]
    public async Task A_flood_from_one_phone_is_held_back_without_holding_back_others()
    {
        using var kannel = platform.Anonymous();
        var flooding = NewPhone();
        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < 15; i++)
            answers.Add((await kannel.SendAsync(Sms(flooding, $"message {i}"))).StatusCode);

        Assert.Equal(10, answers.Count(status => status == HttpStatusCode.Accepted));
        Assert.Equal(5, answers.Count(status => status == HttpStatusCode.TooManyRequests));
        Assert.Equal(HttpStatusCode.Accepted, (await kannel.SendAsync(Sms(NewPhone(), "hello"))).StatusCode);
        Assert.Equal(10, await platform.Number("micic_messages", $"SELECT count(*) FROM message WHERE phone = '{flooding}' AND direction = 'in'"));
    }

    public static TheoryData<string, Func<HttpRequestMessage>, HttpStatusCode> Hostile => new()
    {
        { "no secret", () => new HttpRequestMessage(HttpMethod.Post, "/api/messages/inbound?from=%2B249912345678&text=YES"), HttpStatusCode.Unauthorized },
        { "a wrong secret", () => Sms("+249912345678", "YES", secret: "guess"), HttpStatusCode.Unauthorized },
        { "a wrong header", () => new HttpRequestMessage(HttpMethod.Post, "/api/messages/inbound?from=%2B249912345678&text=YES")
            { Headers = { { "X-Micic-Inbound-Secret", "dev-sms-inbound-secre" } } }, HttpStatusCode.Unauthorized },
        { "a bearer token instead", () => new HttpRequestMessage(HttpMethod.Post, "/api/messages/inbound?from=%2B249912345678&text=YES")
            { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", Secret) } }, HttpStatusCode.Unauthorized },
        { "an empty text", () => Sms("+249912345678", "   "), HttpStatusCode.BadRequest },
        { "2,000 characters", () => Sms("+249912345678", new string('a', 2000)), HttpStatusCode.BadRequest },
        { "invalid UTF-8", () => InvalidUtf8("+249912345678"), HttpStatusCode.BadRequest },
        { "invalid UTF-8 in the query", () => new HttpRequestMessage(HttpMethod.Post, "/api/messages/inbound?from=%2B249912345678&text=%C3%28%FF")
            { Headers = { Authorization = Basic(Secret) } }, HttpStatusCode.BadRequest },
        { "no sender", () => new HttpRequestMessage(HttpMethod.Post, "/api/messages/inbound?text=YES") { Headers = { Authorization = Basic(Secret) } },
            HttpStatusCode.BadRequest },
        { "a sender that is no number", () => Sms("<script>", "YES"), HttpStatusCode.BadRequest },
        { "JSON", () => new HttpRequestMessage(HttpMethod.Post, "/api/messages/inbound?from=%2B249912345678")
            { Content = JsonContent.Create(new { text = "YES" }), Headers = { Authorization = Basic(Secret) } }, HttpStatusCode.UnsupportedMediaType },
        { "a report for no message", () => new HttpRequestMessage(HttpMethod.Get, $"/api/messages/delivery?id={Guid.NewGuid()}&status=1")
            { Headers = { Authorization = Basic(Secret) } }, HttpStatusCode.NotFound },
        { "a report of no kind", () => new HttpRequestMessage(HttpMethod.Get, $"/api/messages/delivery?id={Guid.NewGuid()}&status=7")
            { Headers = { Authorization = Basic(Secret) } }, HttpStatusCode.BadRequest },
        { "a report for no id", () => new HttpRequestMessage(HttpMethod.Get, "/api/messages/delivery?id=1%20OR%201=1&status=1")
            { Headers = { Authorization = Basic(Secret) } }, HttpStatusCode.BadRequest },
        { "a report without the secret", () => new HttpRequestMessage(HttpMethod.Get, $"/api/messages/delivery?id={Guid.NewGuid()}&status=1"),
            HttpStatusCode.Unauthorized },
    };

    [Theory]
    [MemberData(nameof(Hostile))]
    public async Task Hostile_calls_from_outside_the_gateway_are_refused_and_leave_nothing(string what, Func<HttpRequestMessage> call, HttpStatusCode expected)
    {
        using var anyone = platform.Anonymous();
        var before = await platform.Number("micic_messages", "SELECT count(*) FROM message");
        var response = await anyone.SendAsync(call());

        Assert.True(expected == response.StatusCode, $"{what}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(before, await platform.Number("micic_messages", "SELECT count(*) FROM message"));
    }

    [Theory]
    [InlineData("direction=sideways")]
    [InlineData("status=read")]
    [InlineData("requestId=not-a-guid")]
    [InlineData("pageSize=100000")]
    public async Task A_list_asked_wrongly_is_a_bad_request(string query)
    {
        using var iom = await platform.Coordinator();
        Assert.Equal(HttpStatusCode.BadRequest, (await iom.GetAsync($"/api/messages?{query}")).StatusCode);
    }

    [Fact]
    public async Task Only_coordinators_and_requesters_read_messages()
    {
        using var anyone = platform.Anonymous();
        using var carrier = await platform.LoginAs("egyptair-charter", "dev-egyptair-secret");
        Assert.Equal(HttpStatusCode.Unauthorized, (await anyone.GetAsync("/api/messages")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await carrier.GetAsync("/api/messages")).StatusCode);
    }
}
