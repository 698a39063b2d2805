using System.Globalization;
using System.Text;

namespace Micic.Manifests.Domain;

/// <summary>
/// Passengers of one manifest who carry the same identity document: one family registered at two desks, or a document
/// lent or copied. The carrier must know before boarding. Only the document decides here — its kind, the nationality
/// that issued it and its number as desks type it; names and ages are for the possible duplicates of Requests, which
/// flags people before they are matched. Nothing in a warning says what the document is: the rows it points to show
/// the number to whoever may see them.
/// </summary>
public sealed record SameDocument(IReadOnlyList<Guid> PersonIds, IReadOnlyList<Guid> RequestIds)
{
    /// <summary>The API's word for this warning.</summary>
    public const string Kind = "same-document";

    /// <summary>
    /// The documents that more than one of <paramref name="passengers"/> carries, in the order their first holder comes.
    /// A no-show does not travel, so holds no seat on the document; a person without a document never counts.
    /// </summary>
    public static IReadOnlyList<SameDocument> Among(IEnumerable<Passenger> passengers) =>
        passengers.Where(p => p.Boarding != Boarding.NoShow)
            .Select(p => (Passenger: p, Key: KeyOf(p)))
            .Where(held => held.Key is not null)
            .GroupBy(held => held.Key, StringComparer.Ordinal)
            .Where(holders => holders.Count() > 1)
            .Select(holders => new SameDocument(
                holders.Select(held => held.Passenger.PersonId).ToList(), holders.Select(held => held.Passenger.RequestId).Distinct().ToList()))
            .ToList();

    /// <summary>Whether the person carries a document that could be someone else's too: a kind other than none, and a number.</summary>
    public static bool Counts(string documentKind, string? documentNumber) => KeyOf(documentKind, "", documentNumber) is not null;

    /// <summary>Who else carries <paramref name="personId"/>'s document, by <paramref name="warnings"/>; none when nobody does.</summary>
    public static IReadOnlyList<Guid> OthersHolding(Guid personId, IEnumerable<SameDocument> warnings) =>
        warnings.FirstOrDefault(w => w.PersonIds.Contains(personId))?.PersonIds.Where(id => id != personId).ToList() ?? [];

    /// <summary>The same warning: the same people (a later look at a manifest finds it again, in whatever order).</summary>
    public bool SamePeopleAs(SameDocument other) => PersonIds.Count == other.PersonIds.Count && PersonIds.All(other.PersonIds.Contains);

    static string? KeyOf(Passenger p) => KeyOf(p.DocumentKind, p.Nationality, p.DocumentNumber);

    /// <summary>What two passengers carrying the same document share: its kind, the issuing nationality and the number as printed; null without one.</summary>
    public static string? KeyOf(string kind, string nationality, string? number) =>
        kind.Equals("none", StringComparison.OrdinalIgnoreCase) || Number(number) is not { Length: > 0 } typed
            ? null
            : $"{kind.ToUpperInvariant()}|{nationality.ToUpperInvariant()}|{typed}";

    /// <summary>
    /// A document number as desks differ in typing it: case, spaces, hyphens, dots and other separators do not count, and
    /// digits typed on an Arabic keyboard (٠١٢…) or at full width are the digits printed in the passport.
    /// </summary>
    public static string Number(string? typed)
    {
        var kept = new StringBuilder();
        foreach (var c in (typed ?? "").Normalize(NormalizationForm.FormKC))
        {
            if (CharUnicodeInfo.GetDecimalDigitValue(c) is var digit and >= 0)
                kept.Append((char)('0' + digit));
            else if (char.IsLetter(c))
                kept.Append(char.ToUpperInvariant(c));
        }
        return kept.ToString();
    }
}
