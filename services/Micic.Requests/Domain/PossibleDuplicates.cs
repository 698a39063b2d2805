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

/// <summary>A person taken in (<see cref="Person"/>) and a person of another request who shares a key with them.</summary>
public sealed record Candidate(Guid RequestId, Guid PersonId, PersonIdentity Person, Guid OtherRequestId, Guid OtherPersonId, PersonIdentity Other);

/// <summary>A person who looks like someone in the other request of a possible duplicate.</summary>
public sealed record FlaggedPerson(Guid PersonId, Guid RequestId);

/// <summary>Two requests that may hold the same people: the one registered first, the one that came after.</summary>
public sealed record DuplicateFlag(Guid FirstRequestId, Guid SecondRequestId, DuplicateReason Reason, IReadOnlyList<FlaggedPerson> People);

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
    /// <summary>
    /// A key shared by more people of open requests than this identifies no one — a number typed as a placeholder, a
    /// name as common as its age — and flags nobody, rather than flooding the review with the whole crowd.
    /// </summary>
    public const int MostSharingAKey = 10;

    /// <summary>Fewer letters and digits than this are no document number ("N/A", "0") but a desk's way of saying there is none.</summary>
    const int ShortestDocumentNumber = 5;

    /// <summary>
    /// The key of a person's document, or null without one: nationality and the number without spaces, dots or dashes;
    /// digits typed on an Arabic keyboard or at full width are the passport's digits; a number needs a digit and at least
    /// five characters.
    /// </summary>
    public static string? DocumentKey(PersonIdentity person)
    {
        var number = new string((person.DocumentNumber ?? "").Normalize(NormalizationForm.FormKC).Where(char.IsLetterOrDigit)
            .Select(c => CharUnicodeInfo.GetDecimalDigitValue(c) is var digit and >= 0 ? (char)('0' + digit) : c).ToArray()).ToUpperInvariant();
        return number.Length < ShortestDocumentNumber || !number.Any(char.IsDigit) ? null : $"{person.Nationality.ToUpperInvariant()}:{number}";
    }

    /// <summary>The key of a person's names and sex, or null without a given name to compare.</summary>
    public static string? IdentityKey(PersonIdentity person) =>
        Name(person.GivenName) is { Length: > 0 } given ? $"{given}|{Name(person.FamilyName)}|{person.Sex.ToUpperInvariant()}" : null;

    /// <summary>Why <paramref name="one"/> and <paramref name="other"/> may be the same person, or null when nothing says so.</summary>
    public static DuplicateReason? Match(PersonIdentity one, PersonIdentity other, DateOnly today)
    {
        if (DocumentKey(one) is { } document && document == DocumentKey(other))
            return DuplicateReason.Document;
        if (IdentityKey(one) is { } identity && identity == IdentityKey(other) && SameAge(one, other, today))
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
    /// The possible duplicates among people just taken in (<see cref="Candidate.Person"/>) and the people of other open
    /// requests who share a key with them: one flag per pair of requests, naming every person who looks alike, for the
    /// document when any document agrees. A pair seen from both sides (two requests of one file) is flagged once.
    /// </summary>
    public static IReadOnlyList<DuplicateFlag> Flag(IEnumerable<Candidate> candidates, DateOnly today)
    {
        var flags = new Dictionary<(Guid, Guid), (Guid First, Guid Second, bool Document, List<FlaggedPerson> People)>();
        foreach (var candidate in candidates)
        {
            if (candidate.RequestId == candidate.OtherRequestId || Match(candidate.Person, candidate.Other, today) is not { } reason)
                continue;
            var pair = candidate.RequestId.CompareTo(candidate.OtherRequestId) < 0
                ? (candidate.RequestId, candidate.OtherRequestId) : (candidate.OtherRequestId, candidate.RequestId);
            if (!flags.TryGetValue(pair, out var flag))
                flags[pair] = flag = (candidate.OtherRequestId, candidate.RequestId, false, []);
            flag.People.Add(new FlaggedPerson(candidate.OtherPersonId, candidate.OtherRequestId));
            flag.People.Add(new FlaggedPerson(candidate.PersonId, candidate.RequestId));
            flags[pair] = flag with { Document = flag.Document || reason == DuplicateReason.Document };
        }
        return flags.Values.Select(flag => new DuplicateFlag(flag.First, flag.Second,
            flag.Document ? DuplicateReason.Document : DuplicateReason.Identity, flag.People.Distinct().ToList())).ToList();
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
