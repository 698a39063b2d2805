using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Micic.IntegrationTests.Infrastructure;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Micic.IntegrationTests.EndToEnd;

/// <summary>
/// The dashboard in real headless Chromium (Debian's, installed with apt-get when missing), through the gateway: sign in,
/// watch a request appear without reloading, survive a restart of the dashboard service.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class DashboardPageTests(Platform platform, ITestOutputHelper output)
{
    static object Nepalese(int people) => new
    {
        crisisId = "libya-2011", pickupPlace = "LY-TIP-PORT", destinationCountry = "NPL", acceptsThirdCountry = false,
        consentToShareWithConsulate = false,
        people = Enumerable.Range(0, people).Select(i => new
        {
            givenName = $"Sita {i}", familyName = "Gurung", sex = "F", age = 25 + i, nationality = "NPL",
            document = new { kind = "passport", number = $"NP{i:D7}" }, needs = Array.Empty<string>(),
        }).ToArray(),
    };

    [Fact]
    public async Task A_coordinator_watches_the_figures_change_live_and_the_page_recovers_when_the_service_restarts()
    {
        await using var browser = await DashboardBrowser.SignIn(platform.Gateway, output.WriteLine);
        var page = browser.Page;

        using var iom = await platform.Coordinator();
        var latency = await SubmitAndWatch(page, iom, people: 3, expected: 3);
        output.WriteLine($"A new request reached the page {latency.TotalMilliseconds:0} ms after the API accepted it.");

        // The dashboard service dies; the AppHost starts it again, the page reconnects by itself and keeps up.
        Assert.True(platform.Crash("dashboard") > 0);
        await page.WaitForSelectorAsync("#connection.offline", new PageWaitForSelectorOptions { Timeout = 30_000 });
        await page.WaitForSelectorAsync("#connection.live", new PageWaitForSelectorOptions { Timeout = 90_000 });
        await SubmitAndWatch(page, iom, people: 2, expected: 5);

        Assert.Null(await page.QuerySelectorAsync("text=Sita")); // counts only: no names on the dashboard

        // Reports: the coordinator picks the crisis and downloads the after-action workbook from the page.
        await page.ClickAsync("#reports-link");
        await page.WaitForSelectorAsync("#report-crisis option[value=libya-2011]", new PageWaitForSelectorOptions { State = WaitForSelectorState.Attached });
        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#report-form button[value=xlsx]"));
        Assert.Matches(@"^after-action-libya-2011-\d{8}-\d{4}\.xlsx$", download.SuggestedFilename);
        var saved = Path.Combine(Path.GetTempPath(), $"micic-{Guid.NewGuid():N}.xlsx");
        await download.SaveAsAsync(saved);
        Assert.Contains("Summary", Documents.SheetNames(await File.ReadAllBytesAsync(saved)));
        File.Delete(saved);
        await page.WaitForSelectorAsync("#report-status:has-text('Downloaded')");
        output.WriteLine($"Screenshot: {await browser.Screenshot("dashboard.png")}");
        Assert.Empty(browser.Refused); // the page needs nothing its Content-Security-Policy forbids
    }

    [Fact]
    public async Task The_page_speaks_French_or_Arabic_when_asked_remembers_it_and_passes_an_accessibility_check()
    {
        await using var browser = await DashboardBrowser.SignIn(platform.Gateway, output.WriteLine, "/dashboard?lang=fr");
        var page = browser.Page;
        Assert.Equal("fr", await page.EvaluateAsync<string>("document.documentElement.lang"));
        Assert.Equal("En attente", await page.TextContentAsync("h2[data-t=waiting]"));
        Assert.Equal("en direct", await page.TextContentAsync("#connection"));
        Assert.StartsWith("à ", await page.TextContentAsync("#as-of"));
        await page.WaitForSelectorAsync("#map path.land", new PageWaitForSelectorOptions { State = WaitForSelectorState.Attached, Timeout = 30_000 });
        var violations = await Chromium.AccessibilityViolations(page);
        Assert.True(violations.Count == 0, string.Join("\n", violations));
        output.WriteLine($"Screenshot: {await browser.Screenshot("dashboard-fr.png")}");

        // The choice is remembered: the page opens in French again without being asked.
        await page.GotoAsync(new Uri(platform.Gateway, "/dashboard").ToString());
        await page.WaitForSelectorAsync("#connection.live", new PageWaitForSelectorOptions { Timeout = 30_000 });
        Assert.Equal("En attente", await page.TextContentAsync("h2[data-t=waiting]"));

        // In Arabic the page runs right to left.
        await page.GotoAsync(new Uri(platform.Gateway, "/dashboard?lang=ar").ToString());
        await page.WaitForSelectorAsync("#connection.live", new PageWaitForSelectorOptions { Timeout = 30_000 });
        Assert.Equal("rtl", await page.EvaluateAsync<string>("document.documentElement.dir"));
        Assert.Equal("بالانتظار", await page.TextContentAsync("h2[data-t=waiting]"));
        output.WriteLine($"Screenshot: {await browser.Screenshot("dashboard-ar.png")}");
        Assert.Empty(browser.Refused);
    }

    /// <summary>Submits a Nepalese group and waits, without reloading, for the nationality row to show the new total.</summary>
    static async Task<TimeSpan> SubmitAndWatch(IPage page, HttpClient iom, int people, int expected)
    {
        var response = await iom.PostAsJsonAsync("/api/requests", Nepalese(people));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var accepted = Stopwatch.StartNew();
        await page.WaitForFunctionAsync(
            "expected => [...document.querySelectorAll('#nationalities tr')].some(row => row.cells[0]?.textContent === 'NPL' && row.cells[2]?.textContent === String(expected))",
            expected, new PageWaitForFunctionOptions { Timeout = 30_000, PollingInterval = 50 });
        return accepted.Elapsed;
    }
}
