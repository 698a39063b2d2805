using System.Globalization;
using System.Text.RegularExpressions;
using Micic.ServiceDefaults.Http;
using Micic.ServiceDefaults.ReferenceData;

namespace Micic.Requests.Domain;

/// <summary>
/// Reads a CSV import (<c>POST /api/requests/import</c>): one row per person, the rows of one family tied together by
/// their <c>group</c> value, each group becoming one evacuation request checked by <see cref="EvacuationRequestValidator"/>
/// exactly as a single submission is. A bad row rejects its own group only.
/// <para>Columns (header names are case-insensitive, in any order; unnamed columns are ignored, unknown ones refused):</para>
/// <list type="bullet">
/// <item><c>group</c> (required): any text naming the family within the file. A group's rows may be anywhere in the
/// file; it has 1–20 rows.</item>
/// <item>Group columns, taken from the group's first row; a later row may repeat them or leave them blank, but a
/// different value is an error on that row: <c>crisisId</c>, <c>pickupPlace</c>, <c>destinationCountry</c>,
/// <c>acceptsThirdCountry</c> and <c>consentToShareWithConsulate</c> (required; <c>true/false</c>, <c>yes/no</c> or
/// <c>1/0</c>), <c>earliestDeparture</c> (optional, ISO 8601, UTC unless it has an offset), <c>phone</c> (E.164),
/// <c>language</c> (of the group's messages: en, fr, ar or bn), <c>consentToMessages</c> (true/false, false when blank)
/// and <c>notes</c> (optional).</item>
/// <item>Person columns: <c>givenName</c>, <c>familyName</c> (may be empty), <c>sex</c> (F, M or X), <c>birthDate</c>
/// (yyyy-MM-dd) or <c>age</c> (at least one of the two columns), <c>nationality</c> (ISO 3166-1 alpha-3, XXA stateless,
/// XXX unknown), <c>documentKind</c> (passport, national-id, travel-document or none), <c>documentNumber</c>,
/// <c>documentExpiresOn</c> (yyyy-MM-dd) and <c>needs</c> (the API's words, separated by <c>|</c> or spaces).</item>
/// </list>
/// Cells are trimmed; places, countries, sex, document kinds, needs and true/false are read case-insensitively. Rows
/// are numbered as a spreadsheet numbers them: the header is row 1, blank rows count (and are skipped), and a row whose
/// quoted cell spans several lines is still one row. An error names the row and the column (<c>row</c> for a row that
/// cannot be read at all: a wrong number of cells, or a quote never closed; <c>group</c> for a group's 21st person).
/// </summary>
public sealed partial class EvacuationRequestImporter(EvacuationRequestValidator validator)
{
    public const string GroupColumn = "group";

    /// <summary>The field of an error about a whole row that could not be read.</summary>
    public const string RowField = "row";

    static readonly string[] Required =
    [
        GroupColumn, "crisisId", "pickupPlace", "destinationCountry", "acceptsThirdCountry", "consentToShareWithConsulate",
        "givenName", "familyName", "sex", "nationality", "documentKind",
    ];

    static readonly string[] Optional =
        ["earliestDeparture", "phone", "language", "consentToMessages", "notes", "birthDate", "age", "documentNumber", "documentExpiresOn", "needs"];

    /// <summary>Reads the whole file. Refused (nothing to store) when the file itself is unusable: empty, no data rows, or a bad header.</summary>
    /// <param name="crises">Every crisis known (the crisis catalogue's), by id.</param>
    public async Task<ImportReading> Read(TextReader text, IReadOnlyDictionary<string, Crisis> crises, CancellationToken cancellationToken)
    {
        var csv = await CsvRecordReader.Open(text, cancellationToken);
        if (csv.Header.Count == 0)
            return ImportReading.Refuse("body", "The file is empty: expected a header row naming the columns, then one row per person.");
        var (columns, problems) = MapColumns(csv.Header);
        if (problems is not null)
            return new ImportReading(null, problems);

        // Groups in the order they first appear; a group's rows need not be adjacent.
        var groups = new Dictionary<string, GroupRows>(StringComparer.Ordinal);
        var inOrder = new List<GroupRows>();
        GroupRows Group(string key)
        {
            if (!groups.TryGetValue(key, out var group))
                inOrder.Add(groups[key] = group = new GroupRows());
            return group;
        }

        var errors = new List<ImportError>();
        var unattributed = 0;
        var rows = 0;
        while (await csv.Read(cancellationToken) is { } record)
        {
            if (record.IsBlank && !record.Unterminated)
                continue;
            rows++;
            var row = new CsvCells(record, columns!);
            var key = row.Text(GroupColumn);

            var malformed = CsvCells.Malformed(record, csv.Header.Count);
            if (key is null)
            {
                // A row that cannot say which family it belongs to is rejected on its own.
                errors.Add(malformed is null
                    ? new ImportError(record.Row, GroupColumn, "Required: the rows of one family share a group value.")
                    : new ImportError(record.Row, RowField, malformed));
                unattributed++;
                continue;
            }

            var group = Group(key);
            if (malformed is not null)
            {
                group.Reject(new ImportError(record.Row, RowField, malformed));
                continue;
            }
            if (++group.Rows > EvacuationRequestValidator.MaxPeople)
            {
                if (group.Rows == EvacuationRequestValidator.MaxPeople + 1)
                    group.Reject(new ImportError(record.Row, GroupColumn,
                        $"Group '{key}' has more than {EvacuationRequestValidator.MaxPeople} people; a group travels together, so split larger ones."));
                continue;
            }
            group.Add(record.Row, GroupValues.Of(row), PersonOf(row), row.Errors);
        }
        if (rows == 0)
            return ImportReading.Refuse("body", "The file has a header but no rows: expected one row per person.");

        var accepted = new List<SubmitEvacuationRequest>();
        foreach (var group in inOrder)
        {
            if (group.Submission() is { } submission && group.Rows <= EvacuationRequestValidator.MaxPeople)
            {
                // A cell that could not be read is not reported again as missing.
                var unreadable = group.Errors.ToList();
                foreach (var (path, messages) in validator.Validate(submission, crises.GetValueOrDefault(submission.CrisisId ?? "")))
                    foreach (var error in messages.Select(message => Locate(path, message, group, submission)))
                        if (!unreadable.Any(earlier => earlier.Row == error.Row && SameCell(earlier.Field, error.Field)))
                            group.Reject(error);
                if (group.Errors.Count == 0)
                {
                    accepted.Add(submission);
                    continue;
                }
            }
            errors.AddRange(group.Errors);
        }
        return new ImportReading(
            new ImportPlan(accepted, inOrder.Count - accepted.Count + unattributed, errors.OrderBy(error => error.Row).ToList()), null);
    }

    /// <summary>Column name → index; or the problems of a header that cannot be used.</summary>
    static (Dictionary<string, int>? Columns, Dictionary<string, string[]>? Problems) MapColumns(IReadOnlyList<string> header)
    {
        var (columns, problems) = CsvCells.MapColumns(header, Required, Optional);
        if (!columns.ContainsKey("birthDate") && !columns.ContainsKey("age"))
            problems["birthDate"] = ["Give a birthDate or an age column (or both)."];
        return problems.Count == 0 ? (columns, null) : (null, problems);
    }

    /// <summary>Puts a validator error (a JSON path such as <c>people[2].document.kind</c>) on its row and column.</summary>
    static ImportError Locate(string path, string message, GroupRows group, SubmitEvacuationRequest submission)
    {
        if (PersonPath().Match(path) is not { Success: true } person)
            return new ImportError(group.FirstRow, path switch { "contact.phone" => "phone", "contact.language" => "language", "people" => GroupColumn, _ => path }, message);

        var index = int.Parse(person.Groups[1].Value, CultureInfo.InvariantCulture);
        var field = person.Groups[2].Value;
        var row = group.People[index].Row;
        if (field.StartsWith("needs[", StringComparison.Ordinal))
            return new ImportError(row, "needs",
                $"'{submission.People![index]!.Needs![int.Parse(field[6..^1], CultureInfo.InvariantCulture)]}': {message}");
        return new ImportError(row, field switch
        {
            "document" or "document.kind" => "documentKind",
            "document.number" => "documentNumber",
            "document.expiresOn" => "documentExpiresOn",
            _ => field,
        }, message);
    }

    /// <summary>Birth date and age are one fact given either way: a problem with one is a problem with both.</summary>
    static bool SameCell(string field, string other) =>
        field == other || (field is "birthDate" or "age" && other is "birthDate" or "age");

    [GeneratedRegex(@"^people\[(\d+)\]\.?(.*)$")]
    private static partial Regex PersonPath();

    /// <summary>The rows of one group as they are read: its first row's group values, its people, its problems.</summary>
    sealed class GroupRows
    {
        public int Rows { get; set; }
        public int FirstRow { get; private set; }
        public GroupValues? Values { get; private set; }
        public List<(int Row, PersonDetails Person)> People { get; } = [];
        public List<ImportError> Errors { get; } = [];

        public void Add(int row, GroupValues values, PersonDetails person, IReadOnlyList<ImportError> errors)
        {
            foreach (var error in errors)
                Reject(error);
            if (Values is null)
            {
                (FirstRow, Values) = (row, values);
            }
            else
            {
                foreach (var (column, value) in GroupValues.Columns)
                    if (value(values) is { } given && !given.Equals(value(Values)))
                        Reject(new ImportError(row, column,
                            $"Differs from the group's first row (row {FirstRow}): a group's {column} is given once for all its people."));
            }
            People.Add((row, person));
        }

        public void Reject(ImportError error) => Errors.Add(error);

        public SubmitEvacuationRequest? Submission() => Values is null ? null : new SubmitEvacuationRequest(
            Values.CrisisId, Values.PickupPlace, Values.DestinationCountry, Values.AcceptsThirdCountry, Values.EarliestDeparture,
            Values.ConsentToShareWithConsulate,
            Values is { Phone: null, Language: null, ConsentToMessages: null } ? null : new ContactDetails(Values.Phone, Values.Language, Values.ConsentToMessages),
            Values.Notes,
            People.Select(person => (PersonDetails?)person.Person).ToList());
    }

    static PersonDetails PersonOf(CsvCells row)
    {
        var kind = row.Text("documentKind")?.ToLowerInvariant();
        return new PersonDetails(
            row.Text("givenName"),
            row.Text("familyName") ?? "",
            row.Code("sex"),
            row.Date("birthDate"),
            row.Number("age"),
            row.Code("nationality"),
            new TravelDocument(kind, row.Text("documentNumber"), row.Date("documentExpiresOn")),
            row.Text("needs")?.ToLowerInvariant().Split(['|', ' ', '\t'], StringSplitOptions.RemoveEmptyEntries) ?? []);
    }

    sealed record GroupValues(
        string? CrisisId, string? PickupPlace, string? DestinationCountry, bool? AcceptsThirdCountry, DateTimeOffset? EarliestDeparture,
        bool? ConsentToShareWithConsulate, string? Phone, string? Language, bool? ConsentToMessages, string? Notes)
    {
        public static GroupValues Of(CsvCells row) => new(
            row.Text("crisisId"), row.Code("pickupPlace"), row.Code("destinationCountry"), row.Boolean("acceptsThirdCountry"), row.Instant("earliestDeparture"),
            row.Boolean("consentToShareWithConsulate"), row.Text("phone"), row.Text("language")?.ToLowerInvariant(), row.Boolean("consentToMessages"),
            row.Text("notes"));

        public static readonly (string Column, Func<GroupValues, object?> Value)[] Columns =
        [
            ("crisisId", values => values.CrisisId), ("pickupPlace", values => values.PickupPlace),
            ("destinationCountry", values => values.DestinationCountry), ("acceptsThirdCountry", values => values.AcceptsThirdCountry),
            ("earliestDeparture", values => values.EarliestDeparture),
            ("consentToShareWithConsulate", values => values.ConsentToShareWithConsulate),
            ("phone", values => values.Phone), ("language", values => values.Language),
            ("consentToMessages", values => values.ConsentToMessages), ("notes", values => values.Notes),
        ];
    }
}

/// <summary>A problem with one row of an import: its row number (header = 1), the column, and what is wrong.</summary>
public sealed record ImportError(int Row, string Field, string Message);

/// <summary>
/// What a file holds: the groups that passed validation, in the order they first appear, how many groups were
/// rejected (a row that names no group counts as one), and every row's problems in row order.
/// </summary>
public sealed record ImportPlan(IReadOnlyList<SubmitEvacuationRequest> Groups, int Rejected, IReadOnlyList<ImportError> Errors);

/// <summary>Either a plan, or why the file as a whole cannot be imported (field → messages, answered as 400).</summary>
public sealed record ImportReading(ImportPlan? Plan, Dictionary<string, string[]>? Refusal)
{
    public static ImportReading Refuse(string field, string message) => new(null, new() { [field] = [message] });
}
