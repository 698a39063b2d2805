using Micic.Requests.Domain;
using Micic.ServiceDefaults.Auth;

namespace Micic.UnitTests.Requests;

public class DeclaredCrisisTests
{
    static readonly DateTimeOffset Declared = new(2023, 4, 15, 9, 0, 0, TimeSpan.Zero);
    static readonly ActorView Officer = new("user", "iom.officer", "IOM officer");
    static readonly ActorView Deputy = new("user", "iom.deputy", "IOM deputy");
    readonly CrisisDeclarationRules _rules = new(TestSeeds.Data);

    static DeclaredCrisis Sudan(AlertLevel level) => DeclaredCrisis.Declare("c-1", "Sudan 2023", "SDN", ["SD-KRT-AIRPORT"], level, Declared, Officer);

    [Theory]
    [InlineData(1, "watch", false)]
    [InlineData(2, "restricted", false)]
    [InlineData(3, "voluntary-departure", true)]
    [InlineData(4, "mandatory-departure", true)]
    public void The_four_levels_are_named_as_States_name_them_and_the_last_two_call_for_departure(int number, string name, bool departure)
    {
        var level = AlertLevel.Of(number)!;
        Assert.Equal((number, name, departure), (level.Number, level.Name, level.CallsForDeparture));
        Assert.Same(level, AlertLevel.Of(number));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    [InlineData(7)]
    [InlineData(-1)]
    [InlineData(null)]
    public void Any_other_number_is_no_level(int? number) => Assert.Null(AlertLevel.Of(number));

    [Fact]
    public void A_declared_crisis_starts_its_history_at_its_level()
    {
        var crisis = Sudan(AlertLevel.Watch);
        Assert.Same(AlertLevel.Watch, crisis.Level);
        Assert.Equal(Declared, crisis.DeclaredAt);
        Assert.Equal([new AlertLevelChange(Declared, null, AlertLevel.Watch, Officer)], crisis.History);
    }

    [Fact]
    public void Each_change_is_kept_with_when_from_to_and_by_whom()
    {
        var crisis = Sudan(AlertLevel.Watch);
        var raised = crisis.ChangeTo(AlertLevel.VoluntaryDeparture, Declared.AddDays(2), Deputy);
        var lowered = crisis.ChangeTo(AlertLevel.Restricted, Declared.AddDays(9), Officer);

        Assert.Equal(new AlertLevelChange(Declared.AddDays(2), AlertLevel.Watch, AlertLevel.VoluntaryDeparture, Deputy), raised);
        Assert.Equal(new AlertLevelChange(Declared.AddDays(9), AlertLevel.VoluntaryDeparture, AlertLevel.Restricted, Officer), lowered);
        Assert.Same(AlertLevel.Restricted, crisis.Level);
        Assert.Equal([AlertLevel.Watch, AlertLevel.VoluntaryDeparture, AlertLevel.Restricted], crisis.History.Select(change => change.To));
        Assert.Equal(Declared, crisis.DeclaredAt);
    }

    [Fact]
    public void Changing_to_the_level_it_is_at_changes_nothing()
    {
        var crisis = Sudan(AlertLevel.MandatoryDeparture);
        Assert.Null(crisis.ChangeTo(AlertLevel.MandatoryDeparture, Declared.AddHours(1), Deputy));
        Assert.Single(crisis.History);
    }

    [Fact]
    public void A_restored_crisis_goes_on_from_its_history()
    {
        var crisis = DeclaredCrisis.Restore("c-1", "Sudan 2023", "SDN", [],
            [new AlertLevelChange(Declared, null, AlertLevel.Watch, Officer), new AlertLevelChange(Declared.AddDays(1), AlertLevel.Watch, AlertLevel.Restricted, Deputy)]);
        Assert.Same(AlertLevel.Restricted, crisis.Level);
        Assert.Equal(AlertLevel.Restricted, crisis.ChangeTo(AlertLevel.VoluntaryDeparture, Declared.AddDays(2), Officer)!.From);
        Assert.Throws<ArgumentException>(() => DeclaredCrisis.Restore("c-2", "x", "SDN", [], []));
    }

    [Fact]
    public void A_crisis_in_a_real_country_with_its_own_areas_at_a_level_may_be_declared() =>
        Assert.Empty(_rules.Validate(new DeclareCrisis("Sudan 2023", "SDN", ["SD-KRT-AIRPORT"], 3)));

    [Fact]
    public void Every_problem_of_a_declaration_is_named()
    {
        Assert.Equal(["alertLevel", "country", "name"], _rules.Validate(new DeclareCrisis(" ", "ZZZ", null, 7)).Keys.Order());
        Assert.Equal(["alertLevel", "country", "name"], _rules.Validate((DeclareCrisis?)null).Keys.Order());
        Assert.Equal(["name"], _rules.Validate(new DeclareCrisis(new string('x', 2000), "SDN", null, 1)).Keys);
        Assert.Equal(["alertLevel"], _rules.Validate(new DeclareCrisis("Sudan 2023", "SDN", null, 0)).Keys);
        Assert.Equal(["areas[0]", "areas[2]"], _rules.Validate(new DeclareCrisis("Sudan 2023", "SDN", ["LY-TIP-PORT", "SD-KRT-AIRPORT", "NOWHERE"], 2)).Keys);
        Assert.Equal(["areas[0]"], _rules.Validate(new DeclareCrisis("Sudan 2023", "SDN", [null], 2)).Keys);
    }

    [Fact]
    public void A_change_needs_a_level_from_one_to_four()
    {
        Assert.Empty(_rules.Validate(new ChangeAlertLevel(4)));
        Assert.Equal(["alertLevel"], _rules.Validate(new ChangeAlertLevel(7)).Keys);
        Assert.Equal(["alertLevel"], _rules.Validate(new ChangeAlertLevel(null)).Keys);
        Assert.Equal(["alertLevel"], _rules.Validate((ChangeAlertLevel?)null).Keys);
    }
}
