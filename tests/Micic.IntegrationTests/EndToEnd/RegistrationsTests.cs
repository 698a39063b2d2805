using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using MassTransit;
using Micic.Contracts;
using Micic.IntegrationTests.Infrastructure;
using Micic.IntegrationTests.Messaging;
using Micic.Persistence.Messaging;
using Microsoft.Extensions.DependencyInjection;
using static Micic.IntegrationTests.Infrastructure.Answers;

namespace Micic.IntegrationTests.EndToEnd;

/// <summary>
/// The consular registry of nationals abroad, through the gateway: Bangladesh's consulate registers, reads and erases
/// its nationals; Egypt's sees none of them; coordinators count them without names; every read is audited; Messaging's
/// point-to-point question for check-in contacts is answered a page at a time. Each test's households carry a family
/// name of their own, so that other tests' registrations never confuse it.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class RegistrationsTests(Platform platform)
{
    Task<HttpClient> Bangladesh() => platform.LoginAs("consulate-bgd", "dev-bgd-secret");
    Task<HttpClient> Egypt() => platform.LoginAs("consulate-egy", "dev-egy-secret");

    static string Marker() => $"Reg{Guid.NewGuid():N}"[..16];

    static object Household(string familyName, string nationality = "BGD", string country = "LBY", string? area = "LY-TIP-PORT", string phone = "+218 91 555 0199") => new
    {
        nationality, countryOfResidence = country, area,
        household = new object[]
        {
            new { givenName = "Rahim", familyName, sex = "M", birthDate = "1985-04-12", document = new { kind = "passport", number = "BX0123456" } },
            new { givenName = "Salma", familyName, sex = "F" },
        },
        contact = new { phone, language = "bn" }, consentToContact = true,
    };

    Task<int> Stored(string familyName) =>
        platform.Number("micic_requests", $"SELECT count(*) FROM registered_person WHERE family_name = '{familyName}'");

    static IEnumerable<JsonElement> Items(JsonElement page) => page.GetProperty("items").EnumerateArray();

    [Fact]
    public async Task A_consulate_registers_reads_and_erases_its_own_nationals_and_no_one_else_reads_their_names()
    {
        using var bgd = await Bangladesh();
        using var egy = await Egypt();
        using var iom = await platform.Coordinator();
        using var tunisia = await platform.LoginAs("transit-tunisia", "dev-tunisia-secret");
        var family = Marker();

        // Registered once, however often it is sent with the same key.
        var key = Guid.NewGuid().ToString();
        using var first = new HttpRequestMessage(HttpMethod.Post, "/api/registrations") { Content = JsonContent.Create(Household(family)), Headers = { { "Idempotency-Key", key } } };
        var created = await bgd.SendAsync(first);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await Ok(created)).GetProperty("id").GetGuid();
        Assert.Equal($"/api/registrations/{id}", created.Headers.Location!.OriginalString);
        using var again = new HttpRequestMessage(HttpMethod.Post, "/api/registrations") { Content = JsonContent.Create(Household(family)), Headers = { { "Idempotency-Key", key } } };
        Assert.Equal(id, (await Ok(await bgd.SendAsync(again))).GetProperty("id").GetGuid());
        Assert.Equal(2, await Stored(family));

        // Bangladesh reads its nationals, with names.
        var registration = await Ok(await bgd.GetAsync($"/api/registrations/{id}"));
        Assert.Equal(("BGD", "LBY", "LY-TIP-PORT", "+218915550199", "bn"), (registration.GetProperty("nationality").GetString(),
            registration.GetProperty("countryOfResidence").GetString(), registration.GetProperty("area").GetString(),
            registration.GetProperty("contact").GetProperty("phone").GetString(), registration.GetProperty("contact").GetProperty("language").GetString()));
        Assert.Equal(["Rahim", "Salma"], registration.GetProperty("household").EnumerateArray().Select(person => person.GetProperty("givenName").GetString()));
        var personId = registration.GetProperty("household")[0].GetProperty("personId").GetGuid();
        var list = await Ok(await bgd.GetAsync("/api/registrations?countryOfResidence=LBY&area=LY-TIP-PORT&pageSize=500"));
        Assert.Contains(Items(list), item => item.GetProperty("id").GetGuid() == id);
        Assert.All(Items(list), item => Assert.Equal("BGD", item.GetProperty("nationality").GetString()));

        // Egypt's consulate neither registers Bangladeshis nor reads them, and cannot tell that they are registered.
        var egyFamily = Marker();
        var refused = await egy.PostAsJsonAsync("/api/registrations", Household(egyFamily));
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Equal(0, await Stored(egyFamily));
        Assert.Equal(HttpStatusCode.NotFound, (await egy.GetAsync($"/api/registrations/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await egy.GetAsync("/api/registrations?nationality=BGD")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await bgd.GetAsync("/api/registrations?nationality=EGY")).StatusCode);
        Assert.DoesNotContain(family, await egy.GetStringAsync("/api/registrations?pageSize=500"));
        Assert.Equal(HttpStatusCode.NotFound, (await egy.DeleteAsync($"/api/registrations/{id}")).StatusCode);

        // A coordinator counts them, by nationality and area, and reads no name; a transit authority reads nothing.
        Assert.Equal(HttpStatusCode.Forbidden, (await iom.GetAsync("/api/registrations")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await iom.GetAsync($"/api/registrations/{id}")).StatusCode);
        var counts = await iom.GetStringAsync("/api/registrations/counts?countryOfResidence=LBY");
        Assert.DoesNotContain(family, counts);
        Assert.DoesNotContain("Rahim", counts);
        var line = Items(JsonDocument.Parse(counts).RootElement).Single(count =>
            count.GetProperty("nationality").GetString() == "BGD" && count.GetProperty("area").GetString() == "LY-TIP-PORT");
        Assert.True(line.GetProperty("households").GetInt32() >= 1 && line.GetProperty("people").GetInt32() >= 2);
        Assert.All(Items(JsonDocument.Parse(await egy.GetStringAsync("/api/registrations/counts")).RootElement),
            count => Assert.Equal("EGY", count.GetProperty("nationality").GetString()));
        Assert.Equal(HttpStatusCode.Forbidden, (await tunisia.GetAsync("/api/registrations/counts")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await tunisia.GetAsync("/api/registrations")).StatusCode);

        // Erased on request: gone, and a second erasure finds nothing.
        Assert.Equal(HttpStatusCode.NoContent, (await bgd.DeleteAsync($"/api/registrations/{id}")).StatusCode);
        Assert.Equal(0, await Stored(family));
        Assert.Equal(HttpStatusCode.NotFound, (await bgd.GetAsync($"/api/registrations/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await bgd.DeleteAsync($"/api/registrations/{id}")).StatusCode);

        // Every read of the names, and the erasure, is in the audit trail, by Bangladesh's consulate.
        var trail = await Eventually.Get(() => iom.GetFromJsonAsync<JsonElement>($"/api/audit?personId={personId}&pageSize=500"),
            page => new[] { "registration-view", "registrations-list", "erasure" }.All(purpose => Items(page).Any(e => e.GetProperty("purpose").GetString() == purpose)),
            what: "the reads and the erasure to reach the audit trail");
        Assert.All(Items(trail), entry => Assert.Equal(("requests", "consulate-bgd"),
            (entry.GetProperty("service").GetString(), entry.GetProperty("organisationId").GetString())));
    }

    const string CsvHeader = "household,nationality,countryOfResidence,area,phone,language,consentToContact,givenName,familyName,sex,birthDate,documentKind,documentNumber";

    static StringContent Csv(params string[] rows) => new(string.Join("\n", [CsvHeader, .. rows]) + "\n", Encoding.UTF8, "text/csv");

    [Fact]
    public async Task A_file_of_households_is_registered_whole_or_not_at_all()
    {
        using var bgd = await Bangladesh();
        var family = Marker();
        string Row(string household, string givenName, string nationality = "BGD", string phone = "+218 91 555 0101") =>
            $"{household},{nationality},LBY,LY-BEN-PORT,{phone},bn,yes,{givenName},{family},M,1990-01-01,passport,BX{givenName.Length}";

        // A bad phone on one row: nothing is registered, and the answer names the row and the column.
        var bad = await bgd.PostAsync("/api/registrations/import", Csv(Row("1", "Rahim"), Row("2", "Karim", phone: "12345")));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var problem = await bad.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(["rows[3].phone"], problem.GetProperty("errors").EnumerateObject().Select(error => error.Name));
        // Egyptians in the file: refused whole too.
        Assert.Equal(HttpStatusCode.Forbidden, (await bgd.PostAsync("/api/registrations/import", Csv(Row("1", "Rahim"), Row("2", "Omar", nationality: "EGY")))).StatusCode);
        Assert.Equal(0, await Stored(family));

        var answer = await bgd.PostAsync("/api/registrations/import", Csv(Row("1", "Rahim"), Row("2", "Karim", phone: "+218 91 555 0102"), Row("1", "Salma")));
        Assert.Equal(HttpStatusCode.Created, answer.StatusCode);
        var imported = await Ok(answer);
        Assert.Equal(2, imported.GetProperty("registered").GetInt32());
        var first = imported.GetProperty("registrations")[0].GetGuid();
        Assert.Equal(["Rahim", "Salma"], (await Ok(await bgd.GetAsync($"/api/registrations/{first}"))).GetProperty("household").EnumerateArray()
            .Select(person => person.GetProperty("givenName").GetString()));
        Assert.Equal(3, await Stored(family));
    }

    [Fact]
    public async Task A_registration_whose_household_has_left_the_country_is_erased_after_the_retention_period()
    {
        using var bgd = await Bangladesh();
        using var unhcr = await platform.LoginAs("unhcr-field", "dev-unhcr-secret");
        var family = Marker();
        var id = (await Ok(await bgd.PostAsJsonAsync("/api/registrations", Household(family)))).GetProperty("id").GetGuid();
        var stays = Marker();
        await Ok(await bgd.PostAsJsonAsync("/api/registrations", Household(stays)));

        // A check-in's "I want to leave" will link a registration to the request it became; here, by hand, to a request
        // withdrawn (so that matching leaves it alone) and then marked completed an hour ago, as a journey home would end.
        var request = (await Ok(await unhcr.PostAsJsonAsync("/api/requests", Requests.Family()))).GetProperty("id").GetGuid();
        await Ok(await unhcr.PostAsJsonAsync($"/api/requests/{request}/cancel", new { reason = "linked to a registration in a test" }));
        await platform.Number("micic_requests", $"""
            WITH journey AS (UPDATE evacuation_request SET status = 'completed', journey_ended_at = now() - interval '1 hour' WHERE id = '{request}' RETURNING id),
            linked AS (UPDATE registration SET request_id = '{request}' WHERE id = '{id}' RETURNING id)
            SELECT (SELECT count(*) FROM journey) + (SELECT count(*) FROM linked)
            """);

        await Eventually.Get(() => Stored(family), people => people == 0, TimeSpan.FromMinutes(1), "the registration to be erased");
        Assert.Equal(2, await Stored(stays));
        Assert.True(await platform.Number("micic_requests",
            $"SELECT count(*) FROM personal_data_access WHERE purpose = 'erasure' AND actor_id = 'micic:retention' AND cardinality(person_ids) = 2 AND request_id IS NULL AND at > now() - interval '2 minutes'") >= 1);
    }

    /// <summary>Answers to the check-ins' question, as Messaging's queue would receive them.</summary>
    public sealed class AnswerCatcher : IConsumer<RegisteredContacts>
    {
        public static readonly ConcurrentQueue<RegisteredContacts> Answers = new();

        public Task Consume(ConsumeContext<RegisteredContacts> context)
        {
            Answers.Enqueue(context.Message);
            return Task.CompletedTask;
        }
    }

    [Fact]
    public async Task Messaging_reads_the_consenting_households_of_a_country_a_page_at_a_time_and_the_read_is_audited()
    {
        using var bgd = await Bangladesh();
        // Bangladeshis in Jordan: no other test registers anyone there.
        var ids = new List<Guid>();
        foreach (var phone in new[] { "+962 7 9000 0001", "+962 7 9000 0002", "+962 7 9000 0003" })
            ids.Add((await Ok(await bgd.PostAsJsonAsync("/api/registrations", Household(Marker(), country: "JOR", area: null, phone: phone)))).GetProperty("id").GetGuid());

        var queue = $"test-registered-contacts-{Guid.NewGuid():N}";
        var database = await platform.Servers.NewDatabase("checkins");
        using var messaging = await MessagingHost.Start(database, platform.Servers.RabbitMq.ConnectionString, "checkins",
            bus => bus.AddConsumer<AnswerCatcher>().Endpoint(endpoint => endpoint.Name = queue));
        var requests = await messaging.Services.GetRequiredService<IBus>().GetSendEndpoint(CommandQueues.AddressOf<GetRegisteredContacts>());

        async Task<RegisteredContacts> Ask(Guid? after)
        {
            await requests.Send(new GetRegisteredContacts { CountryOfResidence = "JOR", After = after, Limit = 2 },
                context => context.ResponseAddress = new Uri($"queue:{queue}"));
            return await Eventually.Get(() => Task.FromResult(AnswerCatcher.Answers.TryDequeue(out var answer) ? answer : null),
                answer => answer is not null, what: "Requests' answer") ?? throw new InvalidOperationException();
        }

        var page = await Ask(null);
        var pages = new List<RegisteredContacts> { page };
        while (page.Next is { } next)
            pages.Add(page = await Ask(next));
        var contacts = pages.SelectMany(answer => answer.Items).Where(item => ids.Contains(item.RegistrationId)).ToList();
        Assert.Equal(["+962790000001", "+962790000002", "+962790000003"], contacts.Select(contact => contact.Phone).Order());
        Assert.All(contacts, contact => Assert.Equal(("bn", "BGD"), (contact.Language, contact.Nationality)));
        Assert.Equal(2, pages[0].Items.Count);
        Assert.NotNull(pages[0].Next);
        Assert.Null(pages[^1].Next);

        // Each page is a read of those households' people, by Messaging.
        Assert.True(await platform.Number("micic_requests", $"""
            SELECT count(*) FROM personal_data_access a JOIN registered_person p ON p.id = ANY(a.person_ids)
            WHERE a.purpose = 'check-in-contacts' AND a.actor_id = 'micic:messages' AND p.registration_id IN ({string.Join(",", ids.Select(id => $"'{id}'"))})
            """) == 6);
    }
}
