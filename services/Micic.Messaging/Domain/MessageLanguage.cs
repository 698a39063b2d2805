namespace Micic.Messaging.Domain;

/// <summary>
/// The language a group's messages are written in: the one it asked for, else the one most people of its main
/// nationality read, else English.
/// </summary>
public static class MessageLanguage
{
    public const string English = "en";
    public const string French = "fr";
    public const string Arabic = "ar";
    public const string Bengali = "bn";

    public static readonly IReadOnlyList<string> All = [English, French, Arabic, Bengali];

    /// <summary>Nationality (ISO 3166-1 alpha-3) → the language of Micic's messages most of its people read.</summary>
    static readonly Dictionary<string, string> ByNationality = new(StringComparer.Ordinal)
    {
        ["BGD"] = Bengali,
        ["DZA"] = Arabic, ["EGY"] = Arabic, ["IRQ"] = Arabic, ["JOR"] = Arabic, ["LBN"] = Arabic, ["LBY"] = Arabic, ["MAR"] = Arabic,
        ["MRT"] = Arabic, ["PSE"] = Arabic, ["SDN"] = Arabic, ["SOM"] = Arabic, ["SYR"] = Arabic, ["TUN"] = Arabic, ["YEM"] = Arabic,
        ["BEN"] = French, ["BFA"] = French, ["CIV"] = French, ["CMR"] = French, ["COD"] = French, ["COG"] = French, ["FRA"] = French,
        ["GIN"] = French, ["HTI"] = French, ["MDG"] = French, ["MLI"] = French, ["NER"] = French, ["SEN"] = French, ["TCD"] = French,
        ["TGO"] = French,
    };

    public static string For(string? asked, string? mainNationality) =>
        asked is not null && All.Contains(asked) ? asked
        : mainNationality is not null && ByNationality.TryGetValue(mainNationality, out var language) ? language
        : English;
}
