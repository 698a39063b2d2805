using System.Text;
using Micic.Requests.Domain;

namespace Micic.UnitTests.Requests;

public class EvacuationRequestImporterTests
{
    static readonly FixedClock Clock = new(new DateTimeOffset(2011, 3, 2, 10, 0, 0, TimeSpan.Zero));
    readonly EvacuationRequestImporter _importer = new(new EvacuationRequestValidator(TestSeeds.Data, Clock));

    const string Header =
        "group;crisisId;pickupPlace;destinationCountry;acceptsThirdCountry;consentToShareWithConsulate;givenName;familyName;sex;age;nationality;documentKind;documentNumber;needs";

    static string Row(string group, string givenName = "Rahim", string familyName = "Uddin", string nationality = "BGD", string needs = "",
        string age = "34", string destination = "BGD", string acceptsThirdCountry = "no") =>
        $"{group};libya-2011;LY-TIP-PORT;{destination};{acceptsThirdCountry};yes;{givenName};{familyName};M;{age};{nationality};passport;BX0123456;{needs}";

    static string File(params string[] rows) => string.Join("\n", [Header, .. rows]) + "\n";

    async Task<ImportReading> Read(string text, bool byteOrderMark = false)
    {
        var bytes = (byteOrderMark ? Encoding.UTF8.GetPreamble() : []).Concat(Encoding.UTF8.GetBytes(text)).ToArray();
        using var reader = new StreamReader(new MemoryStream(bytes), new UTF8Encoding(false, true), detectEncodingFromByteOrderMarks: true);
        return await _importer.Read(reader, TestSeeds.Data.Crises, default);
    }

    async Task<ImportPlan> Plan(string text, bool byteOrderMark = false)
    {
        var reading = await Read(text, byteOrderMark);
        Assert.Null(reading.Refusal);
        return reading.Plan!;
    }

    static IEnumerable<(int, string)> Where(ImportPlan plan) => plan.Errors.Select(error => (error.Row, error.Field));

    [Fact]
    public async Task Groups_become_requests_with_their_people_in_file_order()
    {
        var plan = await Plan(File(Row("a"), Row("a", "Layla", nationality: "EGY", needs: "pregnant"), Row("b")));

        Assert.Equal(0, plan.Rejected);
        Assert.Empty(plan.Errors);
        Assert.Equal([2, 1], plan.Groups.Select(group => group.People!.Count));
        var family = plan.Groups[0];
        Assert.Equal(("libya-2011", "LY-TIP-PORT", "BGD", false, true), (family.CrisisId, family.PickupPlace, family.DestinationCountry, family.AcceptsThirdCountry, family.ConsentToShareWithConsulate));
        Assert.Equal(["Rahim", "Layla"], family.People!.Select(person => person!.GivenName));
        Assert.Equal(["pregnant"], family.People![1]!.Needs);
        Assert.Equal(new TravelDocument("passport", "BX0123456", null), family.People![1]!.Document);
    }

    [Fact]
    public async Task With_or_without_a_byte_order_mark_the_file_reads_the_same()
    {
        var text = File(Row("a", "محمد"), Row("b", "Zoë"));
        Assert.Equivalent(await Plan(text), await Plan(text, byteOrderMark: true), strict: true);
        Assert.Equal("محمد", (await Plan(text, byteOrderMark: true)).Groups[0].People![0]!.GivenName);
    }

    [Fact]
    public async Task Comma_and_semicolon_files_read_the_same()
    {
        var semicolons = File(Row("a"), Row("a", "Layla", needs: "medical|wheelchair"));
        var commas = semicolons.Replace(';', ',');
        Assert.Equivalent(await Plan(semicolons), await Plan(commas), strict: true);
    }

    [Fact]
    public async Task Arabic_names_and_diacritics_are_kept_exactly_even_in_quoted_cells()
    {
        var plan = await Plan(File(
            Row("a", "محمد", "عبد الله"),
            Row("a", "\"Zoë; \"\"Zo\"\"\"", "Ngũgĩ"),
            Row("a", "\"Nguyễn\nThị\"", "Đặng")));

        Assert.Equal(
            [("محمد", "عبد الله"), ("Zoë; \"Zo\"", "Ngũgĩ"), ("Nguyễn\nThị", "Đặng")],
            plan.Groups.Single().People!.Select(person => (person!.GivenName!, person.FamilyName!)));
    }

    [Fact]
    public async Task A_bad_row_rejects_its_group_only()
    {
        var plan = await Plan(File(Row("a"), Row("b"), Row("b", nationality: "Bangladesh"), Row("c")));

        Assert.Equal(2, plan.Groups.Count);
        Assert.Equal(1, plan.Rejected);
        Assert.Equal([(4, "nationality")], Where(plan));
    }

    [Fact]
    public async Task The_rows_of_a_group_may_be_anywhere_in_the_file()
    {
        var plan = await Plan(File(Row("a", "Amina"), Row("b"), Row("a", "Omar"), Row("c"), Row("a", "Sara", nationality: "ZZZ")));

        Assert.Equal(2, plan.Groups.Count);
        Assert.Equal(1, plan.Rejected);
        Assert.Equal([(6, "nationality")], Where(plan));
    }

    [Fact]
    public async Task A_group_of_twenty_one_is_rejected_on_its_twenty_first_row()
    {
        var plan = await Plan(File([.. Enumerable.Repeat(Row("big"), 21), Row("small"), .. Enumerable.Repeat(Row("twenty"), 20)]));

        Assert.Equal([1, 20], plan.Groups.Select(group => group.People!.Count));
        Assert.Equal(1, plan.Rejected);
        Assert.Equal([(22, "group")], Where(plan));
    }

    [Fact]
    public async Task A_group_value_that_contradicts_the_first_row_is_an_error_on_that_row_and_a_blank_one_is_not()
    {
        var blankRepeat = "a;;;;;;Omar;Uddin;M;12;BGD;none;;";
        var plan = await Plan(File(Row("a"), blankRepeat, Row("a", destination: "EGY"), Row("a", acceptsThirdCountry: "yes"),
            Row("b"), Row("b", acceptsThirdCountry: "0"), Row("b", acceptsThirdCountry: "false")));

        Assert.Equal(3, Assert.Single(plan.Groups).People!.Count);
        Assert.Equal([(4, "destinationCountry"), (5, "acceptsThirdCountry")], Where(plan));
        Assert.Contains("row 2", plan.Errors[0].Message);
    }

    [Fact]
    public async Task An_unknown_need_is_an_error_naming_the_word()
    {
        var plan = await Plan(File(Row("a", needs: "medical|hungry"), Row("b", needs: "Medical Pregnant")));

        var error = Assert.Single(plan.Errors);
        Assert.Equal((2, "needs"), (error.Row, error.Field));
        Assert.StartsWith("'hungry'", error.Message);
        Assert.Equal(["medical", "pregnant"], plan.Groups.Single().People![0]!.Needs);
    }

    [Fact]
    public async Task Validation_errors_land_on_the_row_and_column_they_belong_to()
    {
        var badCrisis = Row("a").Replace("libya-2011", "atlantis");
        var badDocument = Row("a", "Layla").Replace("libya-2011", "atlantis").Replace("passport", "visa");
        var plan = await Plan(File(badCrisis, badDocument));

        Assert.Equal([(2, "crisisId"), (3, "documentKind")], Where(plan));
        Assert.Equal(1, plan.Rejected);
    }

    [Fact]
    public async Task An_unreadable_cell_is_reported_once_not_also_as_missing()
    {
        var plan = await Plan(File(Row("a", acceptsThirdCountry: "perhaps", age: "thirty")));

        Assert.Equal([(2, "acceptsThirdCountry"), (2, "age")], Where(plan).Order());
    }

    [Fact]
    public async Task A_row_with_the_wrong_number_of_cells_rejects_its_group()
    {
        var plan = await Plan(File(Row("a"), Row("a") + ";extra", Row("b"), "just-one-cell"));

        Assert.Single(plan.Groups);
        Assert.Equal(2, plan.Rejected);
        Assert.Equal([(3, EvacuationRequestImporter.RowField), (5, EvacuationRequestImporter.RowField)], Where(plan));
    }

    [Fact]
    public async Task An_unclosed_quote_is_a_row_error()
    {
        var plan = await Plan(File(Row("a"), Row("b", "\"Open")));

        Assert.Single(plan.Groups);
        Assert.Equal([(3, EvacuationRequestImporter.RowField)], Where(plan));
    }

    [Fact]
    public async Task A_row_without_a_group_is_rejected_on_its_own()
    {
        var plan = await Plan(File(Row("a"), Row("")));

        Assert.Single(plan.Groups);
        Assert.Equal(1, plan.Rejected);
        Assert.Equal([(3, "group")], Where(plan));
    }

    [Fact]
    public async Task Missing_columns_refuse_the_file_naming_each_one()
    {
        var reading = await Read("group,givenName,familyName,nationality\ng1,Rahim,Uddin,BGD\n");

        Assert.Null(reading.Plan);
        Assert.Equal(
            ["acceptsThirdCountry", "birthDate", "consentToShareWithConsulate", "crisisId", "destinationCountry", "documentKind", "pickupPlace", "sex"],
            reading.Refusal!.Keys.Order());
    }

    [Fact]
    public async Task Header_names_are_case_insensitive_and_unknown_or_repeated_ones_are_refused()
    {
        Assert.Null((await Read(File(Row("a")).Replace("givenName", "GIVENNAME").Replace("crisisId", "crisisid"))).Refusal);

        var reading = await Read(File(Row("a")).Replace("needs", "needz").Replace("sex", "familyName"));
        Assert.Equal(["familyName", "needz", "sex"], reading.Refusal!.Keys.Order());
    }

    [Theory]
    [InlineData("")]
    [InlineData(Header + "\n")]
    [InlineData(Header + "\n\n;;;;;;;;;;;;;\n")]
    public async Task An_empty_file_or_a_header_alone_is_refused(string text) =>
        Assert.Equal(["body"], (await Read(text)).Refusal!.Keys);

    [Fact]
    public async Task Optional_columns_are_read_when_present()
    {
        var text = "group,crisisId,pickupPlace,destinationCountry,acceptsThirdCountry,consentToShareWithConsulate,earliestDeparture,phone,notes," +
                   "givenName,familyName,sex,birthDate,nationality,documentKind,documentNumber,documentExpiresOn,needs\n" +
                   "g,libya-2011,ly-tip-port,bgd,TRUE,0,2011-03-05T08:00:00+02:00,+218 91 234 5678,\"ground floor, room 2\"," +
                   "Amina,,f,1980-04-12,xxa,none,,,\n";
        var group = (await Plan(text)).Groups.Single();

        Assert.Equal(("LY-TIP-PORT", "BGD", true, false), (group.PickupPlace, group.DestinationCountry, group.AcceptsThirdCountry, group.ConsentToShareWithConsulate));
        Assert.Equal(new DateTimeOffset(2011, 3, 5, 6, 0, 0, TimeSpan.Zero), group.EarliestDeparture);
        Assert.Equal(("+218 91 234 5678", "ground floor, room 2"), (group.Contact!.Phone, group.Notes));
        var person = group.People!.Single()!;
        Assert.Empty(person.Needs!);
        Assert.Equal(new PersonDetails("Amina", "", "F", new DateOnly(1980, 4, 12), null, "XXA", new TravelDocument("none", null, null), null),
            person with { Needs = null });
    }

    [Fact]
    public async Task The_contact_for_messages_is_read_from_its_columns()
    {
        var text = "group,crisisId,pickupPlace,destinationCountry,acceptsThirdCountry,consentToShareWithConsulate,phone,language,consentToMessages," +
                   "givenName,familyName,sex,age,nationality,documentKind\n" +
                   "g,libya-2011,LY-TIP-PORT,BGD,false,false,+880 1712 345678,BN,yes,Amina,,F,30,BGD,none\n" +
                   "h,libya-2011,LY-TIP-PORT,BGD,false,false,+880 1712 345679,tlh,no,Rahim,,M,30,BGD,none\n";
        var plan = await Plan(text);

        Assert.Equal(new ContactDetails("+880 1712 345678", "bn", true), plan.Groups.Single().Contact);
        Assert.Equal((3, "language"), (plan.Errors.Single().Row, plan.Errors.Single().Field));
    }
}
