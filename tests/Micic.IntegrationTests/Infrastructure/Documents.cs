using System.Diagnostics;
using System.Net;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using DocumentFormat.OpenXml.Validation;
using Micic.AppHost.Servers;
using MiniExcelLibs;

namespace Micic.IntegrationTests.Infrastructure;

/// <summary>
/// Documents as their readers meet them: a workbook opened by a spreadsheet reader (MiniExcel, not the library that
/// wrote it) after the Open XML validator passed it, and a PDF turned into text and into pictures by poppler, the
/// pictures kept under <c>artifacts/</c> to be looked at.
/// </summary>
public static class Documents
{
    public static async Task<byte[]> Download(HttpResponseMessage response, string mediaType)
    {
        var body = await response.Content.ReadAsByteArrayAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {System.Text.Encoding.UTF8.GetString(body)}");
        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(response.Content.Headers.ContentDisposition?.FileName);
        return body;
    }

    /// <summary>The rows of a sheet under its header row, each value as the reader typed it (numbers as double, dates as DateTime).</summary>
    public static IReadOnlyList<IDictionary<string, object?>> Sheet(byte[] workbook, string sheet)
    {
        using (var document = SpreadsheetDocument.Open(new MemoryStream(workbook), isEditable: false))
        {
            var errors = new OpenXmlValidator().Validate(document).Select(error => $"{error.Path?.XPath}: {error.Description}").ToList();
            Assert.True(errors.Count == 0, string.Join("\n", errors));
        }
        return new MemoryStream(workbook).Query(useHeaderRow: true, sheetName: sheet)
            .Cast<IDictionary<string, object?>>().ToList();
    }

    public static IReadOnlyList<string> SheetNames(byte[] workbook) => new MemoryStream(workbook).GetSheetNames();

    /// <summary>Whether the sheet keeps its header row in view when scrolled (a frozen pane below row 1).</summary>
    public static bool HeaderFrozen(byte[] workbook, string sheet)
    {
        using var document = SpreadsheetDocument.Open(new MemoryStream(workbook), isEditable: false);
        var part = document.WorkbookPart!;
        var id = part.Workbook.Descendants<Sheet>().Single(s => s.Name == sheet).Id!.Value!;
        var pane = ((WorksheetPart)part.GetPartById(id)).Worksheet.Descendants<Pane>().SingleOrDefault();
        return pane is { State.Value: var state, TopLeftCell.Value: "A2" } && state == PaneStateValues.Frozen;
    }

    /// <summary>The PDF's text as a reader copies it (pdftotext), in reading order.</summary>
    public static string Text(byte[] pdf) => Poppler("pdftotext", pdf, ["-enc", "UTF-8", "{pdf}", "-"]);

    public static int Pages(byte[] pdf) =>
        int.Parse(Poppler("pdfinfo", pdf, ["{pdf}"]).Split('\n').Single(line => line.StartsWith("Pages:")).Split(':')[1].Trim());

    /// <summary>Each page as a picture, <c>artifacts/{name}-{n}.png</c>; returns the paths.</summary>
    public static IReadOnlyList<string> Pictures(byte[] pdf, string name)
    {
        var folder = Path.Combine(Repository.Root, "artifacts");
        Directory.CreateDirectory(folder);
        foreach (var old in Directory.GetFiles(folder, $"{name}-*.png"))
            File.Delete(old);
        Poppler("pdftoppm", pdf, ["-r", "70", "-png", "{pdf}", Path.Combine(folder, name)]);
        return Directory.GetFiles(folder, $"{name}-*.png").Order().ToList();
    }

    static string Poppler(string tool, byte[] pdf, string[] arguments)
    {
        if (!File.Exists($"/usr/bin/{tool}"))
            ServerPackages.Install(["poppler-utils"], _ => { });
        var file = Path.Combine(Path.GetTempPath(), $"micic-{Guid.NewGuid():N}.pdf");
        File.WriteAllBytes(file, pdf);
        try
        {
            var start = new ProcessStartInfo($"/usr/bin/{tool}") { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var argument in arguments)
                start.ArgumentList.Add(argument == "{pdf}" ? file : argument);
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEnd();
            process.WaitForExit();
            Assert.True(process.ExitCode == 0, $"{tool} failed: {errors}");
            return output.Result;
        }
        finally
        {
            File.Delete(file);
        }
    }
}
