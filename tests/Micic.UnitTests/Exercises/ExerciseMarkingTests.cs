using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Micic.ServiceDefaults.Documents;
using Micic.ServiceDefaults.Exercises;

namespace Micic.UnitTests.Exercises;

/// <summary>What an exercise marks, and that a live platform's pages and documents stay as they are.</summary>
public class ExerciseMarkingTests
{
    static readonly ExerciseMode Exercise = new(true, null, new HashSet<string>());

    const string Page = """
        <!doctype html>
        <html lang="ar" dir="rtl">
        <head>
          <title data-t="title">التسجيل</title>
        </head>
        <body class="register">
          <h1>Register</h1>
        </body>
        </html>
        """;

    [Fact]
    public void An_exercise_page_has_the_banner_first_in_its_body_its_style_and_EXERCISE_in_its_title()
    {
        var marked = Exercise.MarkPage(Page, "/register/micic-exercise.css");

        Assert.Contains("""<title data-t="title">EXERCISE — التسجيل</title>""", marked);
        Assert.Contains("""<link rel="stylesheet" href="/register/micic-exercise.css">""", marked);
        var body = marked.IndexOf("<body class=\"register\">", StringComparison.Ordinal);
        Assert.True(marked.IndexOf(ExerciseMode.Banner, StringComparison.Ordinal) > body);
        Assert.True(marked.IndexOf(ExerciseMode.Banner, StringComparison.Ordinal) < marked.IndexOf("<h1>", StringComparison.Ordinal));
    }

    [Fact]
    public void A_live_platform_leaves_pages_documents_and_messages_as_they_are()
    {
        Assert.Equal(Page, ExerciseMode.Live.MarkPage(Page, "/x.css"));
        Assert.Equal(Page, ExerciseMode.Live.MarkDocument(Page));
        Assert.Equal("Seat confirmed.", ExerciseMode.Live.MarkMessage("Seat confirmed."));
    }

    [Fact]
    public void An_exercise_document_is_headed_EXERCISE_on_every_page()
    {
        var marked = Exercise.MarkDocument(PrintablePage.Html("Manifest", "Micic", "<p>Passengers</p>"));

        Assert.Contains("@top-center { content: \"EXERCISE EXERCISE EXERCISE", marked);
        Assert.Contains("<title>EXERCISE — Manifest</title>", marked);
    }

    [Fact]
    public void An_exercise_workbook_opens_on_a_sheet_that_says_so_and_keeps_its_data_sheets_as_they_are()
    {
        var bytes = new Micic.ServiceDefaults.Documents.Workbook(Exercise).Sheet("Passengers", [("Ali", 3)], new Column<(string Name, int Age)>("Name", p => p.Name), new Column<(string Name, int Age)>("Age", p => p.Age)).ToBytes();

        using var document = SpreadsheetDocument.Open(new MemoryStream(bytes), false);
        var sheets = document.WorkbookPart!.Workbook.Sheets!.Elements<Sheet>().Select(s => s.Name!.Value).ToList();
        Assert.Equal(["EXERCISE", "Passengers"], sheets);
        var cover = (WorksheetPart)document.WorkbookPart.GetPartById(document.WorkbookPart.Workbook.Sheets!.Elements<Sheet>().First().Id!);
        Assert.StartsWith("EXERCISE — ", cover.Worksheet.Descendants<Cell>().Single().InnerText);
        var passengers = (WorksheetPart)document.WorkbookPart.GetPartById(document.WorkbookPart.Workbook.Sheets!.Elements<Sheet>().Last().Id!);
        Assert.Equal("Name", passengers.Worksheet.Descendants<Row>().First().Descendants<Cell>().First().InnerText);
        Assert.Contains("EXERCISE", passengers.Worksheet.Descendants<OddHeader>().Single().Text);
    }
}
