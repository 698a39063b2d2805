using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Micic.ServiceDefaults.Exercises;

namespace Micic.ServiceDefaults.Documents;

/// <summary>A column of a sheet: its header, how to read a row's value, and how wide it is (in characters).</summary>
public sealed record Column<TRow>(string Header, Func<TRow, object?> Value, double Width = 14);

/// <summary>
/// An Excel workbook written with the Open XML SDK: one sheet per table, the header row frozen and filterable, and
/// values stored as what they are — numbers as numbers, times as dates — so that a reader can sort, sum and chart them.
/// An exercise's workbook opens on a sheet that says EXERCISE, its tabs are red and every printed page is headed EXERCISE;
/// its data sheets keep their shape.
/// </summary>
public sealed class Workbook(ExerciseMode? exercise = null)
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    // Cell formats, by their index in the stylesheet below.
    const uint Header = 1, DateTime = 2, Date = 3, Decimal = 4, Whole = 5;

    readonly List<(string Name, Action<SheetData> Fill, IReadOnlyList<double> Widths)> _sheets = [];

    /// <summary>Adds a sheet; Excel limits a sheet's name to 31 characters and some punctuation.</summary>
    public Workbook Sheet<TRow>(string name, IEnumerable<TRow> rows, params Column<TRow>[] columns)
    {
        if (name.Length > 31 || name.IndexOfAny([':', '\\', '/', '?', '*', '[', ']']) >= 0)
            throw new ArgumentException($"'{name}' cannot name an Excel sheet.", nameof(name));
        _sheets.Add((name, data =>
        {
            data.Append(new Row(columns.Select(column => new Cell { DataType = CellValues.InlineString, StyleIndex = Header, InlineString = Text(column.Header) })));
            foreach (var row in rows)
                data.Append(new Row(columns.Select(column => CellOf(column.Value(row)))));
        }, columns.Select(column => column.Width).ToList()));
        return this;
    }

    public byte[] ToBytes()
    {
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new DocumentFormat.OpenXml.Spreadsheet.Workbook();
            workbook.AddNewPart<WorkbookStylesPart>().Stylesheet = Styles();
            var sheets = workbook.Workbook.AppendChild(new Sheets());
            uint id = 1;
            var marked = exercise is { Enabled: true };
            IEnumerable<(string Name, Action<SheetData> Fill, IReadOnlyList<double> Widths)> all = marked
                ? [(ExerciseMode.Marking, data => data.Append(new Row(new Cell
                    {
                        DataType = CellValues.InlineString, StyleIndex = Header, InlineString = Text(exercise!.Mark("a drill, not a real operation: no real people, no real phones.")),
                    })), [90]), .. _sheets]
                : _sheets;
            foreach (var (name, fill, widths) in all)
            {
                var part = workbook.AddNewPart<WorksheetPart>();
                var data = new SheetData();
                fill(data);
                var lastColumn = ColumnName(widths.Count);
                part.Worksheet = new Worksheet(
                    new SheetProperties(new TabColor { Rgb = marked ? "FFB0001A" : "FF1F4E79" }),
                    new SheetViews(new SheetView(new Pane
                    {
                        VerticalSplit = 1, TopLeftCell = "A2", ActivePane = PaneValues.BottomLeft, State = PaneStateValues.Frozen,
                    })
                    { WorkbookViewId = 0 }),
                    new Columns(widths.Select((width, index) => new DocumentFormat.OpenXml.Spreadsheet.Column
                    {
                        Min = (uint)index + 1, Max = (uint)index + 1, Width = width, CustomWidth = true,
                    })),
                    data,
                    new AutoFilter { Reference = $"A1:{lastColumn}{Math.Max(1, data.ChildElements.Count)}" });
                if (marked)
                    part.Worksheet.Append(new HeaderFooter(new OddHeader($"&C&\"-,Bold\"{ExerciseMode.Marking}")));
                sheets.Append(new Sheet { Id = workbook.GetIdOfPart(part), SheetId = id++, Name = name });
            }
        }
        return stream.ToArray();
    }

    static Cell CellOf(object? value) => value switch
    {
        null => new Cell(),
        string text => new Cell { DataType = CellValues.InlineString, InlineString = Text(text) },
        int or long => new Cell { CellValue = new CellValue(Convert.ToDouble(value)), StyleIndex = Whole },
        double number => new Cell { CellValue = new CellValue(number), StyleIndex = Decimal },
        // Money is written as the exact decimal it is (the cell's text), shown to two places.
        decimal money => new Cell { CellValue = new CellValue(money), StyleIndex = Decimal },
        DateTimeOffset at => new Cell { CellValue = new CellValue(at.UtcDateTime.ToOADate()), StyleIndex = DateTime },
        DateOnly day => new Cell { CellValue = new CellValue(day.ToDateTime(TimeOnly.MinValue).ToOADate()), StyleIndex = Date },
        bool flag => new Cell { DataType = CellValues.Boolean, CellValue = new CellValue(flag) },
        _ => throw new ArgumentException($"A workbook cell cannot hold a {value.GetType().Name}.", nameof(value)),
    };

    static InlineString Text(string text) => new(new Text(text) { Space = SpaceProcessingModeValues.Preserve });

    static string ColumnName(int number)
    {
        var name = "";
        for (; number > 0; number = (number - 1) / 26)
            name = (char)('A' + (number - 1) % 26) + name;
        return name;
    }

    static Stylesheet Styles() => new(
        new NumberingFormats(
            new NumberingFormat { NumberFormatId = 164, FormatCode = "yyyy-mm-dd hh:mm" },
            new NumberingFormat { NumberFormatId = 165, FormatCode = "yyyy-mm-dd" })
        { Count = 2 },
        new Fonts(new Font(), new Font(new Bold())) { Count = 2 },
        new Fills(
            new Fill(new PatternFill { PatternType = PatternValues.None }),
            new Fill(new PatternFill { PatternType = PatternValues.Gray125 }),
            new Fill(new PatternFill(new ForegroundColor { Rgb = "FFE8EEF4" }) { PatternType = PatternValues.Solid }))
        { Count = 3 },
        new Borders(new Border()) { Count = 1 },
        new CellFormats(
            new CellFormat(),
            new CellFormat { FontId = 1, FillId = 2, ApplyFont = true, ApplyFill = true },
            new CellFormat { NumberFormatId = 164, ApplyNumberFormat = true },
            new CellFormat { NumberFormatId = 165, ApplyNumberFormat = true },
            new CellFormat { NumberFormatId = 2, ApplyNumberFormat = true },
            new CellFormat { NumberFormatId = 1, ApplyNumberFormat = true })
        { Count = 6 });
}
