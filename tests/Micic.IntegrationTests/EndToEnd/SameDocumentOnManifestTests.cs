using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Micic.IntegrationTests.Infrastructure;
using Micic.ServiceDefaults.Documents;
using static Micic.IntegrationTests.Infrastructure.Answers;

namespace Micic.IntegrationTests.EndToEnd;

/// <summary>
/// A family registered twice — by UNHCR's desk in JSON, then by the Red Crescent's in a CSV file, the passport number
/// typed differently — is matched twice onto the same charter to Bamako. The manifest never holds that passport twice
/// without the carrier being told: on the manifest, in its exports, on the printed list, and coordinators are alerted.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class SameDocumentOnManifestTests(Platform platform)
{
    // No other test takes people from Tripoli's airport to Mali; Mali's consulate, unlike Chad's and Sudan's, is revoked by none.
    static object Charter() => new
    {
        crisisId = "libya-2011", provider = "IOM charter to Bamako", mode = "air", fromPlace = "LY-TIP-AIRPORT", toPlace = "ML-BKO-AIRPORT",
        destinationCountry = "MLI", departsAt = DateTimeOffset.UtcNow.AddHours(10), seats = 6,
        eligibility = new { nationalities = new[] { "MLI" }, familyMembersOfAnyNationality = true, acceptsMedical = true, acceptsUnaccompaniedChildren = false },
    };

    static object Person(string givenName, string familyName, string nationality, string number) => new
    {
        givenName, familyName, sex = "M", age = 41, nationality, document = new { kind = "passport", number }, needs = Array.Empty<string>(),
    };

    static object Group(bool consent, params object[] people) => new
    {
        crisisId = "libya-2011", pickupPlace = "LY-TIP-AIRPORT", destinationCountry = "MLI", acceptsThirdCountry = false,
        consentToShareWithConsulate = consent, people,
    };

    static async Task<JsonElement> Manifest(HttpClient client, Guid id) => await Ok(await client.GetAsync($"/api/manifests/{id}"));

    static IReadOnlyList<JsonElement> Warnings(JsonElement manifest) => manifest.GetProperty("warnings").EnumerateArray().ToList();

    static Guid[] Ids(JsonElement warning, string property) => warning.GetProperty(property).EnumerateArray().Select(id => id.GetGuid()).Order().ToArray();

    /// <summary>The CSV's rows under its header, each as its cells (no cell here holds a comma), with the row a spreadsheet numbers it.</summary>
    static async Task<IReadOnlyList<(int Row, string[] Cells)>> Csv(HttpClient client, Guid manifestId)
    {
        var lines = Encoding.UTF8.GetString((await client.GetByteArrayAsync($"/api/manifests/{manifestId}/passengers.csv"))[3..])
            .Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("warning", lines[0].Split(',')[^1]);
        return lines[1..].Select((line, index) => (index + 2, line.Split(','))).ToList();
    }

    [Fact]
    public async Task The_same_passport_twice_on_a_manifest_is_a_warning_to_the_carrier_in_every_copy_and_an_alert_to_coordinators()
    {
        using var carrier = await platform.LoginAs("iom-movements", "dev-iom-movements-secret");
        using var unhcr = await platform.LoginAs("unhcr-field", "dev-unhcr-secret");
        using var redCrescent = await platform.LoginAs("redcrescent-intake", "dev-redcrescent-secret");
        using var mali = await platform.LoginAs("consulate-mli", "dev-mli-secret");
        using var niger = await platform.LoginAs("consulate-ner", "dev-ner-secret");
        using var iom = await platform.Coordinator();

        var offer = (await Ok(await carrier.PostAsJsonAsync("/api/offers", Charter()))).GetProperty("id").GetGuid();
        // Abakar's family at UNHCR's desk; a Malian woman travelling with a Nigerien whose passport number happens to be
        // Abakar's — another State's passport, so another document.
        var abakar = (await Ok(await unhcr.PostAsJsonAsync("/api/requests", Group(true, Person("Abakar", "Mahamat", "MLI", "TD 0451-772")))))
            .GetProperty("id").GetGuid();
        var fatime = (await Ok(await unhcr.PostAsJsonAsync("/api/requests",
            Group(true, Person("Fatimé", "Ali", "MLI", "TD1200001"), Person("Moussa", "Issa", "NER", "TD0451772"))))).GetProperty("id").GetGuid();

        var manifest = await Manifests.WithEveryoneOn(carrier, offer, people: 3);
        var manifestId = manifest.GetProperty("id").GetGuid();
        Assert.Empty(Warnings(manifest));
        Assert.Empty(Warnings(await Manifest(iom, manifestId)));
        Assert.All(await Csv(carrier, manifestId), row => Assert.Equal("", row.Cells[^1]));
        Assert.DoesNotContain("same travel document", Documents.Text(await Documents.Download(
            await carrier.GetAsync($"/api/manifests/{manifestId}/passengers.pdf"), "application/pdf")));

        // The Red Crescent registers Abakar again from its own list, his passport typed its way; and Fatimé is registered
        // again by a desk whose form did not ask for consent to share with her consulate.
        var import = await Ok(await redCrescent.PostAsync("/api/requests/import", Requests.CsvContent(Requests.Csv(',',
            ["r1", "libya-2011", "LY-TIP-AIRPORT", "MLI", "no", "yes", "Abakar", "Mahamat", "M", "41", "MLI", "passport", "td0451772.", ""]))));
        var abakarAgain = Assert.Single(import.GetProperty("requests").EnumerateArray()).GetGuid();
        var fatimeAgain = (await Ok(await unhcr.PostAsJsonAsync("/api/requests", Group(false, Person("Fatimé", "Ali", "MLI", "td-1200001")))))
            .GetProperty("id").GetGuid();

        manifest = await Manifests.WithEveryoneOn(carrier, offer, people: 5);
        var passengers = manifest.GetProperty("passengers").EnumerateArray().ToList();
        Guid[] PeopleOf(params Guid[] requests) => passengers.Where(p => requests.Contains(p.GetProperty("requestId").GetGuid()))
            .Where(p => p.GetProperty("nationality").GetString() == "MLI").Select(p => p.GetProperty("personId").GetGuid()).Order().ToArray();
        var moussa = passengers.Single(p => p.GetProperty("givenName").GetString() == "Moussa").GetProperty("personId").GetGuid();

        // The carrier and coordinators: both documents carried twice, by whom and from which requests — never the number.
        foreach (var view in new[] { manifest, await Manifest(iom, manifestId) })
        {
            var warnings = Warnings(view);
            Assert.Equal(2, warnings.Count);
            Assert.All(warnings, warning => Assert.Equal("same-document", warning.GetProperty("kind").GetString()));
            var twice = warnings.Single(w => Ids(w, "requestIds").Contains(abakar));
            Assert.Equal(PeopleOf(abakar, abakarAgain), Ids(twice, "personIds"));
            Assert.Equal(new[] { abakar, abakarAgain }.Order(), Ids(twice, "requestIds"));
            var hers = warnings.Single(w => Ids(w, "requestIds").Contains(fatime));
            Assert.Equal(PeopleOf(fatime, fatimeAgain), Ids(hers, "personIds"));
            Assert.DoesNotContain(warnings, w => Ids(w, "personIds").Contains(moussa));
            var said = view.GetProperty("warnings").GetRawText();
            Assert.DoesNotContain("0451772", said);
            Assert.DoesNotContain("1200001", said);
        }

        // Mali's consulate sees its nationals who consented: warned of Abakar's passport, told nothing of Fatimé's second
        // registration, which did not consent. Niger's sees Moussa, and no warning.
        var consular = await Manifest(mali, manifestId);
        Assert.Equal(3, consular.GetProperty("passengers").GetArrayLength());
        Assert.Equal(PeopleOf(abakar, abakarAgain), Ids(Assert.Single(Warnings(consular)), "personIds"));
        var nigerien = await Manifest(niger, manifestId);
        Assert.Equal([moussa], nigerien.GetProperty("passengers").EnumerateArray().Select(p => p.GetProperty("personId").GetGuid()));
        Assert.Empty(Warnings(nigerien));

        // The carrier's spreadsheet: each of the four rows points at the row of the other holder, by number and name.
        var rows = await Csv(carrier, manifestId);
        Assert.Equal(5, rows.Count);
        foreach (var (row, cells) in rows)
        {
            var personId = Guid.Parse(cells[0]);
            if (personId == moussa)
            {
                Assert.Equal("", cells[^1]);
                continue;
            }
            var other = rows.Single(r => r.Row != row && r.Cells[2] == cells[2] && r.Cells[3] == cells[3]);
            Assert.Equal($"same document as row {other.Row} ({cells[3]} {cells[2]})", cells[^1]);
        }
        var consularRows = await Csv(mali, manifestId);
        Assert.Equal(2, consularRows.Count(r => r.Cells[^1].StartsWith("same document as row ")));
        Assert.Equal("", consularRows.Single(r => r.Cells[3] == "Fatimé").Cells[^1]);

        // The workbook says it beside each holder, and counts the documents carried twice.
        var workbook = await Documents.Download(await carrier.GetAsync($"/api/manifests/{manifestId}/passengers.xlsx"), Workbook.ContentType);
        var lines = Documents.Sheet(workbook, "Passengers");
        Assert.Equal(4, lines.Count(line => ((string?)line["Warning"])?.StartsWith("same document as No. ") == true));
        Assert.Null(lines.Single(line => (string?)line["Given name"] == "Moussa")["Warning"]);
        Assert.Equal(2d, Documents.Sheet(workbook, "Movement").Single(row => (string?)row["Item"] == "Documents carried by more than one passenger")["Value"]);

        // The printed list: a warning above it, and beside each of the four rows.
        var printed = await Documents.Download(await carrier.GetAsync($"/api/manifests/{manifestId}/passengers.pdf"), "application/pdf");
        Assert.NotEmpty(Documents.Pictures(printed, "manifest-same-document-carrier"));
        var text = Documents.Text(printed);
        Assert.Contains("Warning: the same travel document appears more than once on this manifest", text);
        Assert.Equal(2, text.Split("carry the same document").Length - 1);
        Assert.Equal(4, text.Split("same document as No.").Length - 1);
        var consularPrint = await Documents.Download(await mali.GetAsync($"/api/manifests/{manifestId}/passengers.pdf"), "application/pdf");
        Assert.NotEmpty(Documents.Pictures(consularPrint, "manifest-same-document-consulate"));
        var consularText = Documents.Text(consularPrint);
        Assert.Equal(1, consularText.Split("carry the same document").Length - 1);
        Assert.Equal(2, consularText.Split("same document as No.").Length - 1);
        Assert.DoesNotContain("same travel document", Documents.Text(await Documents.Download(
            await niger.GetAsync($"/api/manifests/{manifestId}/passengers.pdf"), "application/pdf")));

        // Coordinators were alerted as it happened, once for each document, with ids and counts and nothing of the people.
        var summary = await Eventually.Get(() => iom.GetFromJsonAsync<JsonElement>("/api/dashboard/summary"),
            s => s.GetProperty("alerts").EnumerateArray().Count(a => a.GetProperty("kind").GetString() == "same-document"
                && a.GetProperty("message").GetString()!.Contains(manifestId.ToString())) == 2,
            TimeSpan.FromMinutes(1), "an alert for each document carried twice");
        var alert = summary.GetProperty("alerts").EnumerateArray().First(a => a.GetProperty("message").GetString()!.Contains(manifestId.ToString()));
        Assert.Contains("holds the same document for 2 people of 2 request(s)", alert.GetProperty("message").GetString());
        Assert.Contains("LY-TIP-AIRPORT → ML-BKO-AIRPORT", alert.GetProperty("message").GetString());
        var announced = await platform.Rows("micic_dashboard",
            $"SELECT body::text FROM projected_event WHERE kind = 'ManifestHoldsSameDocument' AND body ->> 'manifestId' = '{manifestId}'",
            reader => reader.GetString(0));
        Assert.Equal(2, announced.Count);
        foreach (var said in new[] { "0451772", "1200001", "Abakar", "Fatim", "Mahamat" })
            Assert.All(announced, body => Assert.DoesNotContain(said, body, StringComparison.OrdinalIgnoreCase));

        // Abakar's second registration is cancelled (as a merge does): his passport is on the manifest once, and the warning goes.
        await Ok(await redCrescent.PostAsJsonAsync($"/api/requests/{abakarAgain}/cancel", new { reason = "registered twice; UNHCR's request keeps him" }));
        var after = await Eventually.Get(() => Manifest(carrier, manifestId),
            view => view.GetProperty("passengers").GetArrayLength() == 4, TimeSpan.FromMinutes(1), "Abakar's second registration to leave the manifest");
        Assert.Equal(PeopleOf(fatime, fatimeAgain), Ids(Assert.Single(Warnings(after)), "personIds"));
    }
}
