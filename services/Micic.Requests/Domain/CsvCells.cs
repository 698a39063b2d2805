using System.Globalization;
using Micic.ServiceDefaults.Http;

namespace Micic.Requests.Domain;

/// <summary>
/// The cells of one row of a CSV import, read by column name (trimmed; codes in capitals), with the problems of cells
/// that cannot be read; and what every import checks alike: its header and a row's shape.
/// </summary>
public sealed class CsvCells(CsvRecord record, IReadOnlyDictionary<string, int> columns)
{
    static readonly string[] Instants =
    [
        "yyyy-MM-dd", "yyyy-MM-ddTHH:mm", "yyyy-MM-ddTHH:mmK", "yyyy-MM-ddTHH:mm:ss", "yyyy-MM-ddTHH:mm:ssK",
        "yyyy-MM-ddTHH:mm:ss.FFFFFFF", "yyyy-MM-ddTHH:mm:ss.FFFFFFFK",
    ];

    public List<ImportError> Errors { get; } = [];

    /// <summary>
    /// Column name (as the import names it) → index, from a header whose names are case-insensitive, in any order;
    /// unnamed columns are ignored. The problems: unknown, repeated and missing required columns.
    /// </summary>
    public static (Dictionary<string, int> Columns, Dictionary<string, string[]> Problems) MapColumns(IReadOnlyList<string> header,
        IReadOnlyList<string> required, IReadOnlyList<string> optional)
    {
        string[] known = [.. required, .. optional];
        var columns = new Dictionary<string, int>(StringComparer.Ordinal);
        var problems = new Dictionary<string, string[]>(StringComparer.Ordinal);
        for (var i = 0; i < header.Count; i++)
        {
            var name = header[i].Trim();
            if (name.Length == 0)
                continue;
            var column = known.FirstOrDefault(column => column.Equals(name, StringComparison.OrdinalIgnoreCase));
            if (column is null)
                problems[name] = [$"Unknown column. The columns are: {string.Join(", ", known)}."];
            else if (!columns.TryAdd(column, i))
                problems[column] = ["The column appears more than once."];
        }
        foreach (var missing in required.Where(column => !columns.ContainsKey(column)))
            problems[missing] = ["Required column is missing."];
        return (columns, problems);
    }

    /// <summary>Why a row cannot be read at all, or null when it can.</summary>
    public static string? Malformed(CsvRecord record, int headerCells) =>
        record.Unterminated
            ? "A quoted cell is not closed: the rest of the file was read into it."
            : record.Fields.Count != headerCells
                ? $"Has {record.Fields.Count} cells where the header has {headerCells}."
                : record.Fields.Any(PrintableText.HasControlCharacters)
                    ? "A cell holds control characters: only printable text, tabs and line breaks are accepted."
                    : null;

    /// <summary>The trimmed cell, or null when it is blank or the file has no such column.</summary>
    public string? Text(string column) =>
        columns.TryGetValue(column, out var i) && i < record.Fields.Count && record.Fields[i].Trim() is { Length: > 0 } text ? text : null;

    public string? Code(string column) => Text(column)?.ToUpperInvariant();

    public bool? Boolean(string column) => Text(column)?.ToLowerInvariant() switch
    {
        null => null,
        "true" or "yes" or "1" => true,
        "false" or "no" or "0" => false,
        _ => Invalid<bool>(column, "Must be true or false (yes/no and 1/0 are read too)."),
    };

    public DateOnly? Date(string column) => Text(column) is not { } text ? null
        : DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date
        : Invalid<DateOnly>(column, "Must be a date written yyyy-MM-dd.");

    public DateTimeOffset? Instant(string column) => Text(column) is not { } text ? null
        : DateTimeOffset.TryParseExact(text, Instants, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var instant) ? instant
        : Invalid<DateTimeOffset>(column, "Must be an ISO 8601 date or time, e.g. 2011-03-01 or 2011-03-01T08:00:00Z.");

    public int? Number(string column) => Text(column) is not { } text ? null
        : int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? number
        : Invalid<int>(column, "Must be a whole number.");

    T? Invalid<T>(string column, string message) where T : struct
    {
        Errors.Add(new ImportError(record.Row, column, message));
        return null;
    }
}
