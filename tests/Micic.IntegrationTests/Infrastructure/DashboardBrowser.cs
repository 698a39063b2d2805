using Micic.AppHost.Servers;
using Microsoft.Playwright;

namespace Micic.IntegrationTests.Infrastructure;

/// <summary>
/// The dashboard in real headless Chromium (Debian's, installed with apt-get when missing), signed in as the IOM
/// coordinator through the gateway, as a person at a laptop would.
/// </summary>
public sealed class DashboardBrowser : IAsyncDisposable
{
    const string Chromium = "/usr/bin/chromium";

    readonly IPlaywright _playwright;
    readonly IBrowser _browser;

    DashboardBrowser(IPlaywright playwright, IBrowser browser, IPage page) => (_playwright, _browser, Page) = (playwright, browser, page);

    public IPage Page { get; }

    public static async Task<DashboardBrowser> SignIn(Uri gateway, Action<string> log)
    {
        if (!File.Exists(Chromium))
            ServerPackages.Install(["chromium"], log);
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1600, Height = 1000 } });
        await page.GotoAsync(new Uri(gateway, "/dashboard").ToString());
        await page.FillAsync("input[name=clientId]", "iom-coordination");
        await page.FillAsync("input[name=clientSecret]", "dev-iom-secret");
        await page.ClickAsync("#login button[type=submit]");
        await page.WaitForSelectorAsync("#connection.live", new PageWaitForSelectorOptions { Timeout = 30_000 });
        return new DashboardBrowser(playwright, browser, page);
    }

    /// <summary>Saves the whole page under <c>artifacts/</c>, where CI keeps it; returns the path.</summary>
    public async Task<string> Screenshot(string name)
    {
        var path = Path.Combine(Repository.Root, "artifacts", name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        return path;
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }
}
