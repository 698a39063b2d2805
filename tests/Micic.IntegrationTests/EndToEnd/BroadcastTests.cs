using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Micic.IntegrationTests.Infrastructure;
using static Micic.IntegrationTests.Infrastructure.Answers;

namespace Micic.IntegrationTests.EndToEnd;

/// <summary>
/// Broadcasts: a coordinator's text reaches each consenting family waiting at a pickup place once, in its language, and
/// never a phone that sent STOP; a broadcast with no text, no English, or nobody to reach is refused and stores nothing.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class BroadcastTests(Platform platform)
{
    static object Flight(double departsInHours) => new
    {
        crisisId = "libya-2011", provider = "Sudan Airways charter", mode = "air", fromPlace = "LY-BEN-PORT", toPlace = "SD-KRT-AIRPORT",
        destinationCountry = "SDN", departsAt = DateTimeOffset.UtcNow.AddHours(departsInHours), seats = 40,
        eligibility = new { nationalities = new[] { "SDN" }, familyMembersOfAnyNationality = false, acceptsMedical = true, acceptsUnaccompaniedChildren = true },
    };

    static object Family(string phone, string? language) => new
    {
        crisisId = "libya-2011", pickupPlace = "LY-BEN-PORT", destinationCountry = "SDN", acceptsThirdCountry = false, consentToShareWithConsulate = false,
        contact = new { phone, language, consentToMessages = true },
        people = new[] { Requests.Person(nationality: "SDN", givenName: "Mariam") },
    };

    static string NewPhone() => $"+2499{Random.Shared.Next(10_000_000, 99_999_999)}";

    static HttpRequestMessage Stop(string from) =>
        new(HttpMethod.Post, $"/api/messages/inbound?from={Uri.EscapeDataString(from)}&to=Micic&id={Guid.NewGuid()}")
        {
            Content = new StringContent("STOP", Encoding.UTF8, "text/plain"),
            Headers = { Authorization = new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("kannel:dev-sms-inbound-secret"))) },
        };

    static readonly object Text = new { en = "The ship leaves from berth 4, not berth 2.", fr = "Le bateau part du quai 4, pas du quai 2.",
        ar = "تغادر السفينة من الرصيف 4 وليس الرصيف 2." };

    async Task<string> FamilyWithPhone(HttpClient unhcr, string? language)
    {
        var phone = NewPhone();
        var family = (await Ok(await unhcr.PostAsJsonAsync("/api/requests", Family(phone, language)))).GetProperty("id").GetGuid();
        await Eventually.Get(() => platform.Number("micic_messages", $"SELECT count(*) FROM contact WHERE request_id = '{family}' AND phone IS NOT NULL"),
            known => known == 1, TimeSpan.FromMinutes(1), "Messaging to know the family's phone");
        return phone;
    }

    Task<int> BroadcastsTo(string phone) =>
        platform.Number("micic_messages", $"SELECT count(*) FROM message WHERE phone = '{phone}' AND kind = 'broadcast'");

    async Task<(string?, string?)> BroadcastTo(string phone)
    {
        var rows = await platform.Rows("micic_messages", $"SELECT language, text FROM message WHERE phone = '{phone}' AND kind = 'broadcast'",
            reader => (reader.GetString(0), reader.GetString(1)));
        return rows.Single();
    }

    [Fact]
    public async Task A_broadcast_to_a_pickup_place_reaches_each_consenting_family_once_in_its_language_and_not_a_stopped_one()
    {
        using var iom = await platform.Coordinator();
        using var unhcr = await platform.LoginAs("unhcr-field", "dev-unhcr-secret");
        using var kannel = platform.Anonymous();
        await Ok(await iom.PostAsJsonAsync("/api/offers", Flight(departsInHours: 44)));
        var french = await FamilyWithPhone(unhcr, "fr");
        var arabic = await FamilyWithPhone(unhcr, null);
        var stopped = await FamilyWithPhone(unhcr, "en");
        Assert.Equal(HttpStatusCode.Accepted, (await kannel.SendAsync(Stop(stopped))).StatusCode);

        var key = Guid.NewGuid().ToString();
        var sent = await Send(iom, new { crisisId = "libya-2011", pickupPlace = "LY-BEN-PORT", text = Text }, key);
        Assert.Equal(HttpStatusCode.Accepted, sent.StatusCode);
        var broadcast = await sent.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(broadcast.GetProperty("recipients").GetInt32() >= 2);

        Assert.Equal((1, 1, 0), (await BroadcastsTo(french), await BroadcastsTo(arabic), await BroadcastsTo(stopped)));
        Assert.Equal(("fr", "Le bateau part du quai 4, pas du quai 2."), await BroadcastTo(french));
        Assert.Equal(("ar", "تغادر السفينة من الرصيف 4 وليس الرصيف 2."), await BroadcastTo(arabic));

        // The same broadcast again under its Idempotency-Key is the same broadcast: nobody gets it twice.
        var again = await Send(iom, new { crisisId = "libya-2011", pickupPlace = "LY-BEN-PORT", text = Text }, key);
        Assert.Equal(broadcast.GetProperty("id").GetGuid(), (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid());
        Assert.Equal((1, 1), (await BroadcastsTo(french), await BroadcastsTo(arabic)));
    }

    // Nepalese families at Benghazi: no offer leaves from there for Nepal, so they wait, and matching never names them.
    static object WaitingFamily(string phone, bool consentToMessages = true, string? language = null) => new
    {
        crisisId = "libya-2011", pickupPlace = "LY-BEN-PORT", destinationCountry = "NPL", acceptsThirdCountry = false, consentToShareWithConsulate = false,
        contact = new { phone, language, consentToMessages },
        people = new[] { Requests.Person(nationality: "NPL", givenName: "Sita") },
    };

    /// <summary>A family that waits with no offer at all, as Messaging knows it: where it waits, and no contact (no notice was ever due).</summary>
    async Task<Guid> Waiting(HttpClient unhcr, object family)
    {
        var id = (await Ok(await unhcr.PostAsJsonAsync("/api/requests", family))).GetProperty("id").GetGuid();
        await Eventually.Get(() => platform.Number("micic_messages", $"SELECT count(*) FROM group_scope WHERE request_id = '{id}'"),
            known => known == 1, TimeSpan.FromMinutes(1), "Messaging to know where the family waits");
        return id;
    }

    Task<int> ContactsHeld(Guid family) =>
        platform.Number("micic_messages", $"SELECT count(*) FROM contact WHERE request_id = '{family}' AND answered_at IS NOT NULL");

    [Fact]
    public async Task A_broadcast_reaches_the_phones_of_families_still_waiting_with_no_offer_as_well_as_matched_ones_each_once()
    {
        await platform.App.ResourceNotifications.WaitForResourceHealthyAsync("sms").WaitAsync(TimeSpan.FromMinutes(2));
        using var iom = await platform.Coordinator();
        using var unhcr = await platform.LoginAs("unhcr-field", "dev-unhcr-secret");
        await Ok(await iom.PostAsJsonAsync("/api/offers", Flight(departsInHours: 45)));
        var matched = await FamilyWithPhone(unhcr, "en");

        // Two waiting groups gave the same phone (a family registered twice, say): it gets the broadcast once.
        var waiting = NewPhone();
        var waitingFamily = await Waiting(unhcr, WaitingFamily(waiting, language: "fr"));
        var sameFamilyAgain = await Waiting(unhcr, WaitingFamily(waiting, language: "fr"));
        var withoutConsent = NewPhone();
        var unconsenting = await Waiting(unhcr, WaitingFamily(withoutConsent, consentToMessages: false));
        var cancelled = NewPhone();
        var cancelledFamily = await Waiting(unhcr, WaitingFamily(cancelled));
        Assert.Equal(HttpStatusCode.Accepted, (await unhcr.PostAsJsonAsync($"/api/requests/{cancelledFamily}/cancel", new { reason = "Left by road." })).StatusCode);
        await Eventually.Get(() => platform.Text("micic_messages", $"SELECT status FROM journey WHERE request_id = '{cancelledFamily}'"),
            status => status == "cancelled", TimeSpan.FromMinutes(1), "Messaging to know the group is cancelled");
        // A waiting family's phone that sent STOP, through the operator, before Messaging ever had its number.
        var stopped = NewPhone();
        var stoppedFamily = await Waiting(unhcr, WaitingFamily(stopped));
        await platform.Phones.Send(stopped, "STOP");
        await Eventually.Get(() => platform.Number("micic_messages", $"SELECT count(*) FROM opt_out WHERE phone = '{stopped}'"),
            stops => stops == 1, TimeSpan.FromMinutes(1), "the STOP to be taken");
        // Nothing was ever due to the waiting families: Messaging has not had their contacts.
        Assert.Equal(0, await ContactsHeld(waitingFamily) + await ContactsHeld(sameFamilyAgain) + await ContactsHeld(unconsenting) + await ContactsHeld(stoppedFamily));

        var text = new { en = $"Boats leave from berth {Random.Shared.Next(10, 99)} from tomorrow.", fr = "Les bateaux partent d'un autre quai dès demain." };
        var sent = await Send(iom, new { crisisId = "libya-2011", pickupPlace = "LY-BEN-PORT", text });
        Assert.Equal(HttpStatusCode.Accepted, sent.StatusCode);
        var broadcast = (await sent.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        // Each phone in its language, on the phone itself: the matched family's and the waiting family's.
        Assert.Equal(text.en, (await platform.Phones.ReceivedOne(matched, message => message.Text == text.en, TimeSpan.FromMinutes(1))).Text);
        Assert.Equal(text.fr, (await platform.Phones.ReceivedOne(waiting, message => message.Text == text.fr, TimeSpan.FromMinutes(1))).Text);
        // Once: its one message delivered, and the phone shows it once.
        await Eventually.Get(() => platform.Number("micic_messages",
                $"SELECT count(*) FROM message WHERE broadcast_id = '{broadcast}' AND phone IN ('{matched}', '{waiting}') AND status = 'delivered'"),
            delivered => delivered == 2, TimeSpan.FromMinutes(1), "both broadcasts delivered");
        Assert.Equal(1, (await platform.Phones.Received(matched)).Count(message => message.Text == text.en));
        Assert.Equal(1, (await platform.Phones.Received(waiting)).Count(message => message.Text == text.fr));
        Assert.Equal((1, 1), (await BroadcastsTo(matched), await BroadcastsTo(waiting)));

        // Without consent, after STOP, or cancelled: nothing.
        Assert.Equal((0, 0, 0), (await BroadcastsTo(withoutConsent), await BroadcastsTo(stopped), await BroadcastsTo(cancelled)));
        Assert.DoesNotContain(await platform.Phones.Received(withoutConsent), message => message.Text == text.en);
        Assert.DoesNotContain(await platform.Phones.Received(stopped), message => message.Text == text.en);
        Assert.DoesNotContain(await platform.Phones.Received(cancelled), message => message.Text == text.en);
        // Requests gave the waiting family's contact point to point, the read audited there as a read for messages.
        Assert.True(await platform.Number("micic_requests", $"""
            SELECT count(*) FROM personal_data_access WHERE purpose = 'messages' AND organisation_id = 'micic:messages'
              AND person_ids && ARRAY(SELECT id FROM person WHERE request_id = '{waitingFamily}')
            """) >= 1);
    }

    [Fact]
    public async Task While_Requests_cannot_give_the_contacts_of_waiting_families_a_broadcast_is_refused_with_503_and_nothing_is_sent()
    {
        using var iom = await platform.Coordinator();
        using var unhcr = await platform.LoginAs("unhcr-field", "dev-unhcr-secret");
        var phone = NewPhone();
        var family = await Waiting(unhcr, WaitingFamily(phone));
        var body = new { crisisId = "libya-2011", pickupPlace = "LY-BEN-PORT", nationality = "NPL", text = new { en = "Stay near the port gate." } };
        var broadcasts = await platform.Number("micic_messages", "SELECT count(*) FROM broadcast");

        await platform.Stop("requests");
        try
        {
            var refused = await Send(iom, body);
            Assert.True(refused.StatusCode == HttpStatusCode.ServiceUnavailable, $"{(int)refused.StatusCode} {await refused.Content.ReadAsStringAsync()}");
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
            Assert.Equal(broadcasts, await platform.Number("micic_messages", "SELECT count(*) FROM broadcast"));
            Assert.Equal(0, await BroadcastsTo(phone));
        }
        finally
        {
            await platform.Start("requests");
        }

        var sent = await Eventually.Get(() => Send(iom, body), response => response.StatusCode == HttpStatusCode.Accepted, TimeSpan.FromMinutes(2),
            "the broadcast once Requests is back");
        Assert.True((await sent.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("recipients").GetInt32() >= 1);
        Assert.Equal(1, await BroadcastsTo(phone));
        Assert.Equal(1, await ContactsHeld(family));
    }

    static Task<HttpResponseMessage> Send(HttpClient client, object body, string? key = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages/broadcasts") { Content = JsonContent.Create(body) };
        if (key is not null)
            request.Headers.Add("Idempotency-Key", key);
        return client.SendAsync(request);
    }

    public static TheoryData<string, object, string> Hostile => new()
    {
        { "no text", new { crisisId = "libya-2011" }, "text" },
        { "no English", new { crisisId = "libya-2011", text = new { fr = "Bonjour" } }, "text.en" },
        { "an empty English", new { crisisId = "libya-2011", text = new { en = "" } }, "text.en" },
        { "5,000 characters", new { crisisId = "libya-2011", text = new { en = new string('a', 5000) } }, "text.en" },
        { "an unknown crisis", new { crisisId = "atlantis-2031", text = new { en = "Hello" } }, "crisisId" },
        { "an unknown place", new { crisisId = "libya-2011", pickupPlace = "NOWHERE", text = new { en = "Hello" } }, "pickupPlace" },
        { "a nationality that is no code", new { crisisId = "libya-2011", nationality = "Sudan", text = new { en = "Hello" } }, "nationality" },
        { "nobody in scope", new { crisisId = "libya-2011", nationality = "ISL", text = new { en = "Hello" } }, "nationality" },
    };

    [Theory]
    [MemberData(nameof(Hostile))]
    public async Task A_broadcast_asked_wrongly_is_a_bad_request_naming_the_field_and_sends_nothing(string what, object body, string field)
    {
        using var iom = await platform.Coordinator();
        var before = await platform.Number("micic_messages", "SELECT count(*) FROM message WHERE kind = 'broadcast'");
        var response = await Send(iom, body);

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{what}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty(field, out _), what);
        Assert.Equal(before, await platform.Number("micic_messages", "SELECT count(*) FROM message WHERE kind = 'broadcast'"));
    }

    [Fact]
    public async Task Only_coordinators_broadcast()
    {
        using var unhcr = await platform.LoginAs("unhcr-field", "dev-unhcr-secret");
        using var anyone = platform.Anonymous();
        Assert.Equal(HttpStatusCode.Forbidden, (await Send(unhcr, new { crisisId = "libya-2011", text = new { en = "Hello" } })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Send(anyone, new { crisisId = "libya-2011", text = new { en = "Hello" } })).StatusCode);
    }
}
