using Micic.Requests.Domain;

namespace Micic.UnitTests.Requests;

public class RegistrationValidatorTests
{
    static readonly FixedClock Clock = new(new DateTimeOffset(2011, 2, 1, 10, 0, 0, TimeSpan.Zero));
    readonly RegistrationValidator _validator = new(TestSeeds.Data, Clock);

    static HouseholdMember Member(string givenName = "Rahim") => new(givenName, "Uddin", "M", new DateOnly(1985, 4, 12), null);

    public static RegisterHousehold Valid(params HouseholdMember?[] household) =>
        new("BGD", "LBY", "LY-TIP-PORT", household.Length == 0 ? [Member()] : household, new RegistrationContact("+218 91 234 5678", "bn"), true);

    [Fact]
    public void A_complete_registration_is_valid() => Assert.Empty(_validator.Validate(Valid()));

    [Fact]
    public void The_area_the_language_the_birth_date_and_the_document_may_be_left_out() =>
        Assert.Empty(_validator.Validate(Valid(new HouseholdMember("Salma", "", "F", null, null)) with
        {
            Area = null, Contact = new RegistrationContact("+218912345678"),
        }));

    [Fact]
    public void Every_missing_field_is_reported_at_once() =>
        Assert.Equal(["consentToContact", "contact.phone", "countryOfResidence", "household", "nationality"],
            _validator.Validate(new RegisterHousehold(null, null, null, null, null, null)).Keys.Order());

    [Theory]
    [InlineData(0)]
    [InlineData(21)]
    [InlineData(50)]
    public void A_household_of_nobody_or_of_more_than_twenty_is_refused(int people) =>
        Assert.Equal(["household"], _validator.Validate(Valid() with { Household = [.. Enumerable.Repeat<HouseholdMember?>(Member(), people)] }).Keys);

    [Fact]
    public void A_household_of_twenty_is_valid() =>
        Assert.Empty(_validator.Validate(Valid() with { Household = [.. Enumerable.Repeat<HouseholdMember?>(Member(), 20)] }));

    [Theory]
    [InlineData("12345")]
    [InlineData("+0 218 91")]
    [InlineData("<script>alert(1)</script>")]
    public void A_phone_that_is_no_international_number_is_refused(string phone) =>
        Assert.Equal(["contact.phone"], _validator.Validate(Valid() with { Contact = new RegistrationContact(phone) }).Keys);

    [Fact]
    public void A_language_messages_are_not_written_in_is_refused() =>
        Assert.Equal(["contact.language"], _validator.Validate(Valid() with { Contact = new RegistrationContact("+218912345678", "tlh") }).Keys);

    [Theory]
    [InlineData(false)]
    [InlineData(null)]
    public void Without_consent_to_be_contacted_nothing_is_registered(bool? consent) =>
        Assert.Equal(["consentToContact"], _validator.Validate(Valid() with { ConsentToContact = consent }).Keys);

    [Fact]
    public void Unknown_countries_are_refused() =>
        Assert.Equal(["countryOfResidence", "nationality"],
            _validator.Validate(Valid() with { Nationality = "ZZZ", CountryOfResidence = "Libya", Area = null }).Keys.Order());

    [Fact]
    public void Nationals_abroad_live_in_another_country() =>
        Assert.Equal(["countryOfResidence"], _validator.Validate(Valid() with { CountryOfResidence = "BGD", Area = null }).Keys);

    [Theory]
    [InlineData("LY-NOWHERE")]
    [InlineData("TN-RAS-AJDIR")]
    public void The_area_is_a_place_of_the_country_of_residence(string area) =>
        Assert.Equal(["area"], _validator.Validate(Valid() with { Area = area }).Keys);

    [Fact]
    public void People_are_described_as_in_an_evacuation_request()
    {
        var errors = _validator.Validate(Valid(
            new HouseholdMember("", null, "Q", new DateOnly(2012, 1, 1), new TravelDocument("spaceship", null, null)), null));
        Assert.Equal(["household[0].birthDate", "household[0].document.kind", "household[0].familyName", "household[0].givenName", "household[0].sex", "household[1]"],
            errors.Keys.Order());
    }
}
