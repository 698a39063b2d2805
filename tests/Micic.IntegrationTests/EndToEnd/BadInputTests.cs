using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Micic.IntegrationTests.Infrastructure;

namespace Micic.IntegrationTests.EndToEnd;

/// <summary>Bad input gets the public API's status as a problem response, and nothing is stored.</summary>
[Collection(PlatformCollection.Name)]
public sealed class BadInputTests(Platform platform)
{
    const string ProblemJson = "application/problem+json";

    public static TheoryData<string, string> MalformedBodies => new()
    {
        { "{\"crisisId\": \"libya-2011\",", "body" },
        { "[1, 2, 3]", "body" },
        { "{\"crisisId\": \"libya-2011\", \"acceptsThirdCountry\": \"perhaps\"}", "acceptsThirdCountry" },
        { "{\"people\": [{\"age\": \"thirty\"}]}", "people[0].age" },
        { "{\"earliestDeparture\": \"next tuesday\"}", "earliestDeparture" },
    };

    [Theory]
    [MemberData(nameof(MalformedBodies))]
    public async Task Malformed_json_and_wrong_types_are_400_naming_the_field(string body, string field)
    {
        using var client = await platform.Coordinator();
        var before = await StoredRequests();

        var response = await client.PostAsync("/api/requests", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(ProblemJson, response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"errors should name '{field}': {problem}");
        Assert.Equal(before, await StoredRequests());
    }

    [Fact]
    public async Task Missing_fields_are_all_reported_and_nothing_is_stored()
    {
        using var client = await platform.Coordinator();
        var before = await StoredRequests();

        var response = await client.PostAsJsonAsync("/api/requests", new { crisisId = "libya-2011", people = new[] { new { givenName = "Amina" } } });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        foreach (var field in new[] { "pickupPlace", "destinationCountry", "acceptsThirdCountry", "consentToShareWithConsulate", "people[0].sex", "people[0].nationality", "people[0].document" })
            Assert.True(errors.TryGetProperty(field, out _), $"errors should name '{field}': {errors}");
        Assert.Equal(before, await StoredRequests());
    }

    [Fact]
    public async Task Twenty_one_people_are_refused()
    {
        using var client = await platform.Coordinator();
        var response = await client.PostAsJsonAsync("/api/requests", Requests.Family(true, Enumerable.Repeat(Requests.Person(), 21).ToArray()));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("people", out _));
    }

    [Fact]
    public async Task No_people_and_unknown_codes_are_refused_field_by_field_and_nothing_is_stored()
    {
        using var client = await platform.Coordinator();
        var before = await StoredRequests();

        var empty = await client.PostAsJsonAsync("/api/requests", new
        {
            crisisId = "libya-2011", pickupPlace = "LY-TIP-PORT", destinationCountry = "BGD", acceptsThirdCountry = false,
            consentToShareWithConsulate = true, people = Array.Empty<object>(),
        });
        var unknown = await client.PostAsJsonAsync("/api/requests", new
        {
            crisisId = "atlantis-2030", pickupPlace = "LY-NOWHERE", destinationCountry = "XYZ", acceptsThirdCountry = false, consentToShareWithConsulate = true,
            people = new[] { Requests.Person(nationality: "ZZZ") },
        });

        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.True((await empty.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("people", out _));
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        var errors = (await unknown.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        foreach (var field in new[] { "crisisId", "pickupPlace", "destinationCountry", "people[0].nationality" })
            Assert.True(errors.TryGetProperty(field, out _), $"errors should name '{field}': {errors}");
        Assert.Equal(before, await StoredRequests());
    }

    [Fact]
    public async Task An_empty_body_is_400()
    {
        using var client = await platform.Coordinator();
        var response = await client.PostAsync("/api/requests", new StringContent("", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(ProblemJson, response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_wrong_content_type_is_415()
    {
        using var client = await platform.Coordinator();
        var response = await client.PostAsync("/api/requests", new StringContent("crisisId=libya-2011", Encoding.UTF8, "application/x-www-form-urlencoded"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal(ProblemJson, response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_body_over_one_mebibyte_is_413_and_stores_nothing()
    {
        using var client = await platform.Coordinator();
        var before = await StoredRequests();
        var huge = JsonSerializer.Serialize(new { notes = new string('x', 1024 * 1024 + 10) });

        // A client that declares a large body asks first (Expect: 100-continue), as HTTP intends: the gateway refuses it
        // before a byte of it is sent, instead of closing the connection under a client still uploading.
        using var asking = new HttpRequestMessage(HttpMethod.Post, "/api/requests")
        {
            Content = new StringContent(huge, Encoding.UTF8, "application/json"), Headers = { ExpectContinue = true },
        };
        var declared = await client.SendAsync(asking);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, declared.StatusCode);
        Assert.Equal(ProblemJson, declared.Content.Headers.ContentType?.MediaType);

        // Without a declared length the gateway notices mid-stream, answers 413 and closes the connection; HttpClient,
        // still uploading, may see only the close. Either way the body is refused.
        try
        {
            var chunked = await client.PostAsync("/api/requests", new ChunkedContent(huge));
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, chunked.StatusCode);
        }
        catch (HttpRequestException closed) when (closed.InnerException is IOException) // response ended, or broken pipe while uploading
        {
        }
        Assert.Equal(before, await StoredRequests());
    }

    [Fact]
    public async Task Without_a_valid_token_it_is_401_and_outside_the_role_403()
    {
        using var anonymous = platform.Anonymous();
        var noToken = await anonymous.PostAsJsonAsync("/api/requests", Requests.Family());

        using var forged = platform.Anonymous();
        forged.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
            "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJvcmciOiJpb20iLCJyb2xlIjoiY29vcmRpbmF0b3IifQ.c2lnbmF0dXJl");
        var forgedToken = await forged.PostAsJsonAsync("/api/requests", Requests.Family());

        using var transit = await platform.LoginAs("transit-tunisia", "dev-tunisia-secret");
        var wrongRole = await transit.PostAsJsonAsync("/api/requests", Requests.Family());

        Assert.Equal(HttpStatusCode.Unauthorized, noToken.StatusCode);
        Assert.Equal(ProblemJson, noToken.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Unauthorized, forgedToken.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, wrongRole.StatusCode);
        Assert.Equal(ProblemJson, wrongRole.Content.Headers.ContentType?.MediaType);
    }

    /// <summary>
    /// The dashboard is the coordinators' alone: no token is 401, a transit authority is 403, for the figures, the live
    /// stream and a rebuild — and a refused rebuild empties nothing (a TRUNCATE would give the table a new file).
    /// </summary>
    [Fact]
    public async Task The_dashboard_answers_coordinators_only_and_a_refused_rebuild_changes_nothing()
    {
        const string figuresFile = "SELECT relfilenode::int FROM pg_class WHERE relname = 'request_projection'";
        var before = await platform.Number("micic_dashboard", figuresFile);
        using var anonymous = platform.Anonymous();
        using var transit = await platform.LoginAs("transit-tunisia", "dev-tunisia-secret");

        foreach (var client in new[] { anonymous, transit })
        {
            var expected = client == anonymous ? HttpStatusCode.Unauthorized : HttpStatusCode.Forbidden;
            using var rebuild = await client.PostAsync("/api/dashboard/rebuild", null);
            using var summary = await client.GetAsync("/api/dashboard/summary");
            using var live = await client.GetAsync("/api/dashboard/live", HttpCompletionOption.ResponseHeadersRead);
            foreach (var response in new[] { rebuild, summary, live })
            {
                Assert.Equal(expected, response.StatusCode);
                Assert.Equal(ProblemJson, response.Content.Headers.ContentType?.MediaType);
            }
        }
        Assert.Equal(before, await platform.Number("micic_dashboard", figuresFile));
    }

    [Fact]
    public async Task Token_requests_with_wrong_or_missing_credentials_are_refused()
    {
        using var client = platform.Anonymous();
        var wrong = await client.PostAsJsonAsync("/api/auth/token", new { clientId = "consulate-bgd", clientSecret = "guess" });
        var missing = await client.PostAsJsonAsync("/api/auth/token", new { clientId = "consulate-bgd" });
        var malformed = await client.PostAsync("/api/auth/token", new StringContent("{", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(ProblemJson, wrong.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
    }

    [Fact]
    public async Task Unknown_routes_are_404_problems_not_500()
    {
        using var client = await platform.Coordinator();
        var response = await client.GetAsync("/api/requests/not-a-guid");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    Task<int> StoredRequests() => platform.Number("micic_requests", "SELECT count(*) FROM evacuation_request");

    /// <summary>A body sent without Content-Length, so the limit must be enforced while it streams.</summary>
    sealed class ChunkedContent : HttpContent
    {
        readonly byte[] _bytes;

        public ChunkedContent(string text)
        {
            _bytes = Encoding.UTF8.GetBytes(text);
            Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        protected override Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context) => stream.WriteAsync(_bytes).AsTask();

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
