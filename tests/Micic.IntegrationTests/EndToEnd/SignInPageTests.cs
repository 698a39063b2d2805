using System.Text.Json;
using Micic.IntegrationTests.Infrastructure;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Micic.IntegrationTests.EndToEnd;

/// <summary>
/// The provider's sign-in pages in real Chromium, as the micic-cli client sends a person to them: English and Arabic
/// (right to left), password then the authenticator's code, with the keyboard alone; a wrong code is announced and
/// tied to its field; the pages pass axe's WCAG 2.0/2.1 A and AA rules and run under their own strict Content Security
/// Policy; the person lands on the client's redirect address with a code.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class SignInPageTests(Platform platform, ITestOutputHelper output)
{
    static readonly PageWaitForSelectorOptions Visible = new() { Timeout = 30_000 };

    [Theory]
    [InlineData("en", "ltr", "Sign in to Micic", "Wrong or already used code.")]
    [InlineData("ar", "rtl", "تسجيل الدخول إلى ميسيك", "رمز خاطئ أو مستخدم من قبل.")]
    public async Task A_coordinator_signs_in_with_the_keyboard_alone_through_accessible_pages_and_reaches_the_client(
        string language, string direction, string title, string wrongCode)
    {
        var officer = SeededPerson.Named("iom.officer");
        await using var chromium = await Chromium.Launch(output.WriteLine, width: 1024, height: 800);
        // axe-core is put into every page before its own content, so that the pages' policy (no script from anywhere) stays on.
        await chromium.Context.AddInitScriptAsync(scriptPath: Path.Combine(Repository.Root, "tests", "Micic.IntegrationTests", "Browser", "axe.min.js"));
        await chromium.Context.AddInitScriptAsync("""
            window.__violations = [];
            document.addEventListener("securitypolicyviolation", e => window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
            """);
        // Nothing listens on the client's redirect address: the browser's arrival there is caught instead.
        var callback = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        await chromium.Context.RouteAsync($"{PersonSignIn.Redirect}**", async route =>
        {
            callback.TrySetResult(route.Request.Url);
            await route.FulfillAsync(new RouteFulfillOptions { Status = 200, ContentType = "text/plain", Body = "signed in" });
        });
        var page = await chromium.Context.NewPageAsync();
        var errors = new List<string>();
        // A refused code answers 400, which Chromium reports as a resource that failed to load: expected, not an error of the page.
        page.Console += (_, message) =>
        {
            if (message.Type == "error" && !message.Text.Contains("status of 400"))
                errors.Add(message.Text);
        };
        page.PageError += (_, error) => errors.Add(error);

        var authorize = PersonSignIn.AuthorizePath(PersonSignIn.Challenge(PersonSignIn.Verifier()), state: $"keyboard-{language}")
            + (language == "en" ? "" : $"&ui_locales={language}");
        var login = await page.GotoAsync(new Uri(platform.Gateway, authorize).ToString());
        Assert.Contains("/account/login", page.Url);
        Assert.Contains("default-src 'self'", (await login!.AllHeadersAsync()).GetValueOrDefault("content-security-policy") ?? "(no policy)");
        await page.WaitForSelectorAsync("input[name=userName]", Visible);
        await Speaks(page, language, direction, title);
        await page.WaitForFunctionAsync("document.activeElement?.name === 'userName'", null, new() { Timeout = 5_000 });
        Assert.Empty(await Chromium.AccessibilityViolations(page));
        output.WriteLine($"Screenshot: {await Chromium.Screenshot(page, $"signin-{language}.png")}");

        // The keyboard alone: the name where the cursor already is, Tab, the password, Enter.
        await page.Keyboard.TypeAsync(officer.UserName);
        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("password", await page.EvaluateAsync<string>("document.activeElement.name"));
        await page.Keyboard.TypeAsync(officer.Password);
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync("**/account/mfa**", new PageWaitForURLOptions { Timeout = 30_000 });
        await page.WaitForSelectorAsync("input[name=code]", Visible);
        await Speaks(page, language, direction, null);
        await page.WaitForFunctionAsync("document.activeElement?.name === 'code'", null, new() { Timeout = 5_000 });
        Assert.Empty(await Chromium.AccessibilityViolations(page));

        // A wrong code: announced (role=alert), the field marked invalid and described by the message, the cursor back in it.
        var right = await officer.NextCode();
        await page.Keyboard.TypeAsync(right == "000000" ? "111111" : "000000");
        await page.Keyboard.PressAsync("Enter");
        var alert = await page.WaitForSelectorAsync("[role=alert]", Visible);
        Assert.Equal(wrongCode, (await alert!.TextContentAsync())?.Trim());
        var field = page.Locator("input[name=code]");
        Assert.Equal("true", await field.GetAttributeAsync("aria-invalid"));
        var describedBy = (await field.GetAttributeAsync("aria-describedby"))?.Split(' ') ?? [];
        Assert.Contains(await alert.GetAttributeAsync("id"), describedBy);
        await page.WaitForFunctionAsync("document.activeElement?.name === 'code'", null, new() { Timeout = 5_000 });
        Assert.Empty(await Chromium.AccessibilityViolations(page));
        output.WriteLine($"Screenshot: {await Chromium.Screenshot(page, $"signin-mfa-{language}.png")}");

        Assert.Empty(await page.EvaluateAsync<string[]>("window.__violations"));
        await page.Keyboard.TypeAsync(right);
        await page.Keyboard.PressAsync("Enter");
        var arrived = await callback.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.StartsWith($"{PersonSignIn.Redirect}?code=", arrived);
        Assert.Contains($"state=keyboard-{language}", arrived);
        Assert.Empty(errors);
    }

    static async Task Speaks(IPage page, string language, string direction, string? title)
    {
        var root = await page.EvaluateAsync<JsonElement>("({ lang: document.documentElement.lang, dir: document.documentElement.dir })");
        Assert.Equal((language, direction), (root.GetProperty("lang").GetString(), root.GetProperty("dir").GetString()));
        if (title is not null)
            Assert.Equal(title, (await page.TextContentAsync("h1"))?.Trim());
    }
}
