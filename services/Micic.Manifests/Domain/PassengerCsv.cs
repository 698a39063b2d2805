using System.Text;
using Micic.ServiceDefaults;

namespace Micic.Manifests.Domain;

/// <summary>
/// The passenger list as airlines and border authorities open it: UTF-8 with a byte-order mark (so spreadsheet programs
/// read Arabic or accented names right), comma-separated, RFC 4180 quoting, one row per passenger, and no cell that a
/// spreadsheet would run as a formula.
/// </summary>
public static class PassengerCsv
{
    public static readonly string[] Header =
    [
        "personId", "requestId", "familyName", "givenName", "nationality", "documentKind", "documentNumber", "documentExpiresOn",
        "travelDocumentKind", "travelDocumentNumber", "boarding",
    ];

    public static byte[] Write(IEnumerable<Passenger> passengers)
    {
        var text = new StringBuilder();
        Row(text, Header);
        foreach (var p in passengers)
            Row(text, [
                p.PersonId.ToString(), p.RequestId.ToString(), p.FamilyName ?? "", p.GivenName ?? "", p.Nationality, p.DocumentKind, p.DocumentNumber ?? "",
                p.DocumentExpiresOn?.ToString("yyyy-MM-dd") ?? "", p.TravelDocumentKind ?? "", p.TravelDocumentNumber ?? "", p.Boarding.WireName(),
            ]);
        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text.ToString())];
    }

    static void Row(StringBuilder text, IEnumerable<string> fields)
    {
        text.AppendJoin(',', fields.Select(Quote));
        text.Append("\r\n");
    }

    static string Quote(string field)
    {
        // A cell a spreadsheet would run as a formula (=, +, @) is kept as text with a leading apostrophe.
        if (field.Length > 0 && field[0] is '=' or '+' or '@' or '\t')
            field = "'" + field;
        return field.IndexOfAny([',', '"', '\r', '\n']) >= 0 || field.StartsWith(' ') || field.EndsWith(' ')
            ? $"\"{field.Replace("\"", "\"\"")}\""
            : field;
    }
}
