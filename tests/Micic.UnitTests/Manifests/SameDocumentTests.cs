using System.Security.Claims;
using System.Text;
using Micic.Manifests.Apis;
using Micic.Manifests.Application;
using Micic.Manifests.Domain;
using Micic.ServiceDefaults.Auth;
using static Micic.UnitTests.TestUsers;

namespace Micic.UnitTests.Manifests;

/// <summary>A manifest never holds the same document twice without the carrier being told.</summary>
public class SameDocumentTests
{
    static readonly DateTimeOffset DepartsAt = new(2011, 3, 5, 8, 0, 0, TimeSpan.Zero);

    static Passenger Holder(string given, string nationality, string? number, string kind = "passport", bool consent = true, Guid? request = null) =>
        new(Guid.NewGuid(), request ?? Guid.NewGuid(), given, "Mahamat", nationality, kind, number, null, null, null, Boarding.Expected, consent, "TCD");

    static Manifest Manifest(params Passenger[] passengers) =>
        new(Guid.NewGuid(), Guid.NewGuid(), "iom-movements", "libya-2011", "air", "LY-TIP-AIRPORT", "TD-NDJ-AIRPORT", "TCD", DepartsAt,
            ManifestStatus.Open, null, passengers);

    static ManifestSight SightOf(Manifest manifest, ClaimsPrincipal user) => new(manifest, manifest.PassengersVisibleTo(user));

    [Theory]
    [InlineData("TD0451772", "TD0451772")]
    [InlineData("TD 0451-772", "td0451772.")]
    [InlineData("T.D. 045 177 2", "td-0451772")]
    [InlineData("TD٠٤٥١٧٧٢", "TD0451772")] // digits typed on an Arabic keyboard
    [InlineData("ＴＤ０４５１７７２", "TD0451772")] // at full width
    public void The_same_number_as_desks_type_it_of_the_same_kind_and_nationality_is_the_same_document(string one, string other)
    {
        var first = Holder("Abakar", "TCD", one);
        var second = Holder("Abakar", "tcd", other);

        var warning = Assert.Single(SameDocument.Among([first, Holder("Fatimé", "TCD", "TD1200001"), second]));
        Assert.Equal([first.PersonId, second.PersonId], warning.PersonIds);
        Assert.Equal([first.RequestId, second.RequestId], warning.RequestIds);
    }

    [Fact]
    public void Another_nationality_or_another_kind_of_document_with_the_same_number_is_another_document()
    {
        Assert.Empty(SameDocument.Among([Holder("Abakar", "TCD", "TD0451772"), Holder("Moussa", "NER", "TD0451772")]));
        Assert.Empty(SameDocument.Among([Holder("Abakar", "TCD", "0451772"), Holder("Abakar", "TCD", "0451772", kind: "national-id")]));
        Assert.Empty(SameDocument.Among([Holder("Abakar", "TCD", "TD0451772"), Holder("Abakar", "TCD", "TD0451773")]));
    }

    [Fact]
    public void A_person_without_a_document_or_without_a_number_never_counts()
    {
        Assert.Empty(SameDocument.Among([Holder("A", "TCD", null, kind: "none"), Holder("B", "TCD", null, kind: "none")]));
        Assert.Empty(SameDocument.Among([Holder("A", "TCD", "TD1", kind: "none"), Holder("B", "TCD", "TD1", kind: "none")]));
        Assert.Empty(SameDocument.Among([Holder("A", "TCD", null), Holder("B", "TCD", null)]));
        Assert.Empty(SameDocument.Among([Holder("A", "TCD", " -. "), Holder("B", "TCD", "..")]));
        Assert.False(SameDocument.Counts("none", "TD1"));
        Assert.False(SameDocument.Counts("passport", " - "));
        Assert.True(SameDocument.Counts("passport", "TD1"));
    }

    [Fact]
    public void Every_holder_of_a_document_is_in_its_one_warning_and_each_document_has_its_own()
    {
        var family = Guid.NewGuid();
        var (a, b, c) = (Holder("A", "TCD", "TD1", request: family), Holder("B", "TCD", "td-1", request: family), Holder("C", "TCD", "TD 1"));
        var (d, e) = (Holder("D", "SDN", "S9"), Holder("E", "SDN", "s9"));

        var warnings = SameDocument.Among([a, d, b, c, e, Holder("F", "SDN", "S8")]);

        Assert.Equal(2, warnings.Count);
        Assert.Equal([a.PersonId, b.PersonId, c.PersonId], warnings[0].PersonIds);
        Assert.Equal([family, c.RequestId], warnings[0].RequestIds); // a family that typed one passport twice is warned too
        Assert.Equal([d.PersonId, e.PersonId], warnings[1].PersonIds);
        Assert.True(warnings[0].SamePeopleAs(warnings[0] with { PersonIds = [c.PersonId, a.PersonId, b.PersonId] }));
        Assert.False(warnings[0].SamePeopleAs(warnings[0] with { PersonIds = [a.PersonId, b.PersonId] }));
        Assert.Equal([b.PersonId, c.PersonId], SameDocument.OthersHolding(a.PersonId, warnings));
        Assert.Empty(SameDocument.OthersHolding(Guid.NewGuid(), warnings));
    }

    [Fact]
    public void A_no_show_does_not_travel_on_the_document()
    {
        var boarded = Holder("Abakar", "TCD", "TD0451772") with { Boarding = Boarding.Boarded };
        var noShow = Holder("Abakar", "TCD", "TD0451772") with { Boarding = Boarding.NoShow };

        Assert.Empty(SameDocument.Among([boarded, noShow]));
        Assert.Single(SameDocument.Among([boarded, noShow with { Boarding = Boarding.Boarded }]));
    }

    [Fact]
    public void The_carrier_and_coordinators_see_every_warning_and_a_consulate_only_those_among_the_rows_it_sees()
    {
        var first = Holder("Abakar", "TCD", "TD0451772");
        var second = Holder("Abakar", "TCD", "td 0451772");
        var fatime = Holder("Fatimé", "TCD", "TD1200001");
        var private_ = Holder("Fatimé", "TCD", "TD1200001", consent: false);
        var niger = Holder("Moussa", "NER", "TD0451772");
        var manifest = Manifest(first, second, fatime, private_, niger);

        Assert.Equal(2, SightOf(manifest, User("iom-movements", Roles.Offerer)).Warnings.Count);
        Assert.Equal(2, SightOf(manifest, User("iom", Roles.Coordinator)).Warnings.Count);
        // Chad's consulate is not told that Fatimé shares a document with someone whose group did not consent to it.
        var chad = Assert.Single(SightOf(manifest, User("consulate-tcd", Roles.Consulate, "TCD")).Warnings);
        Assert.Equal([first.PersonId, second.PersonId], chad.PersonIds);
        Assert.Empty(SightOf(manifest, User("consulate-ner", Roles.Consulate, "NER")).Warnings);

        // Three holders, one unseen: the consulate is warned of the two it sees, and of nobody else.
        var third = Holder("Abakar", "TCD", "TD0451772", consent: false);
        var ofThree = SightOf(Manifest(first, second, third), User("consulate-tcd", Roles.Consulate, "TCD"));
        Assert.Equal([first.PersonId, second.PersonId], Assert.Single(ofThree.Warnings).PersonIds);
    }

    [Fact]
    public void The_passenger_list_marks_each_holder_with_the_rows_of_the_others_and_never_the_number()
    {
        var first = Holder("Abakar", "TCD", "TD0451772");
        var fatime = Holder("Fatimé", "TCD", "TD1200001");
        var second = Holder("Hassan", "TCD", "td 0451772");
        var passengers = new[] { first, fatime, second };

        var lines = Encoding.UTF8.GetString(PassengerCsv.Write(passengers, SameDocument.Among(passengers))[3..])
            .Split("\r\n", StringSplitOptions.RemoveEmptyEntries);

        Assert.EndsWith(",warning", lines[0]);
        // The header is row 1 in a spreadsheet: Abakar is on row 2, Hassan on row 4.
        Assert.EndsWith(",expected,same document as row 4 (Hassan Mahamat)", lines[1]);
        Assert.EndsWith(",expected,", lines[2]);
        Assert.EndsWith(",expected,same document as row 2 (Abakar Mahamat)", lines[3]);
        Assert.All(lines[1..], line => Assert.DoesNotContain("0451772", line[line.LastIndexOf(",expected,")..])); // the number only in its column
    }

    [Fact]
    public void The_printed_manifest_warns_above_the_list_and_beside_each_holder()
    {
        var first = Holder("Abakar", "TCD", "TD0451772");
        var second = Holder("Hassan", "TCD", "td 0451772");
        var manifest = Manifest(first, Holder("Fatimé", "TCD", "TD1200001"), second);
        var carrier = User("iom-movements", Roles.Offerer);

        var page = PassengerDocuments.Page(SightOf(manifest, carrier), TestSeeds.Data, "iom-movements", DepartsAt);

        Assert.Contains("Warning: the same travel document appears more than once on this manifest", page);
        Assert.Contains("Nos. 1 and 3 carry the same document", page);
        Assert.Contains("same document as No. 3", page);
        Assert.Contains("same document as No. 1", page);
        Assert.Equal(2, page.Split("<tr class=\"same-document\">").Length - 1);

        var alone = PassengerDocuments.Page(SightOf(Manifest(first), carrier), TestSeeds.Data, "iom-movements", DepartsAt);
        Assert.DoesNotContain("Warning", alone);
        Assert.DoesNotContain("same document as", alone);
    }
}
