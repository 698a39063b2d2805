using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Micic.IntegrationTests.Infrastructure;
using Micic.ServiceDefaults.Documents;

namespace Micic.IntegrationTests.EndToEnd;

/// <summary>
/// A bus from Zuwara to the Ras Ajdir border: manifest, laissez-passer, closing, boarding with a no-show who is
/// matched again on their own, the passenger export, departure — and who may see what on the way.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class ManifestsTests(Platform platform)
{
    static object Person(string givenName, string nationality, string documentKind = "passport", string? number = "P7654321", string familyName = "Hossain") => new
    {
        givenName, familyName, sex = "M", age = 40, nationality,
        document = new { kind = documentKind, number = documentKind == "none" ? null : number }, needs = Array.Empty<string>(),
    };

    static object Group(bool consent, params object[] people) => new
    {
        crisisId = "libya-2011", pickupPlace = "LY-ZUWARA", destinationCountry = "TUN", acceptsThirdCountry = false,
        consentToShareWithConsulate = consent, people,
    };

    static object Bus(int seats, double departsInHours) => new
    {
        crisisId = "libya-2011", provider = "Hellenic Ferries road service", mode = "land", fromPlace = "LY-ZUWARA", toPlace = "TN-RAS-AJDIR",
        destinationCountry = "TUN", departsAt = DateTimeOffset.UtcNow.AddHours(departsInHours), seats,
        eligibility = new { familyMembersOfAnyNationality = false, acceptsMedical = true, acceptsUnaccompaniedChildren = true },
    };

    static async Task<Guid> Id(HttpResponseMessage response)
    {
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    [Fact]
    public async Task A_movement_is_manifested_documented_boarded_and_departed_and_each_party_sees_only_its_share()
    {
        using var ferries = await platform.LoginAs("hellenic-ferries", "dev-ferries-secret");
        using var egyptair = await platform.LoginAs("egyptair-charter", "dev-egyptair-secret");
        using var unhcr = await platform.LoginAs("unhcr-field", "dev-unhcr-secret");
        using var bgd = await platform.LoginAs("consulate-bgd", "dev-bgd-secret");
        using var iom = await platform.Coordinator();

        var offer = await Id(await ferries.PostAsJsonAsync("/api/offers", Bus(seats: 10, departsInHours: 6)));
        var family = await Id(await unhcr.PostAsJsonAsync("/api/requests", Group(true, Person("محمد", "BGD", familyName: "السلامي"), Person("Rafiq", "BGD", "none"))));
        var egyptian = await Id(await unhcr.PostAsJsonAsync("/api/requests", Group(true, Person("Ahmed", "EGY"))));
        var private_ = await Id(await unhcr.PostAsJsonAsync("/api/requests", Group(false, Person("Karim", "BGD"))));
        Guid[] groups = [family, egyptian, private_];
        await Eventually.Get(() => platform.SagasIn(groups, "Matched"), matched => matched == 3, TimeSpan.FromMinutes(1), "the three groups to be matched");

        var manifest = await Manifests.WithEveryoneOn(ferries, offer, people: 4);
        var manifestId = manifest.GetProperty("id").GetGuid();
        var passengers = manifest.GetProperty("passengers").EnumerateArray().ToList();
        Guid PersonNamed(string name) => passengers.Single(p => p.GetProperty("givenName").GetString() == name).GetProperty("personId").GetGuid();

        // محمد and Karim were registered with the same Bangladeshi passport (Ahmed's number is Egypt's): the carrier is warned.
        var warning = Assert.Single(manifest.GetProperty("warnings").EnumerateArray());
        Assert.Equal(new[] { PersonNamed("محمد"), PersonNamed("Karim") }.Order(), warning.GetProperty("personIds").EnumerateArray().Select(id => id.GetGuid()).Order());

        // Scope: the Bangladeshi consulate sees its nationals in the group that consented, and counts the rest; Karim's group
        // did not consent, so it is told nothing of his passport.
        var consular = await bgd.GetFromJsonAsync<JsonElement>($"/api/manifests/{manifestId}");
        Assert.Empty(consular.GetProperty("warnings").EnumerateArray());
        Assert.Equal(["Rafiq", "محمد"], consular.GetProperty("passengers").EnumerateArray().Select(p => p.GetProperty("givenName").GetString()).Order());
        Assert.Equal(2, consular.GetProperty("otherPassengers").GetInt32());
        Assert.Equal(HttpStatusCode.NotFound, (await bgd.PostAsJsonAsync($"/api/manifests/{manifestId}/travel-documents",
            new { personId = PersonNamed("Ahmed"), kind = "laissez-passer", number = "LP-1" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await bgd.PostAsJsonAsync($"/api/manifests/{manifestId}/travel-documents",
            new { personId = PersonNamed("Karim"), kind = "laissez-passer", number = "LP-1" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await egyptair.GetAsync($"/api/manifests/{manifestId}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await ferries.PostAsJsonAsync($"/api/manifests/{manifestId}/travel-documents",
            new { personId = PersonNamed("Rafiq"), kind = "laissez-passer", number = "LP-1" })).StatusCode);

        // Rafiq has no document: the manifest cannot close until his consulate issues a laissez-passer.
        var early = await ferries.PostAsync($"/api/manifests/{manifestId}/close", null);
        Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);
        Assert.Contains(PersonNamed("Rafiq").ToString(), (await early.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, (await bgd.PostAsJsonAsync($"/api/manifests/{manifestId}/travel-documents",
            new { personId = PersonNamed("Rafiq"), kind = "visa", number = "" })).StatusCode);
        var issued = await bgd.PostAsJsonAsync($"/api/manifests/{manifestId}/travel-documents",
            new { personId = PersonNamed("Rafiq"), kind = "laissez-passer", number = "BGD-LP-2011-0042" });
        Assert.Equal(HttpStatusCode.OK, issued.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await ferries.PostAsJsonAsync($"/api/manifests/{manifestId}/boarding",
            new { personId = PersonNamed("Rafiq"), status = "boarded" })).StatusCode); // not closed yet

        Assert.Equal(HttpStatusCode.OK, (await ferries.PostAsync($"/api/manifests/{manifestId}/close", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await ferries.PostAsync($"/api/manifests/{manifestId}/close", null)).StatusCode);
        await Eventually.Get(() => platform.SagasIn(groups, "Manifested"), count => count == 3, what: "the groups to be manifested");
        await Eventually.Get(() => platform.Number("micic_offers", $"SELECT count(*) FROM offer WHERE id = '{offer}' AND status = 'closed'"), closed => closed == 1,
            what: "the offer to close to new holds");

        // Boarding: everyone but Ahmed, who does not show up.
        foreach (var name in new[] { "محمد", "Rafiq", "Karim" })
            Assert.Equal(HttpStatusCode.OK, (await ferries.PostAsJsonAsync($"/api/manifests/{manifestId}/boarding", new { personId = PersonNamed(name), status = "boarded" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await ferries.PostAsJsonAsync($"/api/manifests/{manifestId}/boarding", new { personId = PersonNamed("Ahmed"), status = "no-show" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await ferries.PostAsJsonAsync($"/api/manifests/{manifestId}/boarding", new { personId = PersonNamed("Ahmed"), status = "asleep" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await ferries.PostAsJsonAsync($"/api/manifests/{manifestId}/boarding", new { personId = Guid.NewGuid(), status = "boarded" })).StatusCode);

        // The export carriers and border officials open: BOM, header, names in Arabic script intact, the laissez-passer.
        var csv = await ferries.GetAsync($"/api/manifests/{manifestId}/passengers.csv");
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        var bytes = await csv.Content.ReadAsByteArrayAsync();
        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("personId,requestId,familyName,givenName,nationality,documentKind,documentNumber,documentExpiresOn,travelDocumentKind,travelDocumentNumber,boarding,warning", lines[0]);
        Assert.Equal(5, lines.Length);
        Assert.Contains(lines, line => line.Contains(",محمد,BGD,passport,P7654321,"));
        Assert.Contains(lines, line => line.Contains(",Rafiq,BGD,none,,,laissez-passer,BGD-LP-2011-0042,boarded"));

        // The same list filed as a workbook and printed for the gate: what the JSON shows, families together, names as typed.
        var xlsx = await Documents.Download(await ferries.GetAsync($"/api/manifests/{manifestId}/passengers.xlsx"), Workbook.ContentType);
        Assert.Equal(["Passengers", "Movement"], Documents.SheetNames(xlsx));
        Assert.True(Documents.HeaderFrozen(xlsx, "Passengers"));
        var rows = Documents.Sheet(xlsx, "Passengers");
        Assert.Equal(4, rows.Count);
        Assert.Equal([1d, 2d, 3d, 4d], rows.Select(row => row["No."]));
        var mohammed = rows.Single(row => (string?)row["Given name"] == "محمد");
        Assert.Equal("السلامي", mohammed["Family name"]);
        var rafiq = rows.Single(row => (string?)row["Given name"] == "Rafiq");
        Assert.Equal(mohammed["Group"], rafiq["Group"]); // a family is listed together
        Assert.Equal(("BGD-LP-2011-0042", "boarded"), (rafiq["Travel document number"], rafiq["Boarding"]));
        var movement = Documents.Sheet(xlsx, "Movement").ToDictionary(row => (string)row["Item"]!, row => row["Value"]);
        Assert.IsType<DateTime>(movement["Departs at (UTC)"]);
        Assert.Equal(4d, movement["Total passengers"]);

        var carrierPdf = await Documents.Download(await ferries.GetAsync($"/api/manifests/{manifestId}/passengers.pdf"), "application/pdf");
        Assert.NotEmpty(Documents.Pictures(carrierPdf, "manifest-carrier"));
        var printed = Documents.Text(carrierPdf);
        foreach (var typed in new[] { "السلامي", "محمد", "Rafiq", "Ahmed", "Karim", "BGD-LP-2011-0042", "Zuwara" })
            Assert.Contains(typed, printed);

        // The consulate's copy lists its nationals who consented, and counts the others without naming them.
        var consularPdf = await Documents.Download(await bgd.GetAsync($"/api/manifests/{manifestId}/passengers.pdf"), "application/pdf");
        Documents.Pictures(consularPdf, "manifest-consulate");
        var consularText = Documents.Text(consularPdf);
        Assert.Contains("السلامي", consularText);
        Assert.Contains("2 not shown", consularText);
        Assert.DoesNotContain("Ahmed", consularText);
        Assert.DoesNotContain("Karim", consularText);
        Assert.Equal(2, Documents.Sheet(await Documents.Download(await bgd.GetAsync($"/api/manifests/{manifestId}/passengers.xlsx"), Workbook.ContentType),
            "Passengers").Count);
        Assert.Equal(HttpStatusCode.NotFound, (await egyptair.GetAsync($"/api/manifests/{manifestId}/passengers.pdf")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await egyptair.GetAsync($"/api/manifests/{manifestId}/passengers.xlsx")).StatusCode);

        // Ahmed goes back to matching on his own request, keeping his submission time; a later bus takes him.
        var ahmed = PersonNamed("Ahmed");
        var alone = await Eventually.Get(() => platform.Text("micic_requests", $"SELECT request_id::text FROM person WHERE id = '{ahmed}'"),
            request => request is not null && request != egyptian.ToString(), what: "Ahmed to get a request of his own");
        var aloneId = Guid.Parse(alone!);
        await Eventually.Get(() => platform.SagasIn([aloneId], "Pending"), count => count == 1, what: "Ahmed's new request to wait for a seat");
        async Task<DateTimeOffset> SubmittedAt(Guid request) => DateTimeOffset.Parse(
            (await platform.Text("micic_matching", $"SELECT data ->> 'SubmittedAt' FROM evacuation_saga WHERE correlation_id = '{request}'"))!);
        Assert.True((await SubmittedAt(egyptian) - await SubmittedAt(aloneId)).Duration() < TimeSpan.FromMilliseconds(1)); // stored to the microsecond
        var later = await Id(await ferries.PostAsJsonAsync("/api/offers", Bus(seats: 10, departsInHours: 30)));
        await Eventually.Get(() => platform.SagasIn([aloneId], "Matched"), count => count == 1, what: "Ahmed to be matched on the later bus");
        Assert.Equal(9, (await iom.GetFromJsonAsync<JsonElement>($"/api/offers/{later}")).GetProperty("seatsAvailable").GetInt32());

        // Departure.
        Assert.Equal(HttpStatusCode.BadRequest, (await ferries.PostAsJsonAsync($"/api/manifests/{manifestId}/depart", new { departedAt = DateTimeOffset.UtcNow.AddDays(1) })).StatusCode);
        // A movement cannot have left before boarding began.
        Assert.Equal(HttpStatusCode.BadRequest, (await ferries.PostAsJsonAsync($"/api/manifests/{manifestId}/depart", new { departedAt = DateTimeOffset.UtcNow.AddHours(-2) })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await ferries.PostAsJsonAsync($"/api/manifests/{manifestId}/depart", new { departedAt = DateTimeOffset.UtcNow })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await ferries.PostAsJsonAsync($"/api/manifests/{manifestId}/depart", new { departedAt = DateTimeOffset.UtcNow })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await ferries.PostAsJsonAsync($"/api/manifests/{manifestId}/boarding", new { personId = PersonNamed("Karim"), status = "no-show" })).StatusCode);
        await Eventually.Get(() => platform.SagasIn([family, private_], "Departed"), count => count == 2, what: "the groups on board to have departed");
        await Eventually.Get(() => platform.SagasIn([egyptian], "Cancelled"), count => count == 1, what: "Ahmed's old, now empty, group to be closed");
        var status = await Eventually.Get(() => unhcr.GetFromJsonAsync<JsonElement>($"/api/requests/{family}"),
            request => request.GetProperty("status").GetString() == "departed", what: "the family's request to show departed");
        Assert.Contains(status.GetProperty("history").EnumerateArray(), step => step.GetProperty("status").GetString() == "manifested");
    }

    /// <summary>
    /// The Philippines' consulate also charters a flight home: as its carrier it sees everyone on board, but it documents
    /// only its own nationals — a Pakistani husband's laissez-passer is for Pakistan's consulate, and nothing is stored.
    /// </summary>
    [Fact]
    public async Task A_consulate_that_is_also_the_carrier_documents_only_its_own_nationals()
    {
        using var philippines = await platform.LoginAs("consulate-phl", "dev-phl-secret");
        using var unhcr = await platform.LoginAs("unhcr-field", "dev-unhcr-secret");

        // A departure place and seats of their own, so that no other test's group takes these seats or this group theirs.
        var offer = await Id(await philippines.PostAsJsonAsync("/api/offers", new
        {
            crisisId = "libya-2011", provider = "Philippine Airlines charter", mode = "air", fromPlace = "LY-TIP-AIRPORT", toPlace = "PH-MNL-AIRPORT",
            destinationCountry = "PHL", departsAt = DateTimeOffset.UtcNow.AddHours(8), seats = 2,
            eligibility = new { nationalities = new[] { "PHL" }, familyMembersOfAnyNationality = true, acceptsMedical = true, acceptsUnaccompaniedChildren = false },
        }));
        var family = await Id(await unhcr.PostAsJsonAsync("/api/requests", new
        {
            crisisId = "libya-2011", pickupPlace = "LY-TIP-AIRPORT", destinationCountry = "PHL", acceptsThirdCountry = false,
            consentToShareWithConsulate = true, people = new[] { Person("Maria", "PHL", "none", familyName: "Santos"), Person("Imran", "PAK", "none", familyName: "Khalid") },
        }));
        await Eventually.Get(() => platform.SagasIn([family], "Matched"), matched => matched == 1, TimeSpan.FromMinutes(1), "the family to be matched");

        var manifest = await Manifests.WithEveryoneOn(philippines, offer, people: 2);
        var manifestId = manifest.GetProperty("id").GetGuid();
        Guid PersonNamed(string name) => manifest.GetProperty("passengers").EnumerateArray()
            .Single(p => p.GetProperty("givenName").GetString() == name).GetProperty("personId").GetGuid();

        var refused = await philippines.PostAsJsonAsync($"/api/manifests/{manifestId}/travel-documents",
            new { personId = PersonNamed("Imran"), kind = "laissez-passer", number = "PHL-LP-0001" });
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Equal(0, await platform.Number("micic_manifests",
            $"SELECT count(*) FROM passenger WHERE manifest_id = '{manifestId}' AND travel_document_number IS NOT NULL"));

        Assert.Equal(HttpStatusCode.OK, (await philippines.PostAsJsonAsync($"/api/manifests/{manifestId}/travel-documents",
            new { personId = PersonNamed("Maria"), kind = "laissez-passer", number = "PHL-LP-0002" })).StatusCode);
        Assert.Equal(1, await platform.Number("micic_manifests",
            $"SELECT count(*) FROM passenger WHERE manifest_id = '{manifestId}' AND travel_document_number = 'PHL-LP-0002' AND person_id = '{PersonNamed("Maria")}'"));

        // Pakistan's consulate documents Imran; he does not board. The family's history says so to those who see him,
        // and nothing of him to the Philippines' consulate, which sees Maria.
        using var pakistan = await platform.LoginAs("consulate-pak", "dev-pak-secret");
        Assert.Equal(HttpStatusCode.OK, (await pakistan.PostAsJsonAsync($"/api/manifests/{manifestId}/travel-documents",
            new { personId = PersonNamed("Imran"), kind = "laissez-passer", number = "PAK-LP-0001" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await philippines.PostAsync($"/api/manifests/{manifestId}/close", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await philippines.PostAsJsonAsync($"/api/manifests/{manifestId}/boarding", new { personId = PersonNamed("Maria"), status = "boarded" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await philippines.PostAsJsonAsync($"/api/manifests/{manifestId}/boarding", new { personId = PersonNamed("Imran"), status = "no-show" })).StatusCode);
        static bool SaysWhoDidNotBoard(JsonElement request) =>
            request.GetProperty("history").EnumerateArray().Any(line => line.TryGetProperty("reason", out var reason) && reason.GetString()!.Contains("did not board"));
        await Eventually.Get(() => unhcr.GetFromJsonAsync<JsonElement>($"/api/requests/{family}"), SaysWhoDidNotBoard,
            what: "the family's history to say that Imran did not board");
        var consular = await philippines.GetFromJsonAsync<JsonElement>($"/api/requests/{family}");
        Assert.Equal(["Maria"], consular.GetProperty("people").EnumerateArray().Select(p => p.GetProperty("givenName").GetString()));
        Assert.False(SaysWhoDidNotBoard(consular), consular.GetProperty("history").ToString());
        Assert.NotEmpty(consular.GetProperty("history").EnumerateArray()); // the group's own steps stay
    }
}
