using System.Text.Json;

namespace Micic.ServiceDefaults;

/// <summary>
/// The word the API and the database use for each value of a lifecycle's enum: its name in kebab case (NoShow →
/// "no-show"). In code a state is a type; on the wire and in SQL it stays a readable word.
/// </summary>
public static class WireNames<TEnum> where TEnum : struct, Enum
{
    static readonly Dictionary<TEnum, string> Names =
        Enum.GetValues<TEnum>().ToDictionary(value => value, value => JsonNamingPolicy.KebabCaseLower.ConvertName(value.ToString()));

    static readonly Dictionary<string, TEnum> Values = Names.ToDictionary(pair => pair.Value, pair => pair.Key, StringComparer.Ordinal);

    /// <summary>Every word, in the enum's order.</summary>
    public static IReadOnlyList<string> All { get; } = [.. Names.Values];

    public static string Of(TEnum value) => Names[value];

    public static bool TryParse(string? name, out TEnum value) => Values.TryGetValue(name ?? "", out value);

    /// <summary>A word read back from our own database; anything else there is a defect, not bad input.</summary>
    public static TEnum Parse(string name) =>
        TryParse(name, out var value) ? value : throw new FormatException($"'{name}' is not a {typeof(TEnum).Name}.");
}

public static class WireNameExtensions
{
    public static string WireName<TEnum>(this TEnum value) where TEnum : struct, Enum => WireNames<TEnum>.Of(value);
}
