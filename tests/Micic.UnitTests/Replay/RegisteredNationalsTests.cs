using Micic.Replay;
using Micic.ServiceDefaults.ReferenceData;

namespace Micic.UnitTests.Replay;

public class RegisteredNationalsTests
{
    static readonly SeedData Seeds = new(SeedData.FindFolder(null));
    static readonly CrisisScenario Libya = CrisisScenario.Load(Path.Combine(SeedData.FindFolder(null), "scenarios", "libya-2011.json"));

    static IReadOnlyList<RegisteredHousehold> Choose(IEnumerable<(GeneratedGroup, int)> groups, double share) =>
        RegisteredNationals.Choose(Libya, groups, share,
            nationality => Seeds.Organisations.FirstOrDefault(o => o.Roles.Contains("consulate") && (o.Nationalities ?? []).Contains(nationality))?.Id,
            code => Seeds.Places.GetValueOrDefault(code)?.Country, phoneSeed: 42);

    [Fact]
    public void Consulates_register_a_share_of_their_nationals_where_a_movement_home_leaves_and_they_answer_in_the_scenario_s_shares()
    {
        var groups = CrisisPeople.Generate(Libya, 20_000, Libya.Seed).Select((group, index) => (group, index)).ToList();
        var chosen = Choose(groups, 0.2);

        Assert.InRange(chosen.Count / (double)groups.Count, 0.16, 0.21);
        // Refugees and stateless people have no consulate to register them.
        Assert.DoesNotContain(chosen, household => household.Nationality is "SOM" or "ERI" or "XXA");
        Assert.All(chosen, household => Assert.StartsWith("consulate-", household.Consulate));
        Assert.Equal(chosen.Count, chosen.Select(household => household.Phone).Distinct().Count());
        Assert.All(chosen, household => Assert.Matches(@"^\+2189[1-4]\d{7}$", household.Phone));
        // Each can be taken home from where it is registered: a flight home, or a movement to its own country.
        Assert.All(chosen, household => Assert.Contains(Libya.Routes, route => route.From == household.Area
            && (route.Home || Seeds.Places[route.To!].Country == household.Group.DestinationCountry)));
        Assert.All(chosen, household => Assert.Equal("LBY", Seeds.Places[household.Area].Country));

        Assert.InRange(chosen.Count(h => h.Answer == 3) / (double)chosen.Count, 0.45, 0.55);
        Assert.InRange(chosen.Count(h => h.Answer == 1) / (double)chosen.Count, 0.2, 0.3);
        Assert.InRange(chosen.Count(h => h.Answer == 2) / (double)chosen.Count, 0.07, 0.13);
        Assert.InRange(chosen.Count(h => h.Answer is null) / (double)chosen.Count, 0.1, 0.2);
        Assert.All(chosen, household => Assert.InRange(household.AnswerAfterHours, 0.25, 6));
    }

    [Fact]
    public void The_same_seed_registers_the_same_households_and_a_share_of_0_none()
    {
        var groups = CrisisPeople.Generate(Libya, 2_000, Libya.Seed).Select((group, index) => (group, index)).ToList();
        Assert.Equal(Choose(groups, 0.2).Select(h => (h.Index, h.Area, h.Answer)), Choose(groups, 0.2).Select(h => (h.Index, h.Area, h.Answer)));
        // A larger share registers more of the same people, who answer the same way.
        var more = Choose(groups, 0.5).ToDictionary(h => h.Index);
        Assert.All(Choose(groups, 0.2), h => Assert.Equal(h.Answer, more[h.Index].Answer));
        Assert.Empty(Choose(groups, 0));
    }
}
