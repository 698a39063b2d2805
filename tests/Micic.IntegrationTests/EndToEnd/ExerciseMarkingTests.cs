using System.Net.Http.Json;
using System.Text.Json;
using Micic.IntegrationTests.Infrastructure;
using Microsoft.Playwright;
using Xunit.Abstractions;
using Network = Micic.ServiceDefaults.Sms.SimulatedPhones;

namespace Micic.IntegrationTests.EndToEnd;

/// <summary>
/// An exercise platform says so wherever people look: EXERCISE on every page (the browser sees the banner), at the head
/// of every page of a PDF (its text layer), on a workbook's first sheet, at the start of every SMS its simulated phones
/// received; and its audit trail places each read in crisis time beside real time.
/// </summary>
public sealed class ExerciseMarkingTests(ITestOutputHelper output) : IAsyncLifetime
{
    readonly TaskCompletionSource<string> _replayEnded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    readonly ResourceLogTail _logs = new();
    OwnPlatform _platform = null!;

    public async Task InitializeAsync()
    {
        _logs.Line += (source, line) =>
        {
            if (source == "replay" && (line.Contains("replay finished") || line.Contains("The replay stopped") || line.Contains("without settling")))
                _replayEnded.TrySetResult(line);
        };
        _platform = await OwnPlatform.Start("exercise-marking", ["--exercise", "libya-2011", "--replay-people", "150", "--replay-speed", "3600"], _logs);
    }

    public async Task DisposeAsync() => await _platform.DisposeAsync();

    [Fact]
    public async Task Every_page_document_and_message_of_an_exercise_says_EXERCISE_and_the_audit_speaks_crisis_time_too()
    {
        var ended = await _replayEnded.Task.WaitAsync(TimeSpan.FromMinutes(8));
        Assert.True(ended.Contains("replay finished"), $"The exercise did not finish: {ended}\n{_logs}");
        using var iom = await _platform.Coordinator();

        // Pages: the banner first on the page, in a browser, before and after signing in.
        using (var plain = new HttpClient { BaseAddress = _platform.Gateway })
            foreach (var path in new[] { "/register/", "/intake/", "/consulate/", "/dashboard/" })
            {
                var html = await plain.GetStringAsync(path);
                Assert.Contains("EXERCISE EXERCISE EXERCISE", html);
                Assert.Matches("<title[^>]*>EXERCISE — ", html);
            }
        await using (var browser = await DashboardBrowser.SignIn(_platform.Gateway, output.WriteLine))
        {
            var banner = browser.Page.Locator(".micic-exercise");
            Assert.True(await banner.IsVisibleAsync());
            Assert.StartsWith("EXERCISE EXERCISE EXERCISE", await banner.InnerTextAsync());
            Assert.StartsWith("EXERCISE — ", await browser.Page.TitleAsync());
            // On top, across the page: nothing of the page above it.
            var box = await banner.BoundingBoxAsync();
            Assert.True(box is { Y: < 1, Width: > 1000 }, $"The banner sits at {box?.X},{box?.Y}, {box?.Width} wide.");
            output.WriteLine($"Screenshot: {await browser.Screenshot("exercise-dashboard.png")}");
            var signIn = await new HttpClient { BaseAddress = _platform.Gateway }.GetStringAsync("/account/login");
            Assert.Contains("EXERCISE EXERCISE EXERCISE", signIn);
        }

        // Documents: every page of the after-action report headed EXERCISE, in the text a reader copies.
        var pdf = await Documents.Download(await iom.GetAsync("/api/reports/after-action.pdf?crisisId=libya-2011"), "application/pdf");
        var pages = Documents.Pages(pdf);
        var text = Documents.Text(pdf);
        Assert.True(pages > 1, $"{pages} pages");
        Assert.Equal(pages, text.Split('\f').Count(page => page.Contains("EXERCISE EXERCISE EXERCISE")));
        output.WriteLine($"Pictures: {string.Join(", ", Documents.Pictures(pdf, "exercise-after-action-report"))}");
        var workbook = await Documents.Download(await iom.GetAsync("/api/reports/after-action.xlsx?crisisId=libya-2011"),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        Assert.Equal("EXERCISE", Documents.SheetNames(workbook)[0]);

        // Messages: the check-ins and notices the exercise sent, every one beginning with EXERCISE, and only to the simulated phones.
        var sent = (await new Network(Path.Combine(_platform.DataFolder, "kannel")).ReceivedSince(0)).Messages;
        Assert.NotEmpty(sent);
        Assert.All(sent, message => Assert.StartsWith("EXERCISE: ", message.Text));

        // The dashboard speaks crisis time, its alerts too (the broker stamps messages with real time; the dashboard says them on the clock).
        var summary = await iom.GetFromJsonAsync<JsonElement>("/api/dashboard/summary");
        Assert.NotEmpty(summary.GetProperty("alerts").EnumerateArray());
        Assert.All(summary.GetProperty("alerts").EnumerateArray(), alert => Assert.Equal(2011, alert.GetProperty("at").GetDateTimeOffset().Year));

        // The audit: real time, and the crisis time beside it.
        var audit = await iom.GetFromJsonAsync<JsonElement>("/api/audit?pageSize=50");
        var entries = audit.GetProperty("items").EnumerateArray().ToList();
        Assert.NotEmpty(entries);
        Assert.All(entries, entry =>
        {
            Assert.Equal(DateTimeOffset.UtcNow.Year, entry.GetProperty("at").GetDateTimeOffset().Year);
            Assert.Equal(2011, entry.GetProperty("crisisAt").GetDateTimeOffset().Year);
        });
    }
}
