using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Micic.IntegrationTests.Infrastructure;

namespace Micic.IntegrationTests.EndToEnd;

/// <summary>Requests beyond single submission, through the gateway: CSV import, the list within each caller's scope, cancellation.</summary>
[Collection(PlatformCollection.Name)]
public sealed class RequestsApiTests(Platform platform)
{
    const string ProblemJson = "application/problem+json";
    const string Import = "/api/requests/import";

    Task<HttpClient> Unhcr() => platform.LoginAs("unhcr-field", "dev-unhcr-secret");
    Task<HttpClient> Icrc() => platform.LoginAs("redcrescent-intake", "dev-redcrescent-secret");

    [Fact]
    public async Task An_import_accepts_the_good_groups_and_rejects_only_the_group_of_a_bad_row()
    {
        using var unhcr = await Unhcr();
        var rejected = Marker();
        var csv = Requests.Csv(',',
            Requests.CsvPerson("family-1", "محمد", "عبد الله"),
            Requests.CsvPerson("family-1", "Zoë", "Ngũgĩ", nationality: "EGY", sex: "F", needs: "pregnant"),
            Requests.CsvPerson("family-2", "Amina", rejected),
            Requests.CsvPerson("family-2", "Omar", rejected, nationality: "Bangladesh"),
            Requests.CsvPerson("family-3", "Doe, Jr.", "O'Brien \"Jack\"\nof Tripoli"));

        var answer = await Imported(unhcr, Requests.CsvContent(csv));

        Assert.Equal(2, answer.GetProperty("accepted").GetInt32());
        Assert.Equal(1, answer.GetProperty("rejected").GetInt32());
        var error = Assert.Single(answer.GetProperty("errors").EnumerateArray());
        Assert.Equal((5, "nationality"), (error.GetProperty("row").GetInt32(), error.GetProperty("field").GetString()));
        var ids = Ids(answer);
        Assert.Equal(2, ids.Count);

        // Stored as sent, and on their way through matching like any submitted request.
        var family = await Eventually.Get(() => unhcr.GetFromJsonAsync<JsonElement>($"/api/requests/{ids[0]}"),
            request => request.GetProperty("status").GetString() == "pending", what: "the imported family to be pending");
        Assert.Equal([("محمد", "عبد الله"), ("Zoë", "Ngũgĩ")], family.GetProperty("people").EnumerateArray()
            .Select(person => (person.GetProperty("givenName").GetString(), person.GetProperty("familyName").GetString())));
        Assert.Equal(60, family.GetProperty("priority").GetInt32());
        var quoted = (await unhcr.GetFromJsonAsync<JsonElement>($"/api/requests/{ids[1]}")).GetProperty("people")[0];
        Assert.Equal(("Doe, Jr.", "O'Brien \"Jack\"\nof Tripoli"), (quoted.GetProperty("givenName").GetString(), quoted.GetProperty("familyName").GetString()));
        await Eventually.Get(() => SagaCount(ids, "Pending"), count => count == 2, what: "both imported groups to have a matching saga");

        Assert.Equal(1, await platform.Number("micic_requests", $"SELECT count(*) FROM person WHERE request_id = '{ids[0]}' AND given_name = 'محمد' AND family_name = 'عبد الله'"));
        Assert.Equal(0, await platform.Number("micic_requests", $"SELECT count(*) FROM person WHERE family_name = '{rejected}'"));
    }

    [Fact]
    public async Task An_import_reads_semicolons_and_a_byte_order_mark()
    {
        using var icrc = await Icrc();
        var csv = Requests.Csv(';',
            Requests.CsvPerson("a", "Ngũgĩ", "wa Thiong'o; Sr.", nationality: "XXA"),
            Requests.CsvPerson("b", "عبد الله", "محمد", nationality: "SDN", sex: "F", age: "70"));

        var answer = await Imported(icrc, Requests.CsvContent(csv, byteOrderMark: true));

        Assert.Equal((2, 0), (answer.GetProperty("accepted").GetInt32(), answer.GetProperty("rejected").GetInt32()));
        Assert.Empty(answer.GetProperty("errors").EnumerateArray());
        var ids = Ids(answer);
        var first = (await icrc.GetFromJsonAsync<JsonElement>($"/api/requests/{ids[0]}")).GetProperty("people")[0];
        Assert.Equal(("Ngũgĩ", "wa Thiong'o; Sr."), (first.GetProperty("givenName").GetString(), first.GetProperty("familyName").GetString()));
        var second = (await icrc.GetFromJsonAsync<JsonElement>($"/api/requests/{ids[1]}")).GetProperty("people")[0];
        Assert.Equal("عبد الله", second.GetProperty("givenName").GetString());
    }

    [Theory]
    [InlineData("application/json")]
    [InlineData("text/plain")]
    [InlineData("text/csv; charset=iso-8859-1")]
    public async Task An_import_that_is_not_utf8_csv_is_415_and_stores_nothing(string contentType)
    {
        using var unhcr = await Unhcr();
        var marker = Marker();
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(Requests.Csv(',', Requests.CsvPerson("a", "Amina", marker))));
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);

        var response = await unhcr.PostAsync(Import, content);

        IsProblem(HttpStatusCode.UnsupportedMediaType, response);
        Assert.Equal(0, await StoredPeople(marker));
    }

    [Fact]
    public async Task A_file_that_cannot_be_imported_is_400_naming_the_problem_and_stores_nothing()
    {
        using var unhcr = await Unhcr();
        var marker = Marker();
        var missingColumns = await unhcr.PostAsync(Import, Requests.CsvContent($"group,givenName,familyName\r\na,Amina,{marker}\r\n"));
        var headerOnly = await unhcr.PostAsync(Import, Requests.CsvContent(Requests.Csv(',')));
        var empty = await unhcr.PostAsync(Import, Requests.CsvContent(""));
        var notUtf8 = new ByteArrayContent([.. Encoding.UTF8.GetBytes(Requests.Csv(',', Requests.CsvPerson("a", "Amina", marker))), 0xC3, 0x28, 0x0D, 0x0A]);
        notUtf8.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        var invalid = await unhcr.PostAsync(Import, notUtf8);

        var errors = await Errors(missingColumns);
        foreach (var column in new[] { "crisisId", "pickupPlace", "destinationCountry", "acceptsThirdCountry", "consentToShareWithConsulate", "sex", "nationality", "documentKind" })
            Assert.True(errors.TryGetProperty(column, out _), $"errors should name '{column}': {errors}");
        foreach (var refused in new[] { headerOnly, empty, invalid })
            Assert.True((await Errors(refused)).TryGetProperty("body", out _));
        Assert.Equal(0, await StoredPeople(marker));
    }

    [Fact]
    public async Task An_import_may_be_over_one_mebibyte_but_not_over_twenty()
    {
        using var unhcr = await Unhcr();
        var (small, large) = (Marker(), Marker());
        var blankRows = string.Concat(Enumerable.Repeat(",,,,,,,,,,,,,\r\n", 1024 * 1024 / 15));

        var twoMebibytes = await Imported(unhcr, Requests.CsvContent(Requests.Csv(',', Requests.CsvPerson("a", "Amina", small)) + blankRows + blankRows));
        Assert.Equal(1, twoMebibytes.GetProperty("accepted").GetInt32());

        var tooLarge = Requests.Csv(',', Requests.CsvPerson("a", "Amina", large)) + string.Concat(Enumerable.Repeat(blankRows, 21));
        try
        {
            var response = await unhcr.PostAsync(Import, Requests.CsvContent(tooLarge));
            IsProblem(HttpStatusCode.RequestEntityTooLarge, response);
        }
        catch (HttpRequestException closed) when (closed.InnerException is IOException) // refused while still uploading
        {
        }
        Assert.Equal(1, await StoredPeople(small));
        Assert.Equal(0, await StoredPeople(large));
    }

    [Fact]
    public async Task The_same_idempotency_key_and_file_import_once_and_another_file_conflicts()
    {
        using var unhcr = await Unhcr();
        var marker = Marker();
        var csv = Requests.Csv(',', Requests.CsvPerson("a", "Amina", marker), Requests.CsvPerson("a", "Omar", marker), Requests.CsvPerson("b", "Sara", marker),
            Requests.CsvPerson("c", "Yusuf", marker, nationality: "?"));
        var key = Guid.NewGuid().ToString();

        var first = await Send(unhcr, key, csv);
        var second = await Send(unhcr, key, csv);
        var other = await Send(unhcr, key, csv.Replace("Sara", "Sarah"));

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, second.StatusCode);
        var (firstAnswer, secondAnswer) = (await first.Content.ReadFromJsonAsync<JsonElement>(), await second.Content.ReadFromJsonAsync<JsonElement>());
        Assert.Equal(2, Ids(firstAnswer).Count);
        Assert.Equal(Ids(firstAnswer), Ids(secondAnswer));
        Assert.Equal(firstAnswer.GetProperty("errors").GetRawText(), secondAnswer.GetProperty("errors").GetRawText());
        IsProblem(HttpStatusCode.Conflict, other);
        Assert.Equal(3, await StoredPeople(marker));
    }

    [Fact]
    public async Task The_list_shows_each_caller_only_what_it_may_see_and_no_one_s_personal_data()
    {
        using var unhcr = await Unhcr();
        using var icrc = await Icrc();
        using var bangladesh = await platform.LoginAs("consulate-bgd", "dev-bgd-secret");
        using var philippines = await platform.LoginAs("consulate-phl", "dev-phl-secret");
        using var offerer = await platform.LoginAs("egyptair-charter", "dev-egyptair-secret");
        using var coordinator = await platform.Coordinator();

        var ids = Ids(await Imported(unhcr, Requests.CsvContent(Requests.Csv(',',
            Requests.CsvPerson("shared", "Rahim", "Uddin"), Requests.CsvPerson("shared", "Layla", "Uddin", nationality: "EGY", sex: "F"),
            Requests.CsvPerson("private", "Karim", "Hossain", consent: false),
            Requests.CsvPerson("filipino", "Maria", "Santos", nationality: "PHL", sex: "F")))));
        var (shared, private_, filipino) = (ids[0], ids[1], ids[2]);
        var other = Ids(await Imported(icrc, Requests.CsvContent(Requests.Csv(',', Requests.CsvPerson("other", "Anwar", "Ali")))))[0];
        const string here = "/api/requests?pickupPlace=LY-BEN-PORT&pageSize=500";

        Assert.Equal([shared, private_, filipino], Listed(await List(unhcr, here), shared, private_, filipino, other));
        Assert.Equal([other], Listed(await List(icrc, here), shared, private_, filipino, other));
        Assert.Equal([shared, other], Listed(await List(bangladesh, here), shared, private_, filipino, other));
        Assert.Equal([filipino], Listed(await List(philippines, here), shared, private_, filipino, other));
        Assert.Equal([shared, private_, filipino, other], Listed(await List(coordinator, here), shared, private_, filipino, other));
        // A consulate filtering by another nationality learns nothing about the people it may not see.
        Assert.Empty(Listed(await List(bangladesh, here + "&nationality=EGY"), shared, private_, filipino, other));
        Assert.Equal([shared], Listed(await List(coordinator, here + "&nationality=EGY"), shared, private_, filipino, other));
        Assert.Equal(HttpStatusCode.Forbidden, (await offerer.GetAsync(here)).StatusCode);

        var item = (await List(bangladesh, here)).GetProperty("items").EnumerateArray().Single(i => i.GetProperty("id").GetGuid() == shared);
        Assert.Equal(["crisisId", "destinationCountry", "groupSize", "id", "pickupPlace", "priority", "reference", "status", "submittedAt"],
            item.EnumerateObject().Select(property => property.Name).Where(name => name != "unmatchedReason").Order(StringComparer.Ordinal));
        Assert.Equal(2, item.GetProperty("groupSize").GetInt32());
        Assert.Equal(0, await platform.Number("micic_requests", $"SELECT count(*) FROM personal_data_access WHERE request_id = '{shared}'"));
    }

    [Fact]
    public async Task The_list_pages_in_submission_order_filters_by_status_and_refuses_bad_filters()
    {
        using var coordinator = await platform.Coordinator();
        var ids = Ids(await Imported(coordinator, Requests.CsvContent(Requests.Csv(',',
            Enumerable.Range(0, 4).Select(i => Requests.CsvPerson($"g{i}", "Amina", $"Page{i}")).ToArray()))));
        await Eventually.Get(() => platform.Number("micic_requests", $"SELECT count(*) FROM evacuation_request WHERE id IN ({InList(ids)}) AND status = 'pending'"),
            count => count == 4, what: "the four groups to be pending");

        var first = await List(coordinator, "/api/requests?pickupPlace=LY-BEN-PORT&pageSize=2&page=1");
        var second = await List(coordinator, "/api/requests?pickupPlace=LY-BEN-PORT&pageSize=2&page=2");
        Assert.Equal(first.GetProperty("total").GetInt64(), second.GetProperty("total").GetInt64());
        Assert.True(first.GetProperty("total").GetInt64() >= 4);
        Assert.Equal((1, 2), (first.GetProperty("page").GetInt32(), first.GetProperty("pageSize").GetInt32()));
        var items = first.GetProperty("items").EnumerateArray().Concat(second.GetProperty("items").EnumerateArray()).ToList();
        Assert.Equal(4, items.Select(i => i.GetProperty("id").GetGuid()).Distinct().Count());
        var submitted = items.Select(i => i.GetProperty("submittedAt").GetDateTimeOffset()).ToList();
        Assert.Equal(submitted.Order(), submitted);

        var pending = await List(coordinator, "/api/requests?status=pending&pickupPlace=LY-BEN-PORT&pageSize=500");
        Assert.All(pending.GetProperty("items").EnumerateArray(), i => Assert.Equal("pending", i.GetProperty("status").GetString()));
        Assert.Superset(ids.ToHashSet(), pending.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()).ToHashSet());
        Assert.Empty(Listed(await List(coordinator, "/api/requests?status=completed&pickupPlace=LY-BEN-PORT&pageSize=500"), [.. ids]));

        foreach (var (query, field) in new[] { ("status=lost", "status"), ("nationality=bgd", "nationality"), ("nationality=BGDX", "nationality"),
                     ("pageSize=501", "pageSize"), ("page=0", "page") })
        {
            var response = await coordinator.GetAsync($"/api/requests?{query}");
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.True((await Errors(response)).TryGetProperty(field, out _), $"{query} should be refused naming '{field}'");
        }
    }

    [Fact]
    public async Task A_cancelled_request_is_cancelled_in_matching_stays_cancelled_and_cannot_be_cancelled_again()
    {
        using var unhcr = await Unhcr();
        var id = Ids(await Imported(unhcr, Requests.CsvContent(Requests.Csv(',', Requests.CsvPerson("a", "Amina", Marker())))))[0];
        await Eventually.Get(() => unhcr.GetFromJsonAsync<JsonElement>($"/api/requests/{id}"),
            request => request.GetProperty("status").GetString() == "pending", what: "the request to be pending");

        var response = await Cancel(unhcr, id, "Left by road to Ras Ajdir.");

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var answer = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((id, "cancelled"), (answer.GetProperty("id").GetGuid(), answer.GetProperty("status").GetString()));
        var view = await unhcr.GetFromJsonAsync<JsonElement>($"/api/requests/{id}");
        Assert.Equal("cancelled", view.GetProperty("status").GetString());
        var last = view.GetProperty("history").EnumerateArray().Last();
        Assert.Equal(("cancelled", "Left by road to Ras Ajdir."), (last.GetProperty("status").GetString(), last.GetProperty("reason").GetString()));

        // Matching confirms with a "cancelled" of its own, which changes nothing here and is not listed twice.
        await Eventually.Get(() => SagaCount([id], "Cancelled"), count => count == 1, what: "the saga to be cancelled");
        await Eventually.Get(() => platform.Number("micic_requests", $"SELECT status_sequence FROM evacuation_request WHERE id = '{id}'"),
            sequence => sequence >= 2, what: "matching's cancellation to reach Requests");
        view = await unhcr.GetFromJsonAsync<JsonElement>($"/api/requests/{id}");
        Assert.Equal("cancelled", view.GetProperty("status").GetString());
        Assert.Equal(["submitted", "pending", "cancelled"], view.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("status").GetString()));

        IsProblem(HttpStatusCode.Conflict, await Cancel(unhcr, id, "Asked twice."));
        var cancelled = await List(unhcr, "/api/requests?status=cancelled&pickupPlace=LY-BEN-PORT&pageSize=500");
        Assert.Contains(id, cancelled.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()));
    }

    [Fact]
    public async Task A_request_cancelled_as_soon_as_it_is_imported_is_cancelled_in_matching_too()
    {
        using var icrc = await Icrc();
        var ids = Ids(await Imported(icrc, Requests.CsvContent(Requests.Csv(',',
            Enumerable.Range(0, 5).Select(i => Requests.CsvPerson($"g{i}", "Omar", Marker())).ToArray()))));

        foreach (var response in await Task.WhenAll(ids.Select(id => Cancel(icrc, id, "Changed their mind."))))
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);

        await Eventually.Get(() => SagaCount(ids, "Cancelled"), count => count == ids.Count, what: "every saga to be cancelled");
        await Task.Delay(TimeSpan.FromSeconds(1)); // anything matching said late has arrived
        Assert.Equal(ids.Count, await platform.Number("micic_requests",
            $"SELECT count(*) FROM evacuation_request WHERE id IN ({InList(ids)}) AND status = 'cancelled'"));
    }

    [Fact]
    public async Task Only_the_owner_or_a_coordinator_may_cancel_and_a_reason_is_required()
    {
        using var unhcr = await Unhcr();
        using var icrc = await Icrc();
        using var bangladesh = await platform.LoginAs("consulate-bgd", "dev-bgd-secret");
        using var coordinator = await platform.Coordinator();
        var id = Ids(await Imported(unhcr, Requests.CsvContent(Requests.Csv(',', Requests.CsvPerson("a", "Amina", Marker())))))[0];

        IsProblem(HttpStatusCode.NotFound, await Cancel(icrc, id, "Not mine."));
        Assert.Equal(HttpStatusCode.NotFound, (await Cancel(unhcr, Guid.NewGuid(), "No such request.")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await Cancel(bangladesh, id, "A consulate does not withdraw requests.")).StatusCode);
        foreach (var body in new object[] { new { }, new { reason = "" }, new { reason = new string('x', 501) } })
        {
            var response = await unhcr.PostAsJsonAsync($"/api/requests/{id}/cancel", body);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.True((await Errors(response)).TryGetProperty("reason", out _));
        }
        Assert.NotEqual("cancelled", (await unhcr.GetFromJsonAsync<JsonElement>($"/api/requests/{id}")).GetProperty("status").GetString());

        Assert.Equal(HttpStatusCode.Accepted, (await Cancel(coordinator, id, "Duplicate of another request.")).StatusCode);
    }

    async Task<JsonElement> Imported(HttpClient client, HttpContent csv)
    {
        var response = await client.PostAsync(Import, csv);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"import answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    static List<Guid> Ids(JsonElement answer) => answer.GetProperty("requests").EnumerateArray().Select(id => id.GetGuid()).ToList();

    static Task<HttpResponseMessage> Send(HttpClient client, string key, string csv)
    {
        var message = new HttpRequestMessage(HttpMethod.Post, Import) { Content = Requests.CsvContent(csv) };
        message.Headers.Add("Idempotency-Key", key);
        return client.SendAsync(message);
    }

    static Task<HttpResponseMessage> Cancel(HttpClient client, Guid id, string reason) =>
        client.PostAsJsonAsync($"/api/requests/{id}/cancel", new { reason });

    static Task<JsonElement> List(HttpClient client, string query) => client.GetFromJsonAsync<JsonElement>(query);

    /// <summary>Which of the given requests a list shows, in its order.</summary>
    static List<Guid> Listed(JsonElement page, params Guid[] among) =>
        page.GetProperty("items").EnumerateArray().Select(item => item.GetProperty("id").GetGuid()).Where(among.Contains).ToList();

    static void IsProblem(HttpStatusCode status, HttpResponseMessage response)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal(ProblemJson, response.Content.Headers.ContentType?.MediaType);
    }

    /// <summary>The field errors of a 400 problem.</summary>
    static async Task<JsonElement> Errors(HttpResponseMessage response)
    {
        IsProblem(HttpStatusCode.BadRequest, response);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
    }

    /// <summary>A family name no other test uses, to find (or not find) a file's people in the database.</summary>
    static string Marker() => $"Test{Guid.NewGuid():N}";

    Task<int> StoredPeople(string familyName) => platform.Number("micic_requests", $"SELECT count(*) FROM person WHERE family_name = '{familyName}'");

    Task<int> SagaCount(IEnumerable<Guid> ids, string state) =>
        platform.Number("micic_matching", $"SELECT count(*) FROM evacuation_saga WHERE correlation_id IN ({InList(ids)}) AND current_state = '{state}'");

    static string InList(IEnumerable<Guid> ids) => string.Join(",", ids.Select(id => $"'{id}'"));
}
