namespace Micic.Replay;

/// <summary>
/// Generates the people of a scenario: plausible nationality mix, family sizes and rates of need, the same people for
/// the same seed whatever the scale, so a replay can be repeated and compared.
/// </summary>
public static class CrisisPeople
{
    static readonly string[] GivenNames = ["Ahmed", "Fatima", "Rahim", "Salma", "Moussa", "Aïcha", "Kwame", "Ama", "Chinedu", "Ngozi",
        "José", "Maria", "Abdullahi", "Hawa", "Imran", "Ayaan", "Yohannes", "Selam", "محمد", "فاطمة"];
    static readonly string[] FamilyNames = ["Hassan", "Uddin", "Issoufou", "Mahamat", "Mensah", "Okafor", "Santos", "Traoré", "Khan", "Ali",
        "Tesfaye", "Abdi", "عبد الله", "Ngũgĩ"];

    public static IEnumerable<GeneratedGroup> Generate(CrisisScenario scenario, int people, int seed)
    {
        var random = new Random(seed);
        var generated = 0;
        while (generated < people)
        {
            var size = Math.Min(Pick(random, scenario.GroupSizes, g => g.Share).Size, people - generated);
            var nationality = Pick(random, scenario.Nationalities, n => n.Share);
            var family = FamilyNames[random.Next(FamilyNames.Length)];
            var members = Enumerable.Range(0, size).Select(i => Person(random, scenario, nationality, family, alone: size == 1, leader: i == 0)).ToList();
            generated += size;
            var pickup = Pick(random, scenario.PickupPlaces, p => p.Share).Code;
            var acceptsThirdCountry = random.NextDouble() < scenario.AcceptsThirdCountryShare;
            // Someone without a passport needs a laissez-passer, which their consulate issues only with the group's consent:
            // intake asks for it then.
            var consent = random.NextDouble() < scenario.ConsentShare || members.Any(p => p.DocumentKind == "none");
            yield return new GeneratedGroup(scenario.CrisisId, pickup, nationality.Destination, acceptsThirdCountry, consent, members);
        }
    }

    static GeneratedPerson Person(Random random, CrisisScenario scenario, NationalityShare nationality, string family, bool alone, bool leader)
    {
        var needs = scenario.NeedsPerPerson.Where(need => random.NextDouble() < need.Value).Select(need => need.Key).ToList();
        // A child travelling with relatives who are not their parents is separated, not unaccompanied.
        if (!alone && needs.Remove("unaccompanied-child"))
            needs.Add("separated-child");
        var child = needs.Contains("unaccompanied-child") || needs.Contains("separated-child");
        var age = child ? random.Next(8, 17) : random.NextDouble() < scenario.ElderlyShare ? random.Next(65, 85) : leader ? random.Next(20, 60) : random.Next(1, 60);
        var sex = needs.Contains("pregnant") ? "F" : random.Next(2) == 0 ? "F" : "M";
        if (needs.Contains("pregnant") && (age < 16 || age > 45))
            needs.Remove("pregnant");
        var (document, number) = random.NextDouble() >= scenario.WithoutDocumentShare
            ? ("passport", $"{nationality.Code[..2]}{random.Next(1_000_000, 9_999_999)}")
            : nationality.Consulate ? ("none", null) : ("travel-document", $"ICRC-{random.Next(100_000, 999_999)}");
        return new GeneratedPerson(GivenNames[random.Next(GivenNames.Length)], family, sex, age, nationality.Code, document, number, needs);
    }

    static T Pick<T>(Random random, IReadOnlyList<T> choices, Func<T, double> share)
    {
        var roll = random.NextDouble() * choices.Sum(share);
        foreach (var choice in choices)
            if ((roll -= share(choice)) <= 0)
                return choice;
        return choices[^1];
    }
}
