using System.Text;
using Micic.ServiceDefaults;

namespace Micic.Manifests.Domain;

/// <summary>
/// The passenger list as airlines and border authorities open it: UTF-8 with a byte-order mark (so spreadsheet programs
/// read Arabic or accented names right), comma-separated, RFC 4180 quoting, one row per passenger, and no cell that a
/// spreadsheet would run as a formula. A last column warns of passengers who carry the same document, by the rows a
/// spreadsheet shows (the header is row 1) and the names on them, so that a sorted sheet still says who.
/// </summary>
public static class PassengerCsv
{
    public static readonly string[] Header =
    [
        "personId", "requestId", "familyName", "givenName", "nationality", "documentKind", "documentNumber", "documentExpiresOn",
        "travelDocumentKind", "travelDocumentNumber", "boarding", "warning",
    ];

    /// <param name="passengers">The rows, in order.</param>
    /// <param name="warnings">Documents carried twice among <paramref name="passengers"/>.</param>
    public static byte[] Write(IReadOnlyList<Passenger> passengers, IReadOnlyList<SameDocument> warnings)
    {
        var rows = passengers.Select((p, index) => (p, Row: index + 2)).ToDictionary(row => row.p.PersonId);
        string Warning(Passenger p) => SameDocument.OthersHolding(p.PersonId, warnings) is { Count: > 0 } others
            ? "same document as " + string.Join("; ", others.Where(rows.ContainsKey)
                .Select(other => $"row {rows[other].Row} ({rows[other].p.GivenName} {rows[other].p.FamilyName})"))
            : "";

        var text = new StringBuilder();
        Row(text, Header);
        foreach (var p in passengers)
            Row(text, [
                p.PersonId.ToString(), p.RequestId.ToString(), p.FamilyName ?? "", p.GivenName ?? "", p.Nationality, p.DocumentKind, p.DocumentNumber ?? "",
                p.DocumentExpiresOn?.ToString("yyyy-MM-dd") ?? "", p.TravelDocumentKind ?? "", p.TravelDocumentNumber ?? "", p.Boarding.WireName(),
                Warning(p),
            ]);
        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text.ToString())];
    }

    static void Row(StringBuilder text, IEnumerable<string> fields)
    {
        text.AppendJoin(',', fields.Select(Quote));
        text.Append("\r\n");
    }

    /// <summary>
    /// What a spreadsheet would take for the start of a formula (OWASP's list: <c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>, tab and
    /// carriage return); a cell starting with one is kept as text by a leading apostrophe.
    /// </summary>
    static readonly char[] FormulaStarts = ['=', '+', '-', '@', '\t', '\r'];

    /// <summary>A cell as text a spreadsheet shows and never runs: a family name <c>-1+HYPERLINK(…)</c> stays a name.</summary>
    public static string Inert(string field) => field.Length > 0 && FormulaStarts.Contains(field[0]) ? "'" + field : field;

    static string Quote(string field)
    {
        field = Inert(field);
        return field.IndexOfAny([',', '"', '\r', '\n']) >= 0 || field.StartsWith(' ') || field.EndsWith(' ')
            ? $"\"{field.Replace("\"", "\"\"")}\""
            : field;
    }
}
