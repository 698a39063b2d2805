using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Micic.IntegrationTests.Infrastructure;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Micic.IntegrationTests.Infrastructure.Answers;

namespace Micic.IntegrationTests.EndToEnd;

/// <summary>
/// The public registration page in a real browser, phone-sized, in Arabic: right to left, every field labelled, the
/// API's errors next to their fields, the code from the simulated phone typed in, and axe finding nothing wrong. The
/// screenshot of the filled form is kept as an artefact.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed partial class SelfRegistrationPageTests(Platform platform, ITestOutputHelper output) : IAsyncLifetime
{
    static readonly PageWaitForSelectorOptions Visible = new() { Timeout = 30_000 };

    public Task InitializeAsync() => platform.App.ResourceNotifications.WaitForResourceHealthyAsync("sms").WaitAsync(TimeSpan.FromMinutes(2));

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_person_registers_a_family_in_Arabic_on_a_phone_and_confirms_the_code_received()
    {
        var phone = $"+2279{Random.Shared.Next(10_000_000, 99_999_999)}";
        await using var chromium = await Chromium.Launch(output.WriteLine, 360, 740);
        var page = await chromium.Open(new Uri(platform.Gateway, "/register/?lang=ar"));
        await page.WaitForSelectorAsync("body[data-ready=true]", Visible);

        Assert.Equal("rtl", await page.GetAttributeAsync("html", "dir"));
        Assert.Equal("ar", await page.GetAttributeAsync("html", "lang"));
        Assert.Equal("سجّلوا لدى قنصليتكم", await page.InnerTextAsync("h1"));
        Assert.Equal("ar", await page.InputValueAsync("#language"));

        await page.SelectOptionAsync("#nationality", "EGY");
        await page.SelectOptionAsync("#countryOfResidence", "NER");
        await page.SelectOptionAsync("#area", "NE-NIM-AIRPORT");
        await page.FillAsync("#p0-givenName", "منى");
        await page.FillAsync("#p0-familyName", "سعيد");
        await page.SelectOptionAsync("#p0-sex", "F");
        await page.ClickAsync("#add-person");
        await page.FillAsync("#p1-givenName", "عمر");
        await page.FillAsync("#p1-familyName", "سعيد");
        await page.SelectOptionAsync("#p1-sex", "M");
        await page.FillAsync("#p1-birthDate", "2015-09-01");
        await page.ClickAsync("#add-person");
        await page.ClickAsync("#people li:nth-child(3) .remove");
        Assert.Equal(2, await page.Locator("#people > li").CountAsync());
        await page.CheckAsync("#consent");

        // A phone without its country code: the API's refusal lands under the phone field, said in Arabic, and goes
        // once the number is changed.
        await page.FillAsync("#phone", "91234");
        await page.ClickAsync("#send");
        await page.WaitForSelectorAsync("#phone-error:not(:empty)", Visible);
        Assert.Equal("true", await page.GetAttributeAsync("#phone", "aria-invalid"));
        Assert.StartsWith("اكتبوا الرقم مع +", await page.InnerTextAsync("#phone-error"));
        Assert.Equal(0, await platform.Number("micic_requests", $"SELECT count(*) FROM self_registration WHERE requested_at > now() - interval '1 minute' AND household->'contact'->>'phone' = '{phone}'"));

        await page.FillAsync("#phone", phone);
        Assert.Null(await page.GetAttributeAsync("#phone", "aria-invalid"));
        Assert.Equal("", await page.InnerTextAsync("#phone-error"));
        output.WriteLine($"Screenshot: {await Chromium.Screenshot(page, "register-ar.png")}");
        Assert.Empty(await Chromium.AccessibilityViolations(page));
        await page.ClickAsync("#send");
        await page.WaitForSelectorAsync("#confirm:not([hidden])", Visible);
        Assert.Contains(phone, await page.InnerTextAsync("#code-sent"));

        var text = (await platform.Phones.ReceivedOne(phone, message => message.Text.Contains("رمزكم"), TimeSpan.FromMinutes(1))).Text;
        var code = SixDigits().Match(text).Value;
        await page.FillAsync("#code", code == "000000" ? "111111" : "000000");
        await page.ClickAsync("#check");
        await page.WaitForSelectorAsync("#code-error:not(:empty)", Visible);
        Assert.Contains("4", await page.InnerTextAsync("#code-error"));
        Assert.Empty(await Chromium.AccessibilityViolations(page));

        await page.FillAsync("#code", code);
        await page.ClickAsync("#check");
        await page.WaitForSelectorAsync("#done:not([hidden])", Visible);
        Assert.Equal("تم تسجيلكم", await page.InnerTextAsync("#done-heading"));
        output.WriteLine($"Screenshot: {await Chromium.Screenshot(page, "register-ar-done.png")}");
        Assert.Empty(chromium.Refused);

        using var egypt = await platform.LoginAs("consulate-egy", "dev-egy-secret");
        var registered = await Ok(await egypt.GetAsync($"/api/registrations?countryOfResidence=NER&nationality=EGY&pageSize=200"));
        var mine = registered.GetProperty("items").EnumerateArray().Single(item => item.GetProperty("contact").GetProperty("phone").GetString() == phone);
        Assert.Equal(["منى", "عمر"], mine.GetProperty("household").EnumerateArray().Select(person => person.GetProperty("givenName").GetString()));
        Assert.Equal("ar", mine.GetProperty("contact").GetProperty("language").GetString());
    }

    [Fact]
    public async Task The_page_speaks_the_language_asked_for_and_switches_from_its_links()
    {
        await using var chromium = await Chromium.Launch(output.WriteLine, 360, 740);
        var page = await chromium.Open(new Uri(platform.Gateway, "/register/"));
        await page.WaitForSelectorAsync("body[data-ready=true]", Visible);
        Assert.Equal("en", await page.GetAttributeAsync("html", "lang")); // the browser's en-GB
        await page.ClickAsync("nav a[hreflang=bn]");
        await page.WaitForSelectorAsync("html[lang=bn] body[data-ready=true]", Visible);
        Assert.Equal("ltr", await page.GetAttributeAsync("html", "dir"));
        Assert.Equal("আপনার দূতাবাসে নিবন্ধন করুন", await page.InnerTextAsync("h1"));
        await page.ClickAsync("nav a[hreflang=fr]");
        await page.WaitForSelectorAsync("html[lang=fr] body[data-ready=true]", Visible);
        Assert.Equal("Inscrivez-vous auprès de votre consulat", await page.InnerTextAsync("h1"));
        // Nothing filled in: each required field says so, and nothing is sent.
        await page.ClickAsync("#send");
        await page.WaitForSelectorAsync("#nationality-error:not(:empty)", Visible);
        Assert.Equal("Cochez cette case pour vous inscrire.", await page.InnerTextAsync("#consent-error"));
        Assert.Equal("Obligatoire.", await page.InnerTextAsync("#p0-givenName-error"));
        Assert.Empty(await Chromium.AccessibilityViolations(page));
    }

    [GeneratedRegex("[0-9]{6}")]
    private static partial Regex SixDigits();
}
