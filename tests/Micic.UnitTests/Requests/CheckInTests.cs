using Micic.Requests.Domain;
using Micic.ServiceDefaults.ReferenceData;

namespace Micic.UnitTests.Requests;

public class NearestPickupTests
{
    static readonly IEnumerable<Place> Places = TestSeeds.Data.Places.Values;
    static Place Seeded(string code) => TestSeeds.Data.Places[code];

    [Theory]
    [InlineData("LY-BEN-PORT", "LY-BEN-PORT")]
    [InlineData("LY-MRA-PORT", "LY-MRA-PORT")]
    [InlineData("LY-ZUWARA", "LY-ZUWARA")]
    [InlineData("LY-TIP-AIRPORT", "LY-TIP-AIRPORT")]
    public void A_household_is_picked_up_where_it_registered_when_people_are_picked_up_there(string area, string pickup) =>
        Assert.Equal(pickup, NearestPickup.For(Places, "LBY", Seeded(area))!.Code);

    [Fact]
    public void An_inland_area_goes_to_the_nearest_port_airport_or_assembly_point_by_great_circle_distance()
    {
        var sabha = new Place("LY-SABHA", "Sabha", "LBY", "city", 27.0377, 14.4283);
        Assert.Equal("LY-MRA-PORT", NearestPickup.For(Places, "LBY", sabha)!.Code);
        var westOfTripoli = new Place("LY-ZAWIYA", "Zawiya", "LBY", "city", 32.7571, 12.7276);
        Assert.Equal("LY-TIP-AIRPORT", NearestPickup.For(Places, "LBY", westOfTripoli)!.Code);
    }

    [Fact]
    public void A_border_crossing_or_a_reception_site_is_no_pickup_place_however_near()
    {
        var area = new Place("XX-TOWN", "Town", "TUN", "city", 33.15, 11.57);
        Assert.Equal("TN-DJERBA-AIRPORT", NearestPickup.For(Places, "TUN", area)!.Code); // not Ras Ajdir (border) next door
    }

    [Fact]
    public void Without_an_area_or_with_one_in_another_country_the_countrys_first_place_of_departure_is_taken()
    {
        Assert.Equal("LY-TIP-PORT", NearestPickup.For(Places, "LBY", null)!.Code);
        Assert.Equal("LY-TIP-PORT", NearestPickup.For(Places, "LBY", Seeded("TN-CHOUCHA"))!.Code);
    }

    [Fact]
    public void A_country_with_no_place_of_departure_has_no_pickup() =>
        Assert.Null(NearestPickup.For(Places, "JOR", null));

    [Fact]
    public void Distances_are_great_circle_kilometres() =>
        Assert.InRange(NearestPickup.DistanceKm(Seeded("LY-TIP-PORT"), Seeded("LY-BEN-PORT")), 640, 670);
}

public class CheckInRulesTests
{
    static readonly FixedClock Clock = new(new DateTimeOffset(2011, 2, 25, 10, 0, 0, TimeSpan.Zero));
    readonly EvacuationRequestValidator _validator = new(TestSeeds.Data, Clock);
    static readonly Crisis Libya = TestSeeds.Data.Crises["libya-2011"];

    static ConsularRegistration Registration(DateOnly? birthDate = null, string? area = "LY-BEN-PORT") => new(
        Guid.NewGuid(), "consulate-bgd", "BGD", "LBY", area, "+218915550199", "bn", true, Clock.GetUtcNow(),
        [
            new RegisteredPerson(Guid.NewGuid(), "Rahim", "Uddin", "M", birthDate ?? new DateOnly(1985, 4, 12), "passport", "BX0123456", null),
            new RegisteredPerson(Guid.NewGuid(), "Salma", "Uddin", "F", new DateOnly(1990, 1, 2), "none", null, null),
        ]);

    [Fact]
    public void Wanting_to_leave_makes_a_valid_request_of_the_household_going_home_reached_on_its_phone()
    {
        var request = CheckInRequest.From(Registration(), "libya-2011", "LY-BEN-PORT");
        Assert.Empty(_validator.Validate(request, Libya));
        Assert.Equal(("libya-2011", "LY-BEN-PORT", "BGD", false, true), (request.CrisisId, request.PickupPlace, request.DestinationCountry,
            request.AcceptsThirdCountry, request.ConsentToShareWithConsulate));
        Assert.Equal(new ContactDetails("+218915550199", "bn", true), request.Contact);
        Assert.Equal(["Rahim", "Salma"], request.People!.Select(person => person!.GivenName));
        Assert.All(request.People!, person => Assert.Equal("BGD", person!.Nationality));
        Assert.Equal("BX0123456", request.People![0]!.Document!.Number);
        Assert.Equal("none", request.People![1]!.Document!.Kind);
    }

    [Fact]
    public void A_household_that_does_not_make_a_valid_request_is_refused_by_the_intake_rules()
    {
        var registration = Registration() with
        {
            Household = [new RegisteredPerson(Guid.NewGuid(), "Rahim", "Uddin", "M", null, "none", null, null)],
        };
        Assert.Equal(["people[0].birthDate"], _validator.Validate(CheckInRequest.From(registration, "libya-2011", "LY-BEN-PORT"), Libya).Keys);
        Assert.Contains("crisisId", _validator.Validate(CheckInRequest.From(Registration(), "no-such-crisis", null), null).Keys);
    }

    [Theory]
    [InlineData(1, "safe")]
    [InlineData(2, "need-help")]
    [InlineData(3, "want-to-leave")]
    public void Answers_have_names_both_ways(int digit, string name)
    {
        Assert.Equal(name, CheckInAnswer.Name(digit));
        Assert.Equal(digit, CheckInAnswer.Parse(name));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(4)]
    [InlineData(-1)]
    [InlineData(null)]
    public void Any_other_digit_is_no_answer(int? digit) => Assert.Null(CheckInAnswer.Name(digit));

    [Theory]
    [InlineData("SAFE")]
    [InlineData("2")]
    [InlineData("")]
    [InlineData("want to leave")]
    public void Filters_take_the_names_only(string name) => Assert.Null(CheckInAnswer.Parse(name));

    [Fact]
    public void None_filters_the_households_that_have_not_answered() => Assert.Equal(0, CheckInAnswer.Parse("none"));

    [Fact]
    public void An_answer_takes_a_household_off_the_list_to_call()
    {
        var now = Clock.GetUtcNow();
        Assert.Equal("asked", CheckInStatus.Of(null, null));
        Assert.Equal("to-call", CheckInStatus.Of(null, now));
        Assert.Equal("answered", CheckInStatus.Of(1, now));
        Assert.Equal("answered", CheckInStatus.Of(3, null));
    }

    [Theory]
    [InlineData("+218915550199", "••••••••••199")]
    [InlineData("+21", "•••")]
    [InlineData("", "")]
    public void Phones_show_their_last_three_digits_only(string phone, string masked) => Assert.Equal(masked, MaskedPhone.Of(phone));
}
