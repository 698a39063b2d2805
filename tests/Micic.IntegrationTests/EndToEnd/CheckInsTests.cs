using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MassTransit;
using Micic.Contracts;
using Micic.IntegrationTests.Infrastructure;
using static Micic.IntegrationTests.Infrastructure.Answers;

namespace Micic.IntegrationTests.EndToEnd;

/// <summary>
/// Check-in answers in Requests, published on the real broker as Messaging publishes them: "I want to leave" becomes
/// one evacuation request of the registered household, which matching takes up; "I need help" and "no answer" show in
/// the consulate's view; each consulate reads its own nationals only, coordinators count. Households carry a family
/// name of their own, and those wanting to leave are picked up at Tripoli airport for Bangladesh, a route no other test uses.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class CheckInsTests(Platform platform)
{
    public const string Crisis = "libya-2011";

    Task<HttpClient> Bangladesh() => platform.LoginAs("consulate-bgd", "dev-bgd-secret");

    public static string Marker() => $"Chk{Guid.NewGuid():N}"[..16];

    public static object Household(string familyName, string nationality = "BGD", string? area = "LY-TIP-AIRPORT", string? phone = null,
        bool birthDates = true) => new
    {
        nationality, countryOfResidence = "LBY", area,
        household = new object[]
        {
            new { givenName = "Rahim", familyName, sex = "M", birthDate = birthDates ? "1985-04-12" : null, document = new { kind = "passport", number = "BX0123456" } },
            new { givenName = "Salma", familyName, sex = "F", birthDate = "1990-01-02" },
        },
        contact = new { phone = phone ?? $"+21891{Random.Shared.Next(1000000, 9999999)}", language = "bn" }, consentToContact = true,
    };

    public static async Task<Guid> Register(HttpClient consulate, object household) =>
        (await Ok(await consulate.PostAsJsonAsync("/api/registrations", household))).GetProperty("id").GetGuid();

    /// <summary>The broker as Messaging publishes on it.</summary>
    public static async Task<IBusControl> Broker(Platform platform)
    {
        var bus = Bus.Factory.CreateUsingRabbitMq(rabbit => rabbit.Host(new Uri(platform.Servers.RabbitMq.ConnectionString)));
        await bus.StartAsync();
        return bus;
    }

    public static CheckInAnswered Answer(Guid registration, int answer, DateTimeOffset? at = null, string nationality = "BGD", string crisis = Crisis) => new()
    {
        CrisisId = crisis, RegistrationId = registration, Nationality = nationality, Answer = answer, At = at ?? DateTimeOffset.UtcNow,
    };

    public static CheckInsAsked Asked(int attempt, params Guid[] registrations) => new()
    {
        CrisisId = Crisis, RegistrationIds = registrations, Attempt = attempt, At = DateTimeOffset.UtcNow,
    };

    public static CheckInUnanswered Unanswered(Guid registration) => new()
    {
        CrisisId = Crisis, RegistrationId = registration, Nationality = "BGD", At = DateTimeOffset.UtcNow,
    };

    /// <summary>An offer home for Bangladeshis waiting at Tripoli airport.</summary>
    public static object FlightHome(int seats = 40) => new
    {
        crisisId = Crisis, provider = "Biman charter", mode = "air", fromPlace = "LY-TIP-AIRPORT", toPlace = "BD-DAC-AIRPORT",
        destinationCountry = "BGD", departsAt = DateTimeOffset.UtcNow.AddHours(40), seats,
        eligibility = new { nationalities = new[] { "BGD" }, familyMembersOfAnyNationality = true, acceptsMedical = true, acceptsUnaccompaniedChildren = true },
    };

    static IEnumerable<JsonElement> Items(JsonElement page) => page.GetProperty("items").EnumerateArray();

    /// <summary>A field of an answer, null when it is left out (as null values are).</summary>
    static string? Field(JsonElement item, string name) =>
        item.ValueKind == JsonValueKind.Object && item.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>The consulate's check-ins of the households named <paramref name="familyName"/>.</summary>
    static async Task<List<JsonElement>> Seen(HttpClient consulate, string familyName, string query = "") =>
        [.. Items(await consulate.GetFromJsonAsync<JsonElement>($"/api/crises/{Crisis}/check-ins?pageSize=500{query}"))
            .Where(item => item.GetProperty("names").EnumerateArray().Any(name => name.GetString()!.EndsWith(familyName, StringComparison.Ordinal)))];

    Task<int> RequestsOf(string familyName) =>
        platform.Number("micic_requests", $"SELECT count(DISTINCT request_id) FROM person WHERE family_name = '{familyName}'");

    [Fact]
    public async Task Wanting_to_leave_becomes_one_request_of_the_household_from_the_nearest_pickup_and_matching_takes_it_up()
    {
        using var bgd = await Bangladesh();
        using var iom = await platform.Coordinator();
        await Ok(await iom.PostAsJsonAsync("/api/offers", FlightHome()));
        var family = Marker();
        var registration = await Register(bgd, Household(family));
        var bus = await Broker(platform);
        try
        {
            await bus.Publish(Asked(1, registration));
            // The answer, redelivered (same message id), and the household answering 3 again a minute later.
            var messageId = NewId.NextGuid();
            var leave = Answer(registration, 3);
            await bus.Publish(leave, context => context.MessageId = messageId);
            await bus.Publish(leave, context => context.MessageId = messageId);
            await bus.Publish(leave with { At = leave.At.AddMinutes(1) });

            var requestId = await Eventually.Get(
                () => platform.Text("micic_requests", $"SELECT request_id::text FROM registration WHERE id = '{registration}'"),
                id => id is not null, TimeSpan.FromMinutes(1), "the registration to become a request");
            await Task.Delay(TimeSpan.FromSeconds(3)); // a second request would be there by now
            Assert.Equal(1, await RequestsOf(family));

            // The household as registered, going home from the nearest pickup place, submitted by its consulate, reached on its phone.
            var request = (await platform.Rows("micic_requests", $"""
                SELECT q.pickup_place, q.destination_country, q.organisation_id, q.contact_phone IS NOT NULL,
                       (SELECT string_agg(p.given_name || ':' || p.nationality || ':' || coalesce(p.birth_date::text, ''), ',' ORDER BY p.position) FROM person p WHERE p.request_id = q.id)
                FROM evacuation_request q WHERE q.id = '{requestId}'
                """, reader => (reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetBoolean(3), reader.GetString(4)))).Single();
            Assert.Equal(("LY-TIP-AIRPORT", "BGD", "consulate-bgd", true, "Rahim:BGD:1985-04-12,Salma:BGD:1990-01-02"), request);

            // Matching takes it: the consulate sees it wanting to leave, matched to the flight home.
            var seen = await Eventually.Get(async () => (await Seen(bgd, family)).SingleOrDefault(),
                item => Field(item, "requestStatus") == "matched", TimeSpan.FromMinutes(2),
                "the request to be matched, as the consulate sees it");
            Assert.Equal(("want-to-leave", "answered", requestId), (Field(seen, "answer"), Field(seen, "status"), Field(seen, "requestId")));

            // Reading the registration into a request is audited, by the platform on the household's answer.
            Assert.Equal(2, await platform.Number("micic_requests", $"""
                SELECT count(*) FROM personal_data_access a JOIN registered_person p ON p.id = ANY(a.person_ids)
                WHERE a.purpose = 'check-in-request' AND a.actor_id = 'micic:check-ins' AND p.registration_id = '{registration}'
                """));
        }
        finally
        {
            await bus.StopAsync();
        }
    }

    [Fact]
    public async Task Need_help_and_no_answer_show_in_the_consulates_view_each_consulate_reads_its_own_and_coordinators_count()
    {
        using var bgd = await Bangladesh();
        using var egy = await platform.LoginAs("consulate-egy", "dev-egy-secret");
        using var iom = await platform.Coordinator();
        using var tunisia = await platform.LoginAs("transit-tunisia", "dev-tunisia-secret");
        var family = Marker();
        var help = await Register(bgd, Household(family, area: "LY-BEN-PORT", phone: "+218915550123"));
        var safe = await Register(bgd, Household(family));
        var silent = await Register(bgd, Household(family, area: null));
        var erased = await Register(bgd, Household(family));
        var unfit = await Register(bgd, Household(family, birthDates: false)); // a birth date missing: no valid request
        var egyptian = await Register(egy, Household(family, nationality: "EGY"));
        Assert.Equal(HttpStatusCode.NoContent, (await bgd.DeleteAsync($"/api/registrations/{erased}")).StatusCode);

        var bus = await Broker(platform);
        try
        {
            await bus.Publish(Asked(1, help, safe, silent, erased, unfit, egyptian));
            await bus.Publish(Asked(2, silent));
            await bus.Publish(Answer(help, 2));
            var now = DateTimeOffset.UtcNow;
            await bus.Publish(Answer(safe, 1, now));
            // Once the "safe" is recorded, an older "3" delivered late changes nothing: the later "safe" stands, no request.
            // (Consumers take answers side by side; only once one is recorded is the other "late".)
            await Eventually.Get(() => Seen(bgd, family), items => items.Any(item => Field(item, "answer") == "safe"), TimeSpan.FromMinutes(1),
                "the consulate to see the household's safe");
            await bus.Publish(Answer(safe, 3, now.AddHours(-1)));
            await bus.Publish(Unanswered(silent));
            await bus.Publish(Answer(erased, 3));
            await bus.Publish(Answer(unfit, 3));
            await bus.Publish(Answer(egyptian, 2, nationality: "EGY"));
            await bus.Publish(Answer(help, 7)); // no such answer: nothing changes

            var seen = await Eventually.Get(() => Seen(bgd, family),
                items => items.Count == 4 && items.Any(item => Field(item, "status") == "to-call") && items.Any(item => Field(item, "problem") is not null)
                    && items.Any(item => Field(item, "answer") == "safe"),
                TimeSpan.FromMinutes(1), "the consulate to see its four households' check-ins");
            JsonElement Of(Guid id) => seen.Single(item => item.GetProperty("registrationId").GetGuid() == id);

            Assert.Equal(("need-help", "answered", "••••••••••123"), (Field(Of(help), "answer"), Field(Of(help), "status"), Field(Of(help), "phone")));
            Assert.Equal(["Rahim " + family, "Salma " + family], Of(help).GetProperty("names").EnumerateArray().Select(name => name.GetString()));
            Assert.Equal("LY-BEN-PORT", Field(Of(help), "area"));
            Assert.Equal(("safe", null), (Field(Of(safe), "answer"), Field(Of(safe), "requestId")));
            Assert.Equal((null, "to-call", 2), (Field(Of(silent), "answer"), Field(Of(silent), "status"), Of(silent).GetProperty("attempts").GetInt32()));
            Assert.Null(Field(Of(silent), "area"));
            Assert.Null(Field(Of(unfit), "requestId"));
            Assert.Contains("birthDate", Field(Of(unfit), "problem"));
            Assert.DoesNotContain(seen, item => item.GetProperty("registrationId").GetGuid() == erased);
            Assert.Equal(0, await RequestsOf(family)); // neither the late 3, nor the erased household's, nor the unfit one's
            Assert.Equal(0, await platform.Number("micic_requests", $"SELECT count(*) FROM check_in WHERE registration_id = '{erased}'"));

            // Filters.
            Assert.Equal([help], (await Seen(bgd, family, "&answer=need-help")).Select(item => item.GetProperty("registrationId").GetGuid()));
            Assert.Equal([silent], (await Seen(bgd, family, "&status=to-call")).Select(item => item.GetProperty("registrationId").GetGuid()));
            Assert.Equal([silent], (await Seen(bgd, family, "&answer=none")).Select(item => item.GetProperty("registrationId").GetGuid()));

            // Egypt's consulate sees its own national only, and Bangladesh never sees him.
            var egyptians = await Eventually.Get(() => Seen(egy, family), items => items.Count == 1, TimeSpan.FromMinutes(1), "Egypt to see its national");
            Assert.Equal((egyptian, "EGY", "need-help"), (egyptians[0].GetProperty("registrationId").GetGuid(), Field(egyptians[0], "nationality"),
                Field(egyptians[0], "answer")));
            Assert.All(Items(await bgd.GetFromJsonAsync<JsonElement>($"/api/crises/{Crisis}/check-ins?pageSize=500")),
                item => Assert.Equal("BGD", item.GetProperty("nationality").GetString()));

            // A coordinator counts by nationality and answer, and reads no one.
            var counts = await iom.GetStringAsync($"/api/crises/{Crisis}/check-ins");
            Assert.DoesNotContain(family, counts);
            Assert.DoesNotContain("Rahim", counts);
            var bangladeshis = Items(JsonDocument.Parse(counts).RootElement).Single(line => line.GetProperty("nationality").GetString() == "BGD");
            Assert.True(bangladeshis.GetProperty("asked").GetInt32() >= 4 && bangladeshis.GetProperty("needHelp").GetInt32() >= 1
                && bangladeshis.GetProperty("toCall").GetInt32() >= 1 && bangladeshis.GetProperty("safe").GetInt32() >= 1);
            Assert.DoesNotContain(family, await iom.GetStringAsync($"/api/crises/{Crisis}/check-ins/counts"));
            Assert.All(Items(await egy.GetFromJsonAsync<JsonElement>($"/api/crises/{Crisis}/check-ins/counts")),
                line => Assert.Equal("EGY", line.GetProperty("nationality").GetString()));
            Assert.Equal(HttpStatusCode.Forbidden, (await tunisia.GetAsync($"/api/crises/{Crisis}/check-ins")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await bgd.GetAsync("/api/crises/atlantis-2031/check-ins")).StatusCode);

            // Every read of names is audited, by the consulate that read them.
            Assert.True(await platform.Number("micic_requests", $"""
                SELECT count(*) FROM personal_data_access a JOIN registered_person p ON p.id = ANY(a.person_ids)
                WHERE a.purpose = 'check-ins-list' AND a.organisation_id = 'consulate-bgd' AND p.registration_id = '{help}'
                """) >= 1);
            Assert.Equal(0, await platform.Number("micic_requests", $"""
                SELECT count(*) FROM personal_data_access a JOIN registered_person p ON p.id = ANY(a.person_ids)
                WHERE a.purpose = 'check-ins-list' AND a.organisation_id <> 'consulate-egy' AND p.registration_id = '{egyptian}'
                """));
        }
        finally
        {
            await bus.StopAsync();
        }
    }
}
