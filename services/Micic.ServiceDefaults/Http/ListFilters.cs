using Micic.ServiceDefaults.ReferenceData;

namespace Micic.ServiceDefaults.Http;

/// <summary>
/// A list's filters, checked alike everywhere: a value the platform does not know (a misspelt status, a place code that
/// is not a place) is a mistake to name, not a filter that quietly matches nothing. An empty value means no filter.
/// </summary>
public sealed class ListFilters(Dictionary<string, string[]> errors)
{
    public Dictionary<string, string[]> Errors => errors;

    /// <returns>The value, or null when the parameter was not given.</returns>
    public string? OneOf(string parameter, string? value, IReadOnlyCollection<string> known)
    {
        if (string.IsNullOrEmpty(value))
            return null;
        if (!known.Contains(value))
            errors[parameter] = [$"Must be one of: {string.Join(", ", known)}."];
        return value;
    }

    public string? Place(string parameter, string? value, SeedData seeds)
    {
        if (string.IsNullOrEmpty(value))
            return null;
        if (!seeds.Places.ContainsKey(value))
            errors[parameter] = [$"There is no place {Shown(value)}; GET /api/places lists them."];
        return value;
    }

    public string? Crisis(string parameter, string? value, SeedData seeds)
    {
        if (string.IsNullOrEmpty(value))
            return null;
        if (!seeds.Crises.ContainsKey(value))
            errors[parameter] = [$"There is no crisis {Shown(value)}."];
        return value;
    }

    // A hostile value is quoted back short and printable.
    static string Shown(string value) =>
        $"'{(PrintableText.HasControlCharacters(value) ? "(unprintable)" : value.Length > 40 ? value[..40] + "…" : value)}'";
}
