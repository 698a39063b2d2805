using Micic.Requests.Domain;

namespace Micic.UnitTests.Requests;

public class EvacuationRequestValidatorTests
{
    static readonly FixedClock Clock = new(new DateTimeOffset(2011, 3, 2, 10, 0, 0, TimeSpan.Zero));
    readonly EvacuationRequestValidator _validator = new(TestSeeds.Data, Clock);

    Dictionary<string, string[]> Validate(SubmitEvacuationRequest request) => _validator.Validate(request, TestSeeds.Crisis(request.CrisisId));

    public static PersonDetails Adult(string nationality = "BGD", params string[] needs) =>
        new("Rahim", "Uddin", "M", new DateOnly(1985, 4, 12), null, nationality, new TravelDocument("passport", "BX0123456", null), needs);

    public static SubmitEvacuationRequest Valid(params PersonDetails?[] people) =>
        new("libya-2011", "LY-TIP-PORT", "BGD", false, null, true, new ContactDetails("+218 91 234 5678"), null,
            people.Length == 0 ? [Adult()] : people);

    [Fact]
    public void A_complete_request_is_valid() => Assert.Empty(Validate(Valid()));

    [Fact]
    public void Every_missing_field_is_reported_at_once()
    {
        var errors = Validate(new SubmitEvacuationRequest(null, null, null, null, null, null, null, null, null));
        Assert.Equal(["acceptsThirdCountry", "consentToShareWithConsulate", "crisisId", "destinationCountry", "people", "pickupPlace"],
            errors.Keys.Order());
    }

    [Fact]
    public void Unknown_codes_are_refused()
    {
        var errors = Validate(Valid() with { CrisisId = "atlantis", PickupPlace = "LY-NOWHERE", DestinationCountry = "BD" });
        Assert.Contains("crisisId", errors.Keys);
        Assert.Contains("pickupPlace", errors.Keys);
        Assert.Contains("destinationCountry", errors.Keys);
    }

    [Fact]
    public void Pickup_must_be_in_the_country_in_crisis() =>
        Assert.Contains("pickupPlace", Validate(Valid() with { PickupPlace = "TN-RAS-AJDIR" }).Keys);

    [Fact]
    public void Destination_cannot_be_the_country_in_crisis() =>
        Assert.Contains("destinationCountry", Validate(Valid() with { DestinationCountry = "LBY" }).Keys);

    [Theory]
    [InlineData(0)]
    [InlineData(21)]
    public void A_group_has_one_to_twenty_people(int count) =>
        Assert.Contains("people", Validate(Valid() with { People = Enumerable.Repeat<PersonDetails?>(Adult(), count).ToList() }).Keys);

    [Fact]
    public void Twenty_people_are_one_group() =>
        Assert.Empty(Validate(Valid() with { People = Enumerable.Repeat<PersonDetails?>(Adult(), 20).ToList() }));

    [Fact]
    public void Person_fields_are_checked_with_their_path()
    {
        var errors = Validate(Valid(Adult(), new PersonDetails("", null, "Q", null, null, "Bangladesh", new TravelDocument("visa", null, null), ["hungry"])));
        Assert.Equal(["people[1].birthDate", "people[1].document.kind", "people[1].familyName", "people[1].givenName", "people[1].nationality", "people[1].needs[0]", "people[1].sex"],
            errors.Keys.Order());
    }

    [Fact]
    public void Stateless_people_and_people_without_documents_are_accepted() =>
        Assert.Empty(Validate(Valid(new PersonDetails("Amina", "", "F", null, 30, "XXA", new TravelDocument("none", null, null), []))));

    [Fact]
    public void A_birth_date_and_an_age_cannot_both_be_given() =>
        Assert.Contains("people[0].age", Validate(Valid(Adult() with { Age = 25 })).Keys);

    [Fact]
    public void Births_in_the_future_and_impossible_ages_are_refused()
    {
        Assert.Contains("people[0].birthDate", Validate(Valid(Adult() with { BirthDate = new DateOnly(2012, 1, 1) })).Keys);
        Assert.Contains("people[0].age", Validate(Valid(Adult() with { BirthDate = null, Age = 130 })).Keys);
    }

    [Fact]
    public void An_adult_is_not_an_unaccompanied_child() =>
        Assert.Contains("people[0].needs", Validate(Valid(Adult("BGD", "unaccompanied-child"))).Keys);

    [Fact]
    public void A_document_other_than_none_needs_its_number() =>
        Assert.Contains("people[0].document.number", Validate(Valid(Adult() with { Document = new TravelDocument("passport", " ", null) })).Keys);

    [Fact]
    public void A_departure_before_the_crisis_is_not_plausible() =>
        Assert.Contains("earliestDeparture", Validate(Valid() with { EarliestDeparture = new DateTimeOffset(2010, 1, 1, 0, 0, 0, TimeSpan.Zero) }).Keys);
}
