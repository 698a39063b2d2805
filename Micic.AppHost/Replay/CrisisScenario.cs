using System.Text.Json;

namespace Micic.AppHost.Replay;

/// <summary>A crisis to replay, read from <c>seeds/scenarios/*.json</c>: who needs evacuating, from where, in what groups.</summary>
public sealed record CrisisScenario(
    string CrisisId,
    IReadOnlyList<NationalityShare> Nationalities,
    IReadOnlyList<PlaceShare> PickupPlaces,
    IReadOnlyList<GroupSizeShare> GroupSizes,
    IReadOnlyDictionary<string, double> NeedsPerPerson,
    double ElderlyShare,
    double ConsentShare,
    double AcceptsThirdCountryShare,
    double WithoutDocumentShare)
{
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static CrisisScenario Load(string path) =>
        JsonSerializer.Deserialize<CrisisScenario>(File.ReadAllText(path), Json)
        ?? throw new InvalidOperationException($"{path} holds no scenario.");
}

public sealed record NationalityShare(string Code, double Share, string Destination);
public sealed record PlaceShare(string Code, double Share);
public sealed record GroupSizeShare(int Size, double Share);

/// <summary>One person of a generated group, in the API's words.</summary>
public sealed record GeneratedPerson(string GivenName, string FamilyName, string Sex, int Age, string Nationality, string DocumentKind,
    string? DocumentNumber, IReadOnlyList<string> Needs);

/// <summary>One group of a generated crisis, ready to be submitted as an evacuation request.</summary>
public sealed record GeneratedGroup(string CrisisId, string PickupPlace, string DestinationCountry, bool AcceptsThirdCountry,
    bool ConsentToShareWithConsulate, IReadOnlyList<GeneratedPerson> People);

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
            var members = Enumerable.Range(0, size).Select(i => Person(random, scenario, nationality.Code, family, leader: i == 0)).ToList();
            generated += size;
            yield return new GeneratedGroup(scenario.CrisisId, Pick(random, scenario.PickupPlaces, p => p.Share).Code, nationality.Destination,
                random.NextDouble() < scenario.AcceptsThirdCountryShare, random.NextDouble() < scenario.ConsentShare, members);
        }
    }

    static GeneratedPerson Person(Random random, CrisisScenario scenario, string nationality, string family, bool leader)
    {
        var needs = scenario.NeedsPerPerson.Where(need => random.NextDouble() < need.Value).Select(need => need.Key).ToList();
        var child = needs.Contains("unaccompanied-child");
        var age = child ? random.Next(8, 17) : random.NextDouble() < scenario.ElderlyShare ? random.Next(65, 85) : leader ? random.Next(20, 60) : random.Next(1, 60);
        var sex = needs.Contains("pregnant") ? "F" : random.Next(2) == 0 ? "F" : "M";
        if (needs.Contains("pregnant") && (age < 16 || age > 45))
            needs.Remove("pregnant");
        var document = random.NextDouble() < scenario.WithoutDocumentShare ? "none" : "passport";
        return new GeneratedPerson(GivenNames[random.Next(GivenNames.Length)], family, sex, age, nationality, document,
            document == "none" ? null : $"{nationality[..2]}{random.Next(1_000_000, 9_999_999)}", needs);
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
