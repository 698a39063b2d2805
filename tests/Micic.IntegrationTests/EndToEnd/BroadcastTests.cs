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
