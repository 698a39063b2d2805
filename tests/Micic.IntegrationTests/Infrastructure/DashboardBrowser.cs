using System.Text.Json;
using Micic.AppHost.Servers;
using Microsoft.Playwright;

namespace Micic.IntegrationTests.Infrastructure;

/// <summary>
/// Real headless Chromium (Debian's, installed with apt-get when missing), one private context per test — its own
/// storage, service workers and network switch — as a person at a laptop or a phone would use the platform.
/// </summary>
public sealed class Chromium : IAsyncDisposable
{
    const string Executable = "/usr/bin/chromium";

    readonly IPlaywright _playwright;
    readonly IBrowser _browser;

    readonly System.Collections.Concurrent.ConcurrentQueue<string> _refused = new();

    Chromium(IPlaywright playwright, IBrowser browser, IBrowserContext context)
    {
        (_playwright, _browser, Context) = (playwright, browser, context);
        // What the pages' Content-Security-Policy stopped (Chromium says so on the console): a page must need nothing it forbids.
        context.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.Ordinal))
                _refused.Enqueue(message.Text);
        };
    }

    public IBrowserContext Context { get; }

    /// <summary>What the pages' policy refused so far, as Chromium reported it.</summary>
    public IReadOnlyList<string> Refused => [.. _refused];

    public static async Task<Chromium> Launch(Action<string> log, int width = 1600, int height = 1000)
    {
        if (!File.Exists(Executable))
            ServerPackages.Install(["chromium"], log);
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Executable,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = width, Height = height }, Locale = "en-GB", ServiceWorkers = ServiceWorkerPolicy.Allow,
        });
        return new Chromium(playwright, browser, context);
    }

    public async Task<IPage> Open(Uri url)
    {
        var page = await Context.NewPageAsync();
        await page.GotoAsync(url.ToString());
        return page;
    }

    /// <summary>Saves the whole page (or one element of it) under <c>artifacts/</c>, where CI keeps it; returns the path.</summary>
    public static async Task<string> Screenshot(IPage page, string name, string? element = null)
    {
        var path = Path.Combine(Repository.Root, "artifacts", name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        if (element is null)
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        else
            await page.Locator(element).ScreenshotAsync(new LocatorScreenshotOptions { Path = path });
        return path;
    }

    /// <summary>
    /// What axe-core (run in the page, WCAG 2 A and AA rules) finds wrong: missing labels, poor contrast, keyboard traps,
    /// wrong roles. Empty when the page passes. axe is evaluated by the test, not added to the page as a script, which the
    /// page's policy would rightly refuse.
    /// </summary>
    public static async Task<IReadOnlyList<string>> AccessibilityViolations(IPage page)
    {
        // Evaluated rather than added as a script tag, which the pages' Content Security Policy refuses; once per page.
        if (!await page.EvaluateAsync<bool>("() => typeof axe !== 'undefined'"))
            await page.EvaluateAsync(await File.ReadAllTextAsync(Path.Combine(Repository.Root, "tests", "Micic.IntegrationTests", "Browser", "axe.min.js")));
        var violations = await page.EvaluateAsync<JsonElement>("""
            async () => (await axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } }))
              .violations.map(v => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map(n => n.target.join(" ")).join(", ")}`)
            """);
        return violations.EnumerateArray().Select(v => v.GetString()!).ToList();
    }

    public async ValueTask DisposeAsync()
    {
        await Context.DisposeAsync();
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }
}

/// <summary>The dashboard, signed in as a seeded coordinator through the real sign-in pages (the gateway's cookie session).</summary>
public sealed class DashboardBrowser : IAsyncDisposable
{
    static readonly PageWaitForSelectorOptions Visible = new() { Timeout = 30_000 };

    readonly Chromium _chromium;

    DashboardBrowser(Chromium chromium, IPage page) => (_chromium, Page) = (chromium, page);

    public IPage Page { get; }

    /// <param name="path">The page, with any query (<c>/dashboard?lang=fr</c>).</param>
    /// <param name="person">Who signs in: <c>iom.officer</c> unless said.</param>
    public static async Task<DashboardBrowser> SignIn(Uri gateway, Action<string> log, string path = "/dashboard", SeededPerson? person = null)
    {
        var chromium = await Chromium.Launch(log);
        var page = await chromium.Open(new Uri(gateway, path));
        await SignInThroughPages(page, person ?? SeededPerson.Named("iom.officer"));
        await page.WaitForSelectorAsync("#connection.live", Visible);
        return new DashboardBrowser(chromium, page);
    }

    /// <summary>
    /// From the dashboard's sign-in panel, as the person would: its button, the provider's login page (name and password),
    /// the code page where the person has an authenticator, and back on the page (<paramref name="landing"/>: the dashboard unless said).
    /// </summary>
    public static async Task SignInThroughPages(IPage page, SeededPerson person, string landing = "/dashboard/")
    {
        await page.ClickAsync("#login-link", new PageClickOptions { Timeout = 30_000 });
        await page.WaitForSelectorAsync("input[name=userName]", Visible);
        await page.FillAsync("input[name=userName]", person.UserName);
        await page.FillAsync("input[name=password]", person.Password);
        await page.PressAsync("input[name=password]", "Enter");
        if (person.TotpSecret is not null)
        {
            await page.WaitForURLAsync("**/account/mfa**", new PageWaitForURLOptions { Timeout = 30_000 });
            await page.FillAsync("input[name=code]", await person.NextCode());
            await page.PressAsync("input[name=code]", "Enter");
        }
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == landing, new PageWaitForURLOptions { Timeout = 30_000 });
    }

    public Task<string> Screenshot(string name, string? element = null) => Chromium.Screenshot(Page, name, element);

    /// <summary>What the page's Content-Security-Policy refused so far.</summary>
    public IReadOnlyList<string> Refused => _chromium.Refused;

    public ValueTask DisposeAsync() => _chromium.DisposeAsync();
}
