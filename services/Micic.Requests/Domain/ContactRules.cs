using System.Text.RegularExpressions;

namespace Micic.Requests.Domain;

/// <summary>
/// How a group may be reached by SMS: a phone in E.164 form, the language its messages are written in, and whether it
/// agreed to receive them. Written as people give them (spaces, dashes, brackets), stored as E.164.
/// </summary>
public static partial class ContactRules
{
    /// <summary>The languages Micic writes its messages in (BCP 47 primary tags).</summary>
    public static readonly IReadOnlyList<string> Languages = ["en", "fr", "ar", "bn"];

    /// <summary>The phone as E.164 (<c>+</c>, country code, number: 8 to 15 digits), or null when it cannot be one.</summary>
    public static string? E164(string? phone)
    {
        if (string.IsNullOrWhiteSpace(phone) || phone.Length > 32)
            return null;
        var digits = Formatting().Replace(phone.Trim(), "");
        return E164Pattern().IsMatch(digits) ? digits : null;
    }

    /// <summary>The language as Micic names it (lower case), or null when it is none Micic writes in.</summary>
    public static string? Language(string? language) =>
        language is null ? null : Languages.FirstOrDefault(known => known.Equals(language.Trim(), StringComparison.OrdinalIgnoreCase));

    [GeneratedRegex(@"[ ()\-.]")]
    private static partial Regex Formatting();

    [GeneratedRegex(@"^\+[1-9][0-9]{7,14}$")]
    private static partial Regex E164Pattern();
}
