using System.Net.Http.Json;
using System.Text.Json;
using Micic.IntegrationTests.Infrastructure;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Micic.IntegrationTests.EndToEnd.CheckInsTests;

namespace Micic.IntegrationTests.EndToEnd;

/// <summary>
/// The consulate's view in a real browser: Bangladesh's consular officer signs in through the real pages and reads how
/// the nationals answered the Libya check-in — who needs help, who wants to leave and where their request stands, whom
/// to call, who is safe, and households by area (counts only). The screenshot is kept as an artefact.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class ConsulateViewTests(Platform platform, ITestOutputHelper output)
{
    static readonly PageWaitForSelectorOptions Visible = new() { Timeout = 30_000 };

    [Fact]
    public async Task A_consular_officer_sees_who_needs_help_who_wants_to_leave_whom_to_call_and_households_by_area()
    {
        using var bgd = await platform.LoginAs("consulate-bgd", "dev-bgd-secret");
        using var iom = await platform.Coordinator();
        await Answers.Ok(await iom.PostAsJsonAsync("/api/offers", FlightHome()));
        object Family(string given, string partner, string family, string area, string phone) => new
        {
            nationality = "BGD", countryOfResidence = "LBY", area,
            household = new object[]
            {
                new { givenName = given, familyName = family, sex = "M", birthDate = "1984-03-02", document = new { kind = "passport", number = "BX7" + phone[^6..] } },
                new { givenName = partner, familyName = family, sex = "F", birthDate = "1989-11-20" },
            },
            contact = new { phone, language = "bn" }, consentToContact = true,
        };
        var leaving = await Register(bgd, Family("Rahim", "Salma", "Uddin", "LY-TIP-AIRPORT", "+218915550101"));
        var help = await Register(bgd, Family("Karim", "Nasreen", "Hossain", "LY-BEN-PORT", "+218915550202"));
        var safe = await Register(bgd, Family("Jamal", "Rupa", "Ahmed", "LY-MRA-PORT", "+218915550303"));
        var safeToo = await Register(bgd, Family("Faruk", "Shirin", "Islam", "LY-TIP-AIRPORT", "+218915550404"));
        var silent = await Register(bgd, Family("Anwar", "Laila", "Chowdhury", "LY-ZUWARA", "+218915550505"));
        var waiting = await Register(bgd, Family("Habib", "Mita", "Rahman", "LY-BEN-PORT", "+218915550606"));

        var bus = await Broker(platform);
        try
        {
            await bus.Publish(Asked(1, leaving, help, safe, safeToo, silent, waiting));
            await bus.Publish(Asked(2, silent));
            await bus.Publish(Answer(leaving, 3));
            await bus.Publish(Answer(help, 2));
            await bus.Publish(Answer(safe, 1));
            await bus.Publish(Answer(safeToo, 1));
            await bus.Publish(Unanswered(silent));
            await Eventually.Get(() => platform.Number("micic_requests", $"""
                SELECT count(*) FROM check_in c JOIN evacuation_request q ON q.id = c.request_id WHERE c.registration_id = '{leaving}' AND q.status = 'matched'
                """), matched => matched == 1, TimeSpan.FromMinutes(2), "the household wanting to leave to be matched");
            await Eventually.Get(() => platform.Number("micic_requests", $"SELECT count(*) FROM check_in WHERE registration_id = '{silent}' AND to_call_at IS NOT NULL"),
                toCall => toCall == 1, TimeSpan.FromMinutes(1), "the silent household to be on the list to call");
        }
        finally
        {
            await bus.StopAsync();
        }

        await using var chromium = await Chromium.Launch(output.WriteLine, 1400, 1000);
        var page = await chromium.Open(new Uri(platform.Gateway, "/consulate/?crisis=" + Crisis));
        await DashboardBrowser.SignInThroughPages(page, SeededPerson.Named("consulate-bgd.officer"), "/consulate/");
        await page.WaitForSelectorAsync("#want-to-leave td:has-text('Rahim Uddin')", Visible);

        Assert.Contains("Karim Hossain", await page.InnerTextAsync("#need-help"));
        var leave = await page.InnerTextAsync("#want-to-leave");
        Assert.Contains("matched", leave);
        Assert.Contains("Tripoli International Airport", leave);
        Assert.Contains("Anwar Chowdhury", await page.InnerTextAsync("#to-call"));
        Assert.Contains("Jamal Ahmed", await page.InnerTextAsync("#safe"));
        Assert.Contains("Port of Benghazi", await page.InnerTextAsync("#areas"));
        Assert.DoesNotContain("+218915550", await page.ContentAsync()); // phones show their last three digits only
        Assert.Contains("•101", leave);

        output.WriteLine($"Screenshot: {await Chromium.Screenshot(page, "consulate-view.png")}");
        Assert.Empty(chromium.Refused); // the page needs nothing its Content-Security-Policy forbids
        Assert.Empty(await Chromium.AccessibilityViolations(page));
    }

    [Fact]
    public async Task A_coordinator_is_told_the_page_is_for_consulates()
    {
        await using var chromium = await Chromium.Launch(output.WriteLine);
        var page = await chromium.Open(new Uri(platform.Gateway, "/consulate/"));
        await DashboardBrowser.SignInThroughPages(page, SeededPerson.Named("iom.officer"), "/consulate/");
        await page.WaitForSelectorAsync("#refused", Visible);
        Assert.True(await page.IsHiddenAsync("#view"));
    }
}
