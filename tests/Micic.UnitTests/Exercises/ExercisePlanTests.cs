using Micic.Contracts;
using Micic.ServiceDefaults.ReferenceData;

namespace Micic.UnitTests.Exercises;

public class ExercisePlanTests
{
    static readonly TimeSpan TwoDays = TimeSpan.FromDays(2);

    static ExercisePlan Plan(string objectives = "[]", string injects = "[]") =>
        ExercisePlan.Parse($$"""{"start": "2011-02-24T06:00:00Z", "days": 2, "objectives": {{objectives}}, "injects": {{injects}}}""");

    const string Objective = """{"id": "medical-first", "capability": "Matching", "text": "Medical first.", "metric": "medical-wait-p90-hours", "target": {"atMost": 12}}""";

    static string Inject(string at = "PT6H", string kind = "surge", string objectiveId = "medical-first") =>
        $$"""{"id": "i1", "at": "{{at}}", "kind": "{{kind}}", "params": {"place": "LY-BEN-PORT", "people": 60}, "expectedAction": "Charter more.", "objectiveId": "{{objectiveId}}"}""";

    [Fact]
    public void The_Libya_scenario_ships_at_least_six_objectives_and_eight_injects_that_can_be_played()
    {
        var plan = ExercisePlan.Read(Path.Combine(SeedData.FindFolder(null), "scenarios", "libya-2011.json"));

        Assert.True(plan.Objectives.Count >= 6, $"{plan.Objectives.Count} objectives");
        Assert.True(plan.Injects.Count >= 8, $"{plan.Injects.Count} injects");
        Assert.Empty(plan.Problems(TwoDays));
        // The kinds the contract names are all in the master events list.
        Assert.Empty(InjectKinds.Known.Except(plan.Injects.Select(i => i.Kind)));
    }

    [Fact]
    public void A_well_formed_plan_has_no_problems()
    {
        var plan = Plan($"[{Objective}]", $"[{Inject()}]");

        Assert.Empty(plan.Problems(TwoDays));
        Assert.Equal(TimeSpan.FromHours(6), plan.Injects[0].Offset);
        Assert.True(plan.Objectives[0].Target.IsMetBy(12));
        Assert.False(plan.Objectives[0].Target.IsMetBy(12.5));
    }

    [Fact]
    public void An_objective_with_an_unknown_metric_is_refused_by_name()
    {
        var plan = Plan("""[{"id": "happy-people", "capability": "C", "text": "T", "metric": "smiles-per-hour", "target": {"atLeast": 1}}]""");

        var problem = Assert.Single(plan.Problems(TwoDays));
        Assert.Contains("'happy-people'", problem);
        Assert.Contains("'smiles-per-hour'", problem);
    }

    [Fact]
    public void An_objective_without_a_target_is_refused()
    {
        var plan = Plan("""[{"id": "o", "capability": "C", "text": "T", "metric": "medical-wait-p90-hours", "target": {}}]""");

        Assert.Contains(plan.Problems(TwoDays), p => p.Contains("needs a target"));
    }

    [Theory]
    [InlineData("-PT1H", "before the scenario starts")]
    [InlineData("P3D", "after the scenario ends")]
    [InlineData("six hours", "not an ISO 8601 duration")]
    public void An_inject_out_of_the_scenario_is_refused_by_name(string at, string problem)
    {
        var plan = Plan($"[{Objective}]", $"[{Inject(at)}]");

        var said = Assert.Single(plan.Problems(TwoDays));
        Assert.Contains("'i1'", said);
        Assert.Contains(problem, said);
    }

    [Fact]
    public void An_inject_of_an_unknown_kind_or_for_an_unlisted_objective_is_refused()
    {
        var plan = Plan($"[{Objective}]", $"[{Inject(kind: "earthquake", objectiveId: "nobody")}]");

        var problems = plan.Problems(TwoDays);
        Assert.Contains(problems, p => p.Contains("'earthquake'"));
        Assert.Contains(problems, p => p.Contains("'nobody'"));
    }

    [Theory]
    [InlineData("surge", """{"place": "LY-BEN-PORT"}""", "people")]
    [InlineData("surge", """{"place": "LY-BEN-PORT", "people": 0}""", "people")]
    [InlineData("surge", """{"place": "LY-BEN-PORT", "people": 2.5}""", "people")]
    [InlineData("surge", """{"people": 60}""", "place")]
    [InlineData("border-closed", """{"site": "TN-RAS-AJDIR"}""", "hours")]
    [InlineData("border-closed", """{"site": "TN-RAS-AJDIR", "hours": -6}""", "hours")]
    [InlineData("border-closed", """{"site": "TN-RAS-AJDIR", "hours": 100000}""", "hours")]
    [InlineData("border-closed", """{"site": " ", "hours": 6}""", "site")]
    [InlineData("offer-withdrawn", """{"mode": "rocket", "from": "LY-BEN-PORT"}""", "mode")]
    [InlineData("offer-withdrawn", """{"mode": "sea"}""", "from")]
    [InlineData("departure-delayed", """{"mode": "air", "from": "LY-TIP-AIRPORT"}""", "hours")]
    [InlineData("departure-delayed", """{"mode": "air", "from": "LY-TIP-AIRPORT", "hours": "four"}""", "hours")]
    [InlineData("message", """{"from": "consulate-bgd"}""", "text")]
    [InlineData("message", """{"text": 42}""", "from")]
    public void An_inject_without_the_params_of_its_kind_is_refused_naming_them(string kind, string parameters, string missing)
    {
        var plan = Plan(injects: $$"""[{"id": "i1", "at": "PT1H", "kind": "{{kind}}", "params": {{parameters}}, "expectedAction": "Act."}]""");

        var said = Assert.Single(plan.Problems(TwoDays));
        Assert.Contains("'i1'", said);
        Assert.Contains(missing, said);
    }

    [Fact]
    public void An_inject_without_params_names_all_its_kind_needs()
    {
        var plan = Plan(injects: """[{"id": "i1", "at": "PT1H", "kind": "departure-delayed", "expectedAction": "Act."}]""");

        var said = Assert.Single(plan.Problems(TwoDays));
        Assert.Contains("mode", said);
        Assert.Contains("from", said);
        Assert.Contains("hours", said);
    }
}
