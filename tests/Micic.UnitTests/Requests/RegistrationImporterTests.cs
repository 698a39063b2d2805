using System.Text;
using Micic.Requests.Domain;

namespace Micic.UnitTests.Requests;

public class RegistrationImporterTests
{
    static readonly FixedClock Clock = new(new DateTimeOffset(2011, 2, 1, 10, 0, 0, TimeSpan.Zero));
    readonly RegistrationImporter _importer = new(new RegistrationValidator(TestSeeds.Data, Clock));

    const string Header = "household;nationality;countryOfResidence;area;phone;language;consentToContact;givenName;familyName;sex;birthDate;documentKind;documentNumber";

    static string Row(string household, string givenName = "Rahim", string phone = "+218 91 234 5678", string consent = "yes", string nationality = "BGD",
        string area = "LY-TIP-PORT", string birthDate = "1985-04-12") =>
        $"{household};{nationality};LBY;{area};{phone};bn;{consent};{givenName};Uddin;M;{birthDate};passport;BX0123456";

    static string File(params string[] rows) => string.Join("\n", [Header, .. rows]) + "\n";

    async Task<RegistrationsReading> Read(string text)
    {
        using var reader = new StringReader(text);
        return await _importer.Read(reader, default);
    }

    static IEnumerable<(int, string)> Where(RegistrationsReading reading) => reading.Errors.Select(error => (error.Row, error.Field));

    [Fact]
    public async Task Households_become_registrations_with_their_people_in_file_order()
    {
        var reading = await Read(File(Row("a"), Row("b", "Karim"), Row("a", "Salma", phone: "", consent: "")));
        Assert.Empty(reading.Errors);
        Assert.Null(reading.Refusal);
        Assert.Equal([2, 3], reading.Households.Select(household => household.FirstRow));
        var a = reading.Households[0].Registration;
        Assert.Equal(["Rahim", "Salma"], a.Household!.Select(member => member!.GivenName));
        Assert.Equal(("BGD", "LBY", "LY-TIP-PORT", "+218 91 234 5678", "bn", true),
            (a.Nationality, a.CountryOfResidence, a.Area, a.Contact!.Phone, a.Contact.Language, a.ConsentToContact));
        Assert.Equal(new TravelDocument("passport", "BX0123456", null), a.Household![0]!.Document);
    }

    [Fact]
    public async Task One_bad_row_refuses_the_whole_file_naming_each_row_and_column()
    {
        var reading = await Read(File(Row("a"), Row("b", phone: "12345"), Row("c", consent: "no"), Row("d", birthDate: "1 April"), Row("a", phone: "+218 91 000 0000")));
        Assert.Empty(reading.Households);
        Assert.Equal([(3, "phone"), (4, "consentToContact"), (5, "birthDate"), (6, "phone")], Where(reading));
    }

    [Fact]
    public async Task A_household_of_more_than_twenty_is_refused_on_its_twenty_first_row()
    {
        var reading = await Read(File([.. Enumerable.Range(0, 21).Select(_ => Row("big"))]));
        Assert.Equal([(22, "household")], Where(reading));
        Assert.Empty(reading.Households);
    }

    [Fact]
    public async Task A_row_that_cannot_be_read_or_names_no_household_is_an_error()
    {
        var reading = await Read(File(Row("a"), "a;BGD", Row("")));
        Assert.Equal([(3, "row"), (4, "household")], Where(reading));
    }

    [Theory]
    [InlineData("", "body")]
    [InlineData("household;nationality\n", "countryOfResidence")]
    [InlineData(Header + ";shoeSize\n", "shoeSize")]
    [InlineData(Header + "\n", "body")]
    public async Task A_file_that_is_no_registration_file_is_refused_as_a_whole(string text, string field)
    {
        var reading = await Read(text);
        Assert.Contains(field, reading.Refusal!.Keys);
        Assert.Empty(reading.Households);
    }
}
