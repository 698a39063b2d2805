using Micic.ServiceDefaults.ReferenceData;

namespace Micic.ServiceDefaults.Http;

/// <summary>
/// A list's filters, checked alike everywhere: a value the platform does not know (a misspelt status, a place code that
/// is not a place) is a mistake to name, not a filter that quietly matches nothing. An empty value means no filter.
/// </summary>
public sealed class ListFilters(Dictionary<string, string[]> errors)
{
    /// <returns>The value, or null when the parameter was not given.</returns>
    public string? OneOf(string parameter, string? value, IReadOnlyCollection<string> known) =>
        Check(parameter, value, known.Contains, $"Must be one of: {string.Join(", ", known)}.");

    public string? Place(string parameter, string? value, SeedData seeds) =>
        Check(parameter, value, seeds.Places.ContainsKey, $"There is no place {Shown(value)}; GET /api/places lists them.");

    /// <param name="found">The crisis of that id, as the service's crisis catalogue found it (null: none).</param>
    public string? Crisis(string parameter, string? value, Crisis? found) =>
        Check(parameter, value, id => found?.Id == id, $"There is no crisis {Shown(value)}.");

    string? Check(string parameter, string? value, Func<string, bool> isKnown, string refusal)
    {
        if (string.IsNullOrEmpty(value))
            return null;
        if (!isKnown(value))
            errors[parameter] = [refusal];
        return value;
    }

    // A hostile value is quoted back short and printable.
    static string Shown(string? value) =>
        $"'{(value is null ? "" : PrintableText.HasControlCharacters(value) ? "(unprintable)" : value.Length > 40 ? value[..40] + "…" : value)}'";
}
