using System.Globalization;
using System.Text;

namespace Micic.Requests.Domain;

/// <summary>Why two people of open requests may be the same person.</summary>
public enum DuplicateReason
{
    /// <summary>The same nationality and the same document number.</summary>
    Document,
    /// <summary>The same names and sex, and the same birth date or an age that agrees with it.</summary>
    Identity,
}

/// <summary>A person as the duplicate check compares them.</summary>
public sealed record PersonIdentity(string GivenName, string FamilyName, string Sex, DateOnly? BirthDate, int? Age, string Nationality,
    string? DocumentNumber);

/// <summary>
/// In a crisis several desks register the same family: a person who looks like one in another open request is flagged,
/// never refused. Keys are what a store indexes to find candidates; <see cref="Match"/> decides. Names are compared as
/// desks vary them — case, accents, Arabic short vowels and spacing do not count — and ages given weeks apart may differ
/// by a year.
/// </summary>
public static class PossibleDuplicates
{
    /// <summary>The key of a person's document, or null without one: nationality and the number without spaces, dots or dashes.</summary>
    public static string? DocumentKey(PersonIdentity person)
    {
        var number = new string((person.DocumentNumber ?? "").Where(char.IsLetterOrDigit).ToArray()).ToUpperInvariant();
        return number.Length == 0 ? null : $"{person.Nationality.ToUpperInvariant()}:{number}";
    }

    /// <summary>The key of a person's names and sex.</summary>
    public static string IdentityKey(PersonIdentity person) =>
        $"{Name(person.GivenName)}|{Name(person.FamilyName)}|{person.Sex.ToUpperInvariant()}";

    /// <summary>Why <paramref name="one"/> and <paramref name="other"/> may be the same person, or null when nothing says so.</summary>
    public static DuplicateReason? Match(PersonIdentity one, PersonIdentity other, DateOnly today)
    {
        if (DocumentKey(one) is { } document && document == DocumentKey(other))
            return DuplicateReason.Document;
        if (Name(one.GivenName).Length > 0 && IdentityKey(one) == IdentityKey(other) && SameAge(one, other, today))
            return DuplicateReason.Identity;
        return null;
    }

    static bool SameAge(PersonIdentity one, PersonIdentity other, DateOnly today) =>
        one.BirthDate is { } born && other.BirthDate is { } otherBorn
            ? born == otherBorn
            : AgeOf(one, today) is { } age && AgeOf(other, today) is { } otherAge && Math.Abs(age - otherAge) <= 1;

    static int? AgeOf(PersonIdentity person, DateOnly today)
    {
        if (person.BirthDate is not { } born)
            return person.Age;
        var age = today.Year - born.Year;
        return born > today.AddYears(-age) ? age - 1 : age;
    }

    /// <summary>
    /// Lower case, without accents, Arabic short vowels and elongation, spaces, hyphens or apostrophes: "Abdel Rahman",
    /// "Abdel-Rahman" and "Abdelrahman" are one name, as transliterations at different desks make them.
    /// </summary>
    static string Name(string name)
    {
        var kept = new StringBuilder(name.Length);
        foreach (var c in name.Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark || c == Tatweel || char.IsWhiteSpace(c) || c is '-' or '\'')
                continue;
            kept.Append(char.ToLowerInvariant(c));
        }
        return kept.ToString();
    }

    /// <summary>The Arabic elongation mark, which stretches a word on screen and changes nothing in it.</summary>
    const char Tatweel = '\u0640';
}
