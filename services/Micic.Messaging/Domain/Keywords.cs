using System.Globalization;
using System.Text;

namespace Micic.Messaging.Domain;

public enum Keyword
{
    /// <summary>Not a keyword: what the person wrote is feedback.</summary>
    None,
    Yes,
    No,
    Stop,
    Help,
}

/// <summary>
/// The replies Micic understands, in English, French and Arabic. A message is a keyword only when it is the word alone
/// (in any case, with or without accents or vowel marks, and trailing punctuation): "no problem, thank you" must not
/// give a seat away.
/// </summary>
public static class Keywords
{
    static readonly Dictionary<string, Keyword> Words = new(StringComparer.Ordinal)
    {
        ["YES"] = Keyword.Yes, ["OUI"] = Keyword.Yes, ["نعم"] = Keyword.Yes,
        ["NO"] = Keyword.No, ["NON"] = Keyword.No, ["لا"] = Keyword.No,
        ["STOP"] = Keyword.Stop, ["ARRET"] = Keyword.Stop, ["توقف"] = Keyword.Stop,
        ["HELP"] = Keyword.Help, ["AIDE"] = Keyword.Help, ["مساعدة"] = Keyword.Help,
    };

    public static Keyword Read(string text) => Words.GetValueOrDefault(Normalise(text), Keyword.None);

    /// <summary>Upper case, without Latin accents, Arabic vowel marks and elongation, or the punctuation around the word.</summary>
    static string Normalise(string text)
    {
        var decomposed = text.Trim().Trim('.', '!', '?', '؟', ',', '،', ' ').Normalize(NormalizationForm.FormD);
        var kept = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            var category = CharUnicodeInfo.GetUnicodeCategory(c);
            // Combining marks are Latin accents and Arabic harakat alike; U+0640 is the Arabic tatweel.
            if (category != UnicodeCategory.NonSpacingMark && c != '\u0640')
                kept.Append(c);
        }
        return kept.ToString().Normalize(NormalizationForm.FormC).ToUpperInvariant();
    }
}
