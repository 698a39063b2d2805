using System.Text.Json;
using System.Text.Json.Serialization;

namespace Micic.ServiceDefaults.ReferenceData;

public sealed record Place(string Code, string Name, string Country, string Kind, double Lat, double Lon);

public sealed record Crisis(string Id, string Name, string Country, DateTimeOffset StartedAt);

/// <param name="Services">For a referral partner: what it offers (asylum, child-protection, …).</param>
/// <param name="Countries">For a referral partner: the countries it covers beyond its <paramref name="Sites"/>.</param>
/// <param name="Mfa"><c>required</c> or <c>optional</c>: whether its people sign in with a second factor (coordinators and consulates always do).</param>
public sealed record Organisation(
    string Id, string Name, IReadOnlyList<string> Roles, string ClientId, string ClientSecret,
    IReadOnlyList<string>? Nationalities = null, IReadOnlyList<string>? Sites = null,
    IReadOnlyList<string>? Services = null, IReadOnlyList<string>? Countries = null, string? Mfa = null);

/// <summary>
/// The reference data of <c>seeds/</c> (places, crises, organisations, ISO 3166-1 alpha-3 countries), read once at start.
/// The folder is <c>Seeds:Path</c>, or the nearest <c>seeds/</c> above the working directory.
/// </summary>
public sealed class SeedData
{
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { NumberHandling = JsonNumberHandling.Strict };

    public IReadOnlyDictionary<string, Place> Places { get; }
    public IReadOnlyDictionary<string, Crisis> Crises { get; }
    public IReadOnlyList<Organisation> Organisations { get; }
    public IReadOnlySet<string> Countries { get; }

    public SeedData(string folder)
    {
        Places = Read<List<Place>>(folder, "places.json").ToDictionary(place => place.Code, StringComparer.Ordinal);
        Crises = Read<List<Crisis>>(folder, "crises.json").ToDictionary(crisis => crisis.Id, StringComparer.Ordinal);
        Organisations = Read<List<Organisation>>(folder, "organisations.json");
        Countries = Read<List<string>>(folder, "countries.json").ToHashSet(StringComparer.Ordinal);
    }

    public bool IsCountry(string? code) => code is not null && Countries.Contains(code);

    public static string FindFolder(string? configured)
    {
        if (!string.IsNullOrWhiteSpace(configured))
            return Directory.Exists(configured) ? configured : throw new DirectoryNotFoundException($"Seeds:Path '{configured}' does not exist.");
        for (var directory = new DirectoryInfo(Directory.GetCurrentDirectory()); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "seeds");
            if (File.Exists(Path.Combine(candidate, "places.json")))
                return candidate;
        }
        throw new DirectoryNotFoundException("No seeds folder found: set Seeds:Path.");
    }

    static T Read<T>(string folder, string file) =>
        JsonSerializer.Deserialize<T>(File.ReadAllText(Path.Combine(folder, file)), Json)
        ?? throw new InvalidDataException($"{file} is empty.");
}
