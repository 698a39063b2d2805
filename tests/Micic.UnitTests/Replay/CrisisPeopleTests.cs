using Micic.Replay;
using Micic.Requests.Domain;
using Micic.ServiceDefaults.ReferenceData;

namespace Micic.UnitTests.Replay;

public class CrisisPeopleTests
{
    static readonly CrisisScenario Libya = CrisisScenario.Load(Path.Combine(SeedData.FindFolder(null), "scenarios", "libya-2011.json"));

    [Fact]
    public void The_same_seed_gives_the_same_people_and_the_scale_is_exact()
    {
        var first = CrisisPeople.Generate(Libya, 500, seed: 2011).ToList();
        var again = CrisisPeople.Generate(Libya, 500, seed: 2011).ToList();

        Assert.Equal(500, first.Sum(group => group.People.Count));
        Assert.Equal(first.Select(g => (g.PickupPlace, g.DestinationCountry, string.Join("|", g.People))),
            again.Select(g => (g.PickupPlace, g.DestinationCountry, string.Join("|", g.People))));
        Assert.NotEqual(first.Select(g => g.PickupPlace), CrisisPeople.Generate(Libya, 500, seed: 7).Select(g => g.PickupPlace));
    }

    [Fact]
    public void A_large_crisis_has_the_scenario_s_mix_of_nationalities_families_and_needs()
    {
        var groups = CrisisPeople.Generate(Libya, 100_000, seed: 2011).ToList();
        var people = groups.SelectMany(group => group.People).ToList();

        Assert.Equal(100_000, people.Count);
        Assert.InRange(people.Count(p => p.Nationality == "EGY") / (double)people.Count, 0.25, 0.35);
        Assert.InRange(groups.Count(g => g.People.Count == 1) / (double)groups.Count, 0.57, 0.67);
        Assert.InRange(people.Count(p => p.Needs.Contains("medical")) / (double)people.Count, 0.02, 0.04);
        Assert.All(groups, group => Assert.Single(group.People.Select(p => p.Nationality).Distinct()));
    }

    [Fact]
    public void Every_generated_group_is_a_valid_evacuation_request()
    {
        var validator = new EvacuationRequestValidator(TestSeeds.Data, new FixedClock(DateTimeOffset.UtcNow));
        foreach (var group in CrisisPeople.Generate(Libya, 3_000, seed: 2011))
        {
            var errors = validator.Validate(new SubmitEvacuationRequest(group.CrisisId, group.PickupPlace, group.DestinationCountry,
                group.AcceptsThirdCountry, null, group.ConsentToShareWithConsulate, null, null,
                group.People.Select(p => new PersonDetails(p.GivenName, p.FamilyName, p.Sex, null, p.Age, p.Nationality,
                    new TravelDocument(p.DocumentKind, p.DocumentNumber, null), p.Needs.ToList<string?>())).ToList<PersonDetails?>()), TestSeeds.Crisis(group.CrisisId));
            Assert.True(errors.Count == 0, string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(", ", e.Value)}")));
        }
    }

    [Fact]
    public void Whoever_lacks_a_passport_can_be_documented_before_departure()
    {
        var groups = CrisisPeople.Generate(Libya, 20_000, seed: 2011).ToList();
        var withConsulate = Libya.Nationalities.Where(n => n.Consulate).Select(n => n.Code).ToHashSet();

        // Without papers, a consulate must see the person to issue a laissez-passer: their group consented at intake.
        Assert.All(groups.Where(g => g.People.Any(p => p.DocumentKind == "none")), group => Assert.True(group.ConsentToShareWithConsulate));
        // Refugees and stateless people have no consulate to ask: they carry an ICRC travel document instead.
        Assert.All(groups.SelectMany(g => g.People).Where(p => !withConsulate.Contains(p.Nationality)),
            person => Assert.NotEqual("none", person.DocumentKind));
        Assert.Contains(groups.SelectMany(g => g.People), p => p.DocumentKind == "none");
    }

    [Fact]
    public void Only_a_child_on_their_own_is_unaccompanied_one_with_relatives_is_separated()
    {
        var groups = CrisisPeople.Generate(Libya, 50_000, seed: 2011).ToList();

        Assert.All(groups.Where(g => g.People.Any(p => p.Needs.Contains("unaccompanied-child"))), group => Assert.Single(group.People));
        Assert.Contains(groups, g => g.People.Count > 1 && g.People.Any(p => p.Needs.Contains("separated-child")));
    }
}
