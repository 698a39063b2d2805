using System.Security.Claims;
using System.Text;
using Micic.Manifests.Application;
using Micic.Manifests.Domain;
using Micic.ServiceDefaults.Auth;
using static Micic.UnitTests.TestUsers;

namespace Micic.UnitTests.Manifests;

public class ManifestTests
{
    static readonly DateTimeOffset DepartsAt = new(2011, 3, 5, 8, 0, 0, TimeSpan.Zero);

    static Passenger Passenger(string given, string nationality, bool consent = true, string kind = "passport", string? number = "P1",
        DateOnly? expires = null, string? travelDocument = null) =>
        new(Guid.NewGuid(), Guid.NewGuid(), given, "Family", nationality, kind, number, expires, travelDocument is null ? null : "laissez-passer",
            travelDocument, Boarding.Expected, consent, "BGD");

    static Manifest Manifest(params Passenger[] passengers) =>
        new(Guid.NewGuid(), Guid.NewGuid(), "greek-ferry", "libya-2011", "sea", "LY-BEN-PORT", "TN-DJERBA-AIRPORT", "TUN", DepartsAt,
            ManifestStatus.Open, null, passengers);

    [Fact]
    public void A_passenger_without_a_valid_document_lacks_one_until_a_laissez_passer_is_issued()
    {
        Assert.True(Passenger("A", "BGD", kind: "none", number: null).LacksTravelDocument(DepartsAt));
        Assert.True(Passenger("B", "BGD", expires: new DateOnly(2011, 3, 1)).LacksTravelDocument(DepartsAt));
        Assert.False(Passenger("C", "BGD", expires: new DateOnly(2012, 1, 1)).LacksTravelDocument(DepartsAt));
        Assert.False(Passenger("D", "BGD", kind: "none", number: null, travelDocument: "LP-1").LacksTravelDocument(DepartsAt));
    }

    [Fact]
    public void An_open_manifest_closes_only_once_every_passenger_holds_a_document_good_for_the_journey()
    {
        var withPassport = Passenger("Rahim", "BGD");
        var without = Passenger("Karim", "BGD", kind: "none", number: null);
        var manifest = Manifest(withPassport, without);

        var refusal = manifest.RefuseClosing();
        Assert.NotNull(refusal);
        Assert.Contains(without.PersonId.ToString(), refusal.Detail);
        Assert.DoesNotContain(withPassport.PersonId.ToString(), refusal.Detail);
        Assert.Null(Manifest(withPassport, Passenger("Karim", "BGD", kind: "none", number: null, travelDocument: "LP-7")).RefuseClosing());
        Assert.NotNull((manifest with { Status = ManifestStatus.Closed }).RefuseClosing());
        Assert.NotNull((manifest with { Status = ManifestStatus.Departed }).RefuseClosing());
    }

    [Fact]
    public void Boarding_is_recorded_only_while_closed_for_boarding_and_never_for_a_no_show()
    {
        var passenger = Passenger("Rahim", "BGD");
        var noShow = passenger with { PersonId = Guid.NewGuid(), Boarding = Boarding.NoShow };
        var open = Manifest(passenger, noShow);

        Assert.Equal("Boarding is not open.", open.RefuseBoarding(passenger)?.Title);
        Assert.Contains("Close manifest", open.RefuseBoarding(passenger)!.Detail);
        Assert.Null((open with { Status = ManifestStatus.Closed }).RefuseBoarding(passenger));
        Assert.Equal("The passenger was recorded as a no-show.", (open with { Status = ManifestStatus.Closed }).RefuseBoarding(noShow)?.Title);
        Assert.Contains("departed", (open with { Status = ManifestStatus.Departed }).RefuseBoarding(passenger)!.Detail);
    }

    [Fact]
    public void A_movement_departs_once_closed_not_before_boarding_began_and_whoever_did_not_board_missed_it()
    {
        var boarded = Passenger("Rahim", "BGD") with { Boarding = Boarding.Boarded };
        var late = Passenger("Karim", "BGD");
        var gone = Passenger("Amina", "BGD") with { Boarding = Boarding.NoShow };
        var closedAt = DepartsAt.AddHours(-2);
        var closed = Manifest(boarded, late, gone) with { Status = ManifestStatus.Closed, ClosedAt = closedAt };

        Assert.NotNull((closed with { Status = ManifestStatus.Open }).RefuseDeparture());
        Assert.NotNull((closed with { Status = ManifestStatus.Departed }).RefuseDeparture());
        Assert.Null(closed.RefuseDeparture());
        Assert.Null(closed.DepartureTimeError(closedAt.AddMinutes(-4), TimeSpan.FromMinutes(5)));
        Assert.NotNull(closed.DepartureTimeError(closedAt.AddMinutes(-6), TimeSpan.FromMinutes(5)));
        Assert.Equal([late], closed.MissedDeparture);
        Assert.Equal([boarded], closed.Aboard);
    }

    [Fact]
    public void Travel_documents_are_issued_until_the_movement_departs()
    {
        var manifest = Manifest(Passenger("Rahim", "BGD"));
        Assert.Null(manifest.RefuseTravelDocument());
        Assert.Null((manifest with { Status = ManifestStatus.Closed }).RefuseTravelDocument());
        Assert.NotNull((manifest with { Status = ManifestStatus.Departed }).RefuseTravelDocument());
    }

    [Fact]
    public void What_carriers_and_consulates_send_is_checked_field_by_field()
    {
        var validator = new ManifestStepValidator(new FixedClock(DepartsAt));

        Assert.Empty(validator.Validate(new TravelDocumentBody(Guid.NewGuid(), "laissez-passer", "LP-2011-0042")));
        Assert.Equal(["kind", "number", "personId"], validator.Validate(new TravelDocumentBody(null, "passport", new string('1', 41))).Keys.Order());
        Assert.Equal(["number"], validator.Validate(new TravelDocumentBody(Guid.NewGuid(), "laissez-passer", "  ")).Keys);

        Assert.Empty(validator.Validate(new BoardingBody(Guid.NewGuid(), "no-show")));
        Assert.Equal(Boarding.NoShow, Assert.Single(ManifestStepValidator.Recorded(new BoardingBody(Guid.NewGuid(), "no-show"))).Boarding);
        Assert.Equal(["personId", "status"], validator.Validate(new BoardingBody(null, "expected")).Keys.Order());
        Assert.Equal(["status"], validator.Validate(new BoardingBody(Guid.NewGuid(), "NoShow")).Keys);

        Assert.Empty(validator.Validate(new DepartureBody(DepartsAt.AddMinutes(4))));
        Assert.Equal(["departedAt"], validator.Validate(new DepartureBody(DepartsAt.AddMinutes(6))).Keys);
        Assert.Equal(["departedAt"], validator.Validate(new DepartureBody(null)).Keys);
    }

    static BoardingBody List(params BoardingEntry?[] passengers) => new(null, null, passengers);

    [Fact]
    public void A_boarding_list_records_each_entry_as_listed()
    {
        var validator = new ManifestStepValidator(new FixedClock(DepartsAt));
        BoardingEntry[] entries = [new(Guid.NewGuid(), "boarded"), new(Guid.NewGuid(), "no-show"), new(Guid.NewGuid(), "boarded")];

        Assert.Empty(validator.Validate(List(entries)));
        Assert.Equal(entries.Select(e => new BoardingRecord(e.PersonId!.Value, e.Status == "boarded" ? Boarding.Boarded : Boarding.NoShow)),
            ManifestStepValidator.Recorded(List(entries)));
        Assert.Empty(validator.Validate(List([.. Enumerable.Range(0, ManifestStepValidator.MaxBoardingList).Select(_ => new BoardingEntry(Guid.NewGuid(), "boarded"))])));
    }

    [Fact]
    public void A_boarding_list_names_each_wrong_entry_by_its_place()
    {
        var validator = new ManifestStepValidator(new FixedClock(DepartsAt));
        var twice = Guid.NewGuid();

        var errors = validator.Validate(List(new(Guid.NewGuid(), "boarded"), new(null, "boarded"), new(Guid.NewGuid(), "asleep"), null,
            new(twice, "boarded"), new(Guid.NewGuid(), "expected"), new(twice, "no-show"), new(null, null)));

        Assert.Equal(["passengers[1].personId", "passengers[2].status", "passengers[3]", "passengers[5].status", "passengers[6].personId",
            "passengers[7].personId", "passengers[7].status"], errors.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("passengers[4]", Assert.Single(errors["passengers[6].personId"]));
    }

    [Fact]
    public void A_boarding_list_has_one_to_a_thousand_passengers_and_is_not_mixed_with_one_passenger()
    {
        var validator = new ManifestStepValidator(new FixedClock(DepartsAt));

        Assert.Equal(["passengers"], validator.Validate(List()).Keys);
        Assert.Equal(["passengers"], validator.Validate(List([.. Enumerable.Range(0, ManifestStepValidator.MaxBoardingList + 1)
            .Select(_ => new BoardingEntry(Guid.NewGuid(), "boarded"))])).Keys);
        var both = validator.Validate(new BoardingBody(Guid.NewGuid(), "boarded", [new BoardingEntry(Guid.NewGuid(), "boarded")]));
        Assert.Contains("not both", Assert.Single(both["passengers"]));
        Assert.Equal(["passengers"], validator.Validate(new BoardingBody(null, "boarded", [new BoardingEntry(Guid.NewGuid(), "boarded")])).Keys);
        Assert.Equal(2, validator.Validate(new BoardingBody(Guid.NewGuid(), null, [])).GetValueOrDefault("passengers")?.Length);
    }

    [Fact]
    public void A_boarding_list_finds_the_passengers_it_names_and_leaves_a_gap_for_anyone_else()
    {
        var rahim = Passenger("Rahim", "BGD");
        var salma = Passenger("Salma", "BGD");
        var manifest = Manifest(rahim, salma);
        var stranger = Guid.NewGuid();

        Assert.Equal([salma, null, rahim],
            manifest.Listed([new(salma.PersonId, Boarding.Boarded), new(stranger, Boarding.Boarded), new(rahim.PersonId, Boarding.NoShow)]));
        var gone = salma with { Boarding = Boarding.NoShow };
        Assert.Contains(gone.PersonId.ToString(), (manifest with { Status = ManifestStatus.Closed }).RefuseBoarding(gone)!.Detail);
    }

    sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    [Fact]
    public void A_consulate_sees_only_its_nationals_in_groups_that_consented_and_the_carrier_sees_everyone()
    {
        var consenting = Passenger("Rahim", "BGD");
        var private_ = Passenger("Karim", "BGD", consent: false);
        var egyptian = Passenger("Ahmed", "EGY");
        var manifest = Manifest(consenting, private_, egyptian);

        Assert.Equal([consenting], manifest.PassengersVisibleTo(User("consulate-bgd", Roles.Consulate, "BGD")));
        Assert.Equal([egyptian], manifest.PassengersVisibleTo(User("consulate-egy", Roles.Consulate, "EGY")));
        Assert.Equal(3, manifest.PassengersVisibleTo(User("greek-ferry", Roles.Offerer)).Count);
        Assert.False(manifest.IsVisibleTo(User("egyptair-charter", Roles.Offerer)));
        Assert.False(manifest.IsRunBy(User("consulate-bgd", Roles.Consulate, "BGD")));
        Assert.True(manifest.IsRunBy(User("iom", Roles.Coordinator)));
    }

    [Fact]
    public void Only_the_consulate_of_a_passengers_nationality_documents_them_whatever_other_role_it_holds()
    {
        var filipino = Passenger("Maria", "PHL");
        var filipinoPrivate = Passenger("Jose", "PHL", consent: false);
        var bangladeshi = Passenger("Rahim", "BGD");
        // The Philippines' consulate also runs this movement: it sees everyone on it as the carrier.
        var carrierAndConsulate = new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(MicicClaims.Organisation, "greek-ferry"), new Claim(ClaimTypes.Role, Roles.Consulate), new Claim(ClaimTypes.Role, Roles.Offerer),
             new Claim(MicicClaims.Nationality, "PHL")], "test"));
        Assert.Equal(3, Manifest(filipino, filipinoPrivate, bangladeshi).PassengersVisibleTo(carrierAndConsulate).Count);

        Assert.True(filipino.IsConsularCaseOf(carrierAndConsulate));
        Assert.False(bangladeshi.IsConsularCaseOf(carrierAndConsulate));
        Assert.False(filipinoPrivate.IsConsularCaseOf(carrierAndConsulate));
        Assert.False(filipino.IsConsularCaseOf(User("greek-ferry", Roles.Offerer)));
        Assert.False(filipino.IsConsularCaseOf(User("iom", Roles.Coordinator)));
        Assert.True(bangladeshi.IsConsularCaseOf(User("consulate-bgd", Roles.Consulate, "BGD")));
    }

    [Fact]
    public void The_passenger_list_opens_in_a_spreadsheet_with_names_in_any_script_intact()
    {
        var csv = PassengerCsv.Write([Passenger("محمد", "BGD"), Passenger("Zoë, \"Zo\"", "FRA")], []);

        Assert.Equal(Encoding.UTF8.GetPreamble(), csv[..3]);
        var lines = Encoding.UTF8.GetString(csv[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(string.Join(',', PassengerCsv.Header), lines[0]);
        Assert.Contains(",Family,محمد,BGD,", lines[1]);
        Assert.Contains(",Family,\"Zoë, \"\"Zo\"\"\",FRA,", lines[2]);
    }

    [Fact]
    public void A_name_that_looks_like_a_formula_stays_text()
    {
        var csv = Encoding.UTF8.GetString(PassengerCsv.Write([Passenger("=HYPERLINK(\"http://x\")", "BGD")], [])[3..]);
        Assert.Contains(",\"'=HYPERLINK(\"\"http://x\"\")\",BGD,", csv);
    }

    [Theory]
    [InlineData("=1+1", "'=1+1")]
    [InlineData("+1+1", "'+1+1")]
    [InlineData("-1+HYPERLINK(\"http://x\")", "\"'-1+HYPERLINK(\"\"http://x\"\")\"")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("\t=1", "'\t=1")]
    [InlineData("\r=1", "\"'\r=1\"")]
    public void No_cell_starts_like_a_formula(string name, string cell)
    {
        var csv = Encoding.UTF8.GetString(PassengerCsv.Write([Passenger(name, "BGD")], [])[3..]);
        Assert.Contains($",Family,{cell},BGD,", csv);
    }

    [Theory]
    [InlineData("Rahim")]
    [InlineData("Anne-Marie")]
    [InlineData("")]
    public void Names_that_cannot_start_a_formula_are_written_as_typed(string name) => Assert.Equal(name, PassengerCsv.Inert(name));

    [Fact]
    public void While_some_passengers_details_are_still_arriving_the_manifest_counts_them_and_does_not_close()
    {
        var manifest = Manifest(Passenger("Rahim", "BGD")) with { AwaitingDetails = 3 };

        Assert.Equal(4, manifest.PassengerCount);
        Assert.Contains("still arriving", manifest.RefuseClosing()!.Title);
        Assert.Null((manifest with { AwaitingDetails = 0 }).RefuseClosing());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    public void What_a_consulate_sees_of_a_manifest_adds_up_to_everyone_on_it(int awaiting)
    {
        var manifest = Manifest(Passenger("Rahim", "BGD"), Passenger("Private", "BGD", consent: false), Passenger("Ahmed", "EGY")) with
        {
            AwaitingDetails = awaiting,
        };
        var consulate = User("consulate-bgd", Roles.Consulate, "BGD");

        var sight = new ManifestSight(manifest, manifest.PassengersVisibleTo(consulate));

        Assert.Equal(["Rahim"], sight.Shown.Select(p => p.GivenName));
        Assert.Equal(2, sight.Others);
        Assert.Equal(awaiting, sight.AwaitingDetails);
        Assert.Equal(sight.Total, sight.Shown.Count + sight.Others + sight.AwaitingDetails);
        Assert.Equal(3 + awaiting, sight.Total);
    }
}
