using Micic.ServiceDefaults.Auth;
using Micic.ServiceDefaults.ReferenceData;

namespace Micic.Requests.Domain;

/// <summary>The body of <c>POST /api/crises</c>.</summary>
public sealed record DeclareCrisis(string? Name, string? Country, IReadOnlyList<string?>? Areas, int? AlertLevel);

/// <summary>The body of <c>PATCH /api/crises/{id}</c>.</summary>
public sealed record ChangeAlertLevel(int? AlertLevel);

/// <summary>One step of a crisis's alert level: from null when it was declared.</summary>
public sealed record AlertLevelChange(DateTimeOffset At, AlertLevel? From, AlertLevel To, ActorView By);

/// <summary>
/// A crisis a coordinator declared: in a country, for some of its areas (place codes; none means the whole country), at an
/// alert level that changes over time. Every change is kept, with when and by whom; declaring is the first.
/// </summary>
public sealed class DeclaredCrisis
{
    readonly List<AlertLevelChange> _history;

    DeclaredCrisis(string id, string name, string country, IReadOnlyList<string> areas, IEnumerable<AlertLevelChange> history)
    {
        (Id, Name, Country, Areas, _history) = (id, name, country, areas, [.. history]);
        if (_history.Count == 0 || _history[0].From is not null)
            throw new ArgumentException("A crisis's history begins with its declaration.", nameof(history));
    }

    public string Id { get; }
    public string Name { get; }
    public string Country { get; }
    public IReadOnlyList<string> Areas { get; }
    public DateTimeOffset DeclaredAt => _history[0].At;
    public AlertLevel Level => _history[^1].To;
    public IReadOnlyList<AlertLevelChange> History => _history;

    public static DeclaredCrisis Declare(string id, string name, string country, IReadOnlyList<string> areas, AlertLevel level, DateTimeOffset at,
        ActorView by) => new(id, name, country, areas, [new AlertLevelChange(at, null, level, by)]);

    /// <summary>A crisis as stored: its history in the order it happened.</summary>
    public static DeclaredCrisis Restore(string id, string name, string country, IReadOnlyList<string> areas, IEnumerable<AlertLevelChange> history) =>
        new(id, name, country, areas, history);

    /// <returns>The change made, or null when the crisis is at that level already (nothing changes, nothing is announced).</returns>
    public AlertLevelChange? ChangeTo(AlertLevel level, DateTimeOffset at, ActorView by)
    {
        if (level == Level)
            return null;
        var change = new AlertLevelChange(at, Level, level, by);
        _history.Add(change);
        return change;
    }
}

/// <summary>Rules for declaring a crisis and changing its level: a named crisis, a real country, areas in it, a level 1–4.</summary>
public sealed class CrisisDeclarationRules(SeedData seeds)
{
    public const int MaxNameLength = 200;
    public const int MaxAreas = 100;

    public Dictionary<string, string[]> Validate(DeclareCrisis? declaration)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(declaration?.Name))
            errors["name"] = ["Required: the crisis as coordinators will call it, e.g. Sudan 2023."];
        else if (declaration.Name.Trim().Length > MaxNameLength)
            errors["name"] = [$"At most {MaxNameLength} characters."];

        if (string.IsNullOrWhiteSpace(declaration?.Country))
            errors["country"] = ["Required."];
        else if (!seeds.IsCountry(declaration.Country))
            errors["country"] = ["Must be an ISO 3166-1 alpha-3 country code, e.g. SDN."];

        var areas = declaration?.Areas ?? [];
        if (areas.Count > MaxAreas)
            errors["areas"] = [$"At most {MaxAreas} areas; leave them out for the whole country."];
        else
            for (var i = 0; i < areas.Count; i++)
                if (areas[i] is null || !seeds.Places.TryGetValue(areas[i]!, out var place))
                    errors[$"areas[{i}]"] = ["Must be a known place code; GET /api/places lists them."];
                else if (seeds.IsCountry(declaration!.Country) && place.Country != declaration.Country)
                    errors[$"areas[{i}]"] = [$"'{place.Code}' is in {place.Country}, not in {declaration.Country}."];

        AddLevelProblem(declaration?.AlertLevel, errors);
        return errors;
    }

    public Dictionary<string, string[]> Validate(ChangeAlertLevel? change)
    {
        var errors = new Dictionary<string, string[]>();
        AddLevelProblem(change?.AlertLevel, errors);
        return errors;
    }

    static void AddLevelProblem(int? number, Dictionary<string, string[]> errors)
    {
        if (AlertLevel.Of(number) is null)
            errors["alertLevel"] = [$"Must be one of: {string.Join(", ", AlertLevel.All)}."];
    }
}
