using System.Globalization;
using System.Text.RegularExpressions;

namespace Micic.Requests.Domain;

/// <summary>
/// Reads a CSV file of registrations (<c>POST /api/registrations/import</c>): one row per person, the rows of one
/// household tied together by their <c>household</c> value, each household checked by <see cref="RegistrationValidator"/>
/// exactly as a single registration is. Unlike an import of requests, the file is taken whole or not at all: a registry
/// is kept for years, and a file half taken in would be sent again and registered twice.
/// <para>Columns (header names are case-insensitive, in any order; unnamed columns are ignored, unknown ones refused):</para>
/// <list type="bullet">
/// <item><c>household</c> (required): any text naming the household within the file; 1–20 rows.</item>
/// <item>Household columns, taken from its first row; a later row may repeat them or leave them blank, but a different
/// value is an error on that row: <c>nationality</c>, <c>countryOfResidence</c>, <c>phone</c> (E.164) and
/// <c>consentToContact</c> (true; yes and 1 are read too) required, <c>area</c> (a place code of that country) and
/// <c>language</c> (en, fr, ar or bn) optional.</item>
/// <item>Person columns: <c>givenName</c>, <c>familyName</c> (may be empty), <c>sex</c> (F, M or X), and optionally
/// <c>birthDate</c> (yyyy-MM-dd), <c>documentKind</c>, <c>documentNumber</c> and <c>documentExpiresOn</c>.</item>
/// </list>
/// Rows are numbered as a spreadsheet numbers them (the header is row 1); an error names the row and the column.
/// </summary>
public sealed partial class RegistrationImporter(RegistrationValidator validator)
{
    public const string HouseholdColumn = "household";

    static readonly string[] Required = [HouseholdColumn, "nationality", "countryOfResidence", "phone", "consentToContact", "givenName", "familyName", "sex"];
    static readonly string[] Optional = ["area", "language", "birthDate", "documentKind", "documentNumber", "documentExpiresOn"];
    static readonly string[] HouseholdColumns = ["nationality", "countryOfResidence", "area", "phone", "language", "consentToContact"];

    /// <summary>Reads the whole file: its households, in the order they first appear, or why it cannot be taken.</summary>
    public async Task<RegistrationsReading> Read(TextReader text, CancellationToken cancellationToken)
    {
        var csv = await CsvRecordReader.Open(text, cancellationToken);
        if (csv.Header.Count == 0)
            return RegistrationsReading.Refuse("body", "The file is empty: expected a header row naming the columns, then one row per person.");
        var (columns, problems) = CsvCells.MapColumns(csv.Header, Required, Optional);
        if (problems.Count > 0)
            return new RegistrationsReading([], problems, []);

        var households = new Dictionary<string, HouseholdRows>(StringComparer.Ordinal);
        var errors = new List<ImportError>();
        while (await csv.Read(cancellationToken) is { } record)
        {
            if (record.IsBlank && !record.Unterminated)
                continue;
            if (CsvCells.Malformed(record, csv.Header.Count) is { } malformed)
            {
                errors.Add(new ImportError(record.Row, EvacuationRequestImporter.RowField, malformed));
                continue;
            }
            var row = new CsvCells(record, columns);
            if (row.Text(HouseholdColumn) is not { } key)
            {
                errors.Add(new ImportError(record.Row, HouseholdColumn, "Required: the rows of one household share a household value."));
                continue;
            }
            if (!households.TryGetValue(key, out var household))
                households[key] = household = new HouseholdRows(record.Row, row);
            else
                errors.AddRange(HouseholdColumns.Where(column => row.Text(column) is { } given && !Same(column, given, household.First.Text(column)))
                    .Select(column => new ImportError(record.Row, column,
                        $"Differs from the household's first row (row {household.FirstRow}): a household's {column} is given once for all its people.")));
            if (household.Members.Count == EvacuationRequestValidator.MaxPeople)
                errors.Add(new ImportError(record.Row, HouseholdColumn,
                    $"Household '{key}' has more than {EvacuationRequestValidator.MaxPeople} people; register larger ones as several."));
            else
                household.Members.Add((record.Row, Member(row)));
            errors.AddRange(row.Errors);
        }
        if (households.Count == 0 && errors.Count == 0)
            return RegistrationsReading.Refuse("body", "The file has a header but no rows: expected one row per person.");

        var read = new List<(int FirstRow, RegisterHousehold Registration)>();
        foreach (var household in households.Values)
        {
            var registration = household.Registration();
            foreach (var (path, messages) in validator.Validate(registration))
                errors.AddRange(messages.Select(message => Locate(path, message, household))
                    .Where(error => !errors.Any(earlier => earlier.Row == error.Row && earlier.Field == error.Field)));
            read.Add((household.FirstRow, registration));
        }
        return new RegistrationsReading(errors.Count == 0 ? read : [], null, [.. errors.OrderBy(error => error.Row)]);
    }

    static bool Same(string column, string given, string? first) =>
        string.Equals(given, first, column is "phone" ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase);

    static HouseholdMember Member(CsvCells row)
    {
        var kind = row.Text("documentKind")?.ToLowerInvariant();
        var number = row.Text("documentNumber");
        var expires = row.Date("documentExpiresOn");
        return new HouseholdMember(row.Text("givenName"), row.Text("familyName") ?? "", row.Code("sex"), row.Date("birthDate"),
            kind is null && number is null && expires is null ? null : new TravelDocument(kind, number, expires));
    }

    /// <summary>Puts a validator error (a JSON path such as <c>household[2].document.kind</c>) on its row and column.</summary>
    static ImportError Locate(string path, string message, HouseholdRows household)
    {
        if (MemberPath().Match(path) is not { Success: true } member)
            return new ImportError(household.FirstRow, path switch { "contact.phone" => "phone", "contact.language" => "language", _ => path }, message);
        var row = household.Members[int.Parse(member.Groups[1].Value, CultureInfo.InvariantCulture)].Row;
        return new ImportError(row, member.Groups[2].Value switch
        {
            "document.kind" => "documentKind",
            "document.number" => "documentNumber",
            "" => HouseholdColumn,
            var field => field,
        }, message);
    }

    [GeneratedRegex(@"^household\[(\d+)\]\.?(.*)$")]
    private static partial Regex MemberPath();

    /// <summary>A household's rows as they are read: its values, from its first row (read at once, so that its cells' problems are the row's), and its members.</summary>
    sealed class HouseholdRows(int firstRow, CsvCells first)
    {
        readonly RegisterHousehold _values = new(
            first.Code("nationality"), first.Code("countryOfResidence"), first.Code("area"), null,
            new RegistrationContact(first.Text("phone"), first.Text("language")?.ToLowerInvariant()), first.Boolean("consentToContact"));

        public int FirstRow => firstRow;
        public CsvCells First => first;
        public List<(int Row, HouseholdMember Member)> Members { get; } = [];

        public RegisterHousehold Registration() => _values with { Household = [.. Members.Select(member => (HouseholdMember?)member.Member)] };
    }
}

/// <summary>
/// What a file of registrations holds: every household with its first row when the whole file is valid; otherwise the
/// file's refusal (field → messages) or every row's problems, in row order.
/// </summary>
public sealed record RegistrationsReading(
    IReadOnlyList<(int FirstRow, RegisterHousehold Registration)> Households, Dictionary<string, string[]>? Refusal, IReadOnlyList<ImportError> Errors)
{
    public static RegistrationsReading Refuse(string field, string message) => new([], new() { [field] = [message] }, []);
}
