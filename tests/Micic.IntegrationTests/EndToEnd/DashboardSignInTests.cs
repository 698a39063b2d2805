using System.Collections.Concurrent;
using Micic.IntegrationTests.Infrastructure;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Micic.IntegrationTests.EndToEnd;

/// <summary>
/// Signing in to the dashboard in real Chromium, through the provider's pages and the gateway's cookie session: the page
/// holds no token anywhere, its cookie is out of script's reach, live figures and downloads work with the cookie alone,
/// and an ended session or a person who is not a coordinator gets a sentence, not a broken page.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class DashboardSignInTests(Platform platform, ITestOutputHelper output)
{
    static readonly PageWaitForSelectorOptions Visible = new() { Timeout = 30_000 };

    [Fact]
    public async Task A_coordinator_signs_in_to_the_dashboard_with_password_and_code()
    {
        var officer = SeededPerson.Named("iom.officer");
        await using var chromium = await Chromium.Launch(output.WriteLine);
        // Whatever the pages ask for, no request carries a token: not in a header, not in an address.
        var carried = new ConcurrentQueue<string>();
        chromium.Context.Request += (_, request) =>
        {
            if (request.Headers.ContainsKey("authorization") || request.Url.Contains("eyJ", StringComparison.Ordinal)
                || request.Url.Contains("access_token", StringComparison.Ordinal))
                carried.Enqueue(request.Url);
        };

        // Not signed in: a short panel with one button, in Arabic right to left, then in English; no fields for ids or secrets.
        var page = await chromium.Open(new Uri(platform.Gateway, "/dashboard?lang=ar"));
        await page.WaitForSelectorAsync("#login", Visible);
        Assert.Equal("rtl", await page.EvaluateAsync<string>("document.documentElement.dir"));
        Assert.Equal("دخول", (await page.TextContentAsync("#login-link"))?.Trim());
        Assert.Contains("lang=ar", await page.GetAttributeAsync("#login-link", "href"));
        Assert.True(await page.IsHiddenAsync("#board"));
        output.WriteLine($"Screenshot: {await Chromium.Screenshot(page, "dashboard-signin-ar.png")}");

        await page.GotoAsync(new Uri(platform.Gateway, "/dashboard?lang=en").ToString());
        await page.WaitForSelectorAsync("#login", Visible);
        Assert.Equal("Sign in", (await page.TextContentAsync("#login-link"))?.Trim());
        Assert.Empty(await page.QuerySelectorAllAsync("input"));
        Assert.Null(await page.QuerySelectorAsync("text=Client id"));
        var violations = await Chromium.AccessibilityViolations(page);
        Assert.True(violations.Count == 0, string.Join("\n", violations));
        output.WriteLine($"Screenshot: {await Chromium.Screenshot(page, "dashboard-signin.png")}");

        // Password and code on the provider's pages, and back: her name and organisation, and the figures, live.
        await DashboardBrowser.SignInThroughPages(page, officer);
        await page.WaitForSelectorAsync("#connection.live", Visible);
        Assert.Equal(officer.UserName, await page.TextContentAsync("#who-name"));
        Assert.Contains("International Organization for Migration", await page.TextContentAsync("#who-organisation"));
        await page.WaitForFunctionAsync("document.querySelector('[data-figure=waiting]').textContent !== '–'", null,
            new PageWaitForFunctionOptions { Timeout = 30_000 });
        await page.WaitForSelectorAsync("#as-of:has-text('as of')", Visible);

        // The cookie is HttpOnly and SameSite=Strict: script cannot read it; the page's storage holds no token either.
        Assert.DoesNotContain("micic.session", await page.EvaluateAsync<string>("document.cookie"));
        var cookie = Assert.Single(await chromium.Context.CookiesAsync(), found => found.Name == "micic.session");
        Assert.True(cookie.HttpOnly);
        Assert.Equal(SameSiteAttribute.Strict, cookie.SameSite);
        var stored = await page.EvaluateAsync<string[]>("""
            [localStorage, sessionStorage].flatMap(storage => Object.keys(storage).flatMap(key => [key, storage.getItem(key)]))
            """);
        Assert.DoesNotContain(stored, value => value.StartsWith("eyJ", StringComparison.Ordinal) || value.Contains("token", StringComparison.OrdinalIgnoreCase));

        // A report downloads with the cookie alone.
        await page.ClickAsync("#reports-link");
        await page.WaitForSelectorAsync("#report-crisis option[value=libya-2011]", new PageWaitForSelectorOptions { State = WaitForSelectorState.Attached, Timeout = 30_000 });
        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#report-form button[value=pdf]"),
            new PageRunAndWaitForDownloadOptions { Timeout = 90_000 });
        Assert.Matches(@"^after-action-libya-2011-\d{8}-\d{4}\.pdf$", download.SuggestedFilename);
        await using (var pdf = await download.CreateReadStreamAsync())
        {
            var head = new byte[5];
            await pdf.ReadExactlyAsync(head);
            Assert.Equal("%PDF-"u8.ToArray(), head);
        }
        await page.EvaluateAsync("window.scrollTo(0, 0)");
        output.WriteLine($"Screenshot: {await Chromium.Screenshot(page, "dashboard-signed-in.png")}");

        // Signed out in a second tab: that tab is back at the sign-in panel and the API refuses the browser (401);
        // the first tab, still open, says the session has ended at its next call instead of failing.
        var second = await chromium.Open(new Uri(platform.Gateway, "/dashboard"));
        await second.WaitForSelectorAsync("#connection.live", Visible);
        await second.ClickAsync("#logout");
        await second.WaitForSelectorAsync("#login", Visible);
        Assert.Equal("", (await second.TextContentAsync("#login-ended"))?.Trim());
        Assert.True(await second.IsHiddenAsync("#logout"));
        Assert.Equal(401, await second.EvaluateAsync<int>("fetch('/api/dashboard/summary').then(r => r.status)"));
        Assert.Equal(401, await second.EvaluateAsync<int>("fetch('/api/session').then(r => r.status)"));
        Assert.DoesNotContain(await chromium.Context.CookiesAsync(), found => found.Name == "micic.session");

        await page.ClickAsync("#report-form button[value=json]");
        await page.WaitForSelectorAsync("#login", Visible);
        Assert.Equal("Your session has ended — sign in again.", (await page.TextContentAsync("#login-ended"))?.Trim());
        Assert.True(await page.IsHiddenAsync("#board"));
        output.WriteLine($"Screenshot: {await Chromium.Screenshot(page, "dashboard-session-ended.png")}");
        // Signed out of the provider's pages too: whoever signs in next at this browser gives a password again.
        await page.ClickAsync("#login-link");
        await page.WaitForSelectorAsync("input[name=userName]", Visible);

        Assert.Empty(carried);
        Assert.Empty(chromium.Refused);
    }

    [Fact]
    public async Task Someone_who_is_not_a_coordinator_is_told_the_dashboard_is_for_coordinators_and_can_sign_out()
    {
        var requester = SeededPerson.Named("unhcr.officer");
        await using var chromium = await Chromium.Launch(output.WriteLine);
        var page = await chromium.Open(new Uri(platform.Gateway, "/dashboard?lang=fr"));
        await DashboardBrowser.SignInThroughPages(page, requester);
        await page.WaitForSelectorAsync("#refused", Visible);
        Assert.StartsWith("Le tableau de bord est réservé à la coordination.", (await page.TextContentAsync("#refused p"))?.Trim());
        Assert.Equal(requester.UserName, await page.TextContentAsync("#who-name"));
        Assert.True(await page.IsHiddenAsync("#board"));
        Assert.True(await page.IsHiddenAsync("#login"));
        output.WriteLine($"Screenshot: {await Chromium.Screenshot(page, "dashboard-not-a-coordinator-fr.png")}");

        await page.ClickAsync("#logout");
        await page.WaitForSelectorAsync("#login", Visible);
        Assert.Equal(401, await page.EvaluateAsync<int>("fetch('/api/session').then(r => r.status)"));
        Assert.Empty(chromium.Refused);
    }
}
