using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;

/// <summary>
/// How long a coordinator waits for the after-action report of a crisis, as JSON, workbook and PDF, against the size of
/// the history it is compiled from: the report reads every event the dashboard has kept, so its cost grows with the
/// operation. Timed after the other scenarios, whose requests make the history.
/// </summary>
static class AfterActionReports
{
    public static async Task<string> Time(HttpClient http, string crisisId)
    {
        var query = $"?crisisId={Uri.EscapeDataString(crisisId)}";
        // The first call pays for the JIT and the connection; the figure is the time a coordinator waits once it runs.
        await Fetch(http, $"/api/reports/after-action{query}");
        var (json, jsonBytes) = await Fetch(http, $"/api/reports/after-action{query}");
        var (workbook, workbookBytes) = await Fetch(http, $"/api/reports/after-action.xlsx{query}");
        var (pdf, pdfBytes) = await Fetch(http, $"/api/reports/after-action.pdf{query}");

        var report = await http.GetFromJsonAsync<JsonElement>($"/api/reports/after-action{query}");
        var people = report.GetProperty("people");
        return $"Report: {crisisId}, {people.GetProperty("requested").GetInt32()} people requested " +
               $"({people.GetProperty("matched").GetInt32()} matched); JSON {json.TotalSeconds:F2} s ({jsonBytes / 1024} KiB), " +
               $"workbook {workbook.TotalSeconds:F2} s ({workbookBytes / 1024} KiB), PDF {pdf.TotalSeconds:F2} s ({pdfBytes / 1024} KiB)";
    }

    static async Task<(TimeSpan Elapsed, long Bytes)> Fetch(HttpClient http, string path)
    {
        var clock = Stopwatch.StartNew();
        using var response = await http.GetAsync(path);
        var body = await response.Content.ReadAsByteArrayAsync();
        clock.Stop();
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"{path} answered {(int)response.StatusCode}: {System.Text.Encoding.UTF8.GetString(body)}");
        return (clock.Elapsed, body.LongLength);
    }
}
