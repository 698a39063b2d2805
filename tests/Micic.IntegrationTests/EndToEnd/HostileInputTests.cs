using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Micic.IntegrationTests.Infrastructure;

namespace Micic.IntegrationTests.EndToEnd;

/// <summary>What a hostile user would try that the first bad-input tests did not: control characters, filters that name nothing, operations on nothing.</summary>
[Collection(PlatformCollection.Name)]
public sealed class HostileInputTests(Platform platform)
{
    const string ProblemJson = "application/problem+json";

    public static TheoryData<string, string, string> ControlCharacters => new()
    {
        { "a bell in a given name", "givenName", "Ami\u0007na" },
        { "an escape sequence in a family name", "familyName", "\u001B[2JHaddad" },
        { "a backspace in a document number", "document", "P12\b34" },
        { "a NUL in a given name", "givenName", "Rahim\u0000" },
    };

    [Theory]
    [MemberData(nameof(ControlCharacters))]
    public async Task Control_characters_in_a_request_are_400_naming_the_field_and_nothing_is_stored(string what, string field, string value)
    {
        using var client = await platform.Coordinator();
        var before = await StoredRequests();
        var person = new Dictionary<string, object>
        {
            ["givenName"] = "Amina", ["familyName"] = "Haddad", ["sex"] = "F", ["age"] = 30, ["nationality"] = "BGD",
            ["document"] = new Dictionary<string, string> { ["kind"] = "passport", ["number"] = "P1234567" }, ["needs"] = Array.Empty<string>(),
        };
        if (field == "document")
            person["document"] = new Dictionary<string, string> { ["kind"] = "passport", ["number"] = value };
        else
            person[field] = value;

        var response = await client.PostAsJsonAsync("/api/requests", new
        {
            crisisId = "libya-2011", pickupPlace = "LY-TIP-PORT", destinationCountry = "BGD", acceptsThirdCountry = false,
            consentToShareWithConsulate = true, people = new[] { person },
        });

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{what}: {(int)response.StatusCode}");
        Assert.Equal(ProblemJson, response.Content.Headers.ContentType?.MediaType);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Contains(errors.EnumerateObject(), error => error.Name.StartsWith($"people[0].{field}", StringComparison.Ordinal));
        Assert.Equal(before, await StoredRequests());
    }

    [Fact]
    public async Task Control_characters_are_refused_in_every_service_while_line_breaks_in_a_reason_are_not()
    {
        using var offerer = await platform.LoginAs("egyptair-charter", "dev-egyptair-secret");
        using var coordinator = await platform.Coordinator();
        var offers = await platform.Number("micic_offers", "SELECT count(*) FROM offer");

        var offer = await offerer.PostAsJsonAsync("/api/offers", new
        {
            crisisId = "libya-2011", provider = "Egypt\u001BAir", mode = "air", fromPlace = "LY-TIP-PORT", toPlace = "EG-CAI-AIRPORT",
            destinationCountry = "EGY", departsAt = DateTimeOffset.UtcNow.AddDays(2), seats = 10,
            eligibility = new { familyMembersOfAnyNationality = true, acceptsMedical = true, acceptsUnaccompaniedChildren = true },
        });
        var token = await platform.Anonymous().PostAsJsonAsync("/api/auth/token", new { clientId = "iom-coordination\u0000", clientSecret = "dev-iom-secret" });
        var revocation = await coordinator.PostAsJsonAsync("/api/auth/revocations", new { organisationId = "no-such-organisation", reason = "lost\u0008laptop" });

        foreach (var (response, field) in new[] { (offer, "provider"), (token, "clientId"), (revocation, "reason") })
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal(ProblemJson, response.Content.Headers.ContentType?.MediaType);
            Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty(field, out _), field);
        }
        Assert.Equal(offers, await platform.Number("micic_offers", "SELECT count(*) FROM offer"));

        // A reason over two lines is ordinary text: the request is refused for what it is (no such request), not for its line break.
        var cancel = await coordinator.PostAsJsonAsync($"/api/requests/{Guid.NewGuid()}/cancel", new { reason = "Family found another way out.\nCalled on 2 March." });
        Assert.Equal(HttpStatusCode.NotFound, cancel.StatusCode);
    }

    [Fact]
    public async Task A_csv_row_with_control_characters_is_rejected_and_its_family_not_stored()
    {
        using var client = await platform.Coordinator();
        var before = await StoredRequests();
        var csv = Requests.Csv(',',
            Requests.CsvPerson("hostile-1", "Amina\u0007", "Haddad"),
            Requests.CsvPerson("hostile-1", "Omar", "Haddad"));

        var response = await client.PostAsync("/api/requests/import", Requests.CsvContent(csv));
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.True(response.StatusCode is HttpStatusCode.Accepted or HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {body}");
        Assert.Contains("control characters", body.ToString());
        Assert.Equal(before, await StoredRequests());
    }

    [Theory]
    [InlineData("/api/offers?status=nonsense", "status")]
    [InlineData("/api/offers?fromPlace=LY-NOWHERE", "fromPlace")]
    [InlineData("/api/requests?status=matchedd", "status")]
    [InlineData("/api/requests?pickupPlace=%27%20OR%201%3D1--", "pickupPlace")]
    [InlineData("/api/matching/unmatched?crisisId=atlantis-2030", "crisisId")]
    [InlineData("/api/matching/unmatched?pickupPlace=LY-NOWHERE", "pickupPlace")]
    public async Task A_list_filter_that_names_nothing_is_400_naming_the_parameter(string path, string parameter)
    {
        using var client = await platform.Coordinator();

        var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(ProblemJson, response.Content.Headers.ContentType?.MediaType);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty(parameter, out _), parameter);
    }

    [Fact]
    public async Task Replaying_a_queue_that_never_failed_moves_nothing_and_a_silly_limit_is_400()
    {
        using var coordinator = await platform.Coordinator();
        // Nothing in the tests ever makes transit's arrivals consumer fail, so its error queue has never been created.
        var queues = await coordinator.GetFromJsonAsync<JsonElement>("/api/admin/transit/dead-letters");
        var queue = queues.EnumerateArray().First().GetProperty("queue").GetString();

        var replay = await coordinator.PostAsync($"/api/admin/transit/dead-letters/{queue}/replay", null);
        var silly = await coordinator.PostAsync($"/api/admin/transit/dead-letters/{queue}/replay?limit=0", null);

        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        Assert.Equal(0, (await replay.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("messages").GetInt32());
        Assert.Equal(HttpStatusCode.BadRequest, silly.StatusCode);
        Assert.Equal(ProblemJson, silly.Content.Headers.ContentType?.MediaType);
    }

    Task<int> StoredRequests() => platform.Number("micic_requests", "SELECT count(*) FROM evacuation_request");
}
