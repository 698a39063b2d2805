using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MassTransit;
using Micic.Contracts;
using Micic.IntegrationTests.Infrastructure;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Micic.IntegrationTests.Infrastructure.Answers;

namespace Micic.IntegrationTests.EndToEnd;

/// <summary>
/// Money on the coordinators' pages, through the gateway: claims a coordinator approved are the after-action report's
/// reception claims (JSON and workbook), and the funds' positions Funds announces are the dashboard's funds panel, a
/// fund running low and a movement left unpaid among its alerts — drawn by real Chromium.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class FundsDashboardTests(Platform platform, ITestOutputHelper output)
{
    static readonly string Today = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    static readonly string LastWeek = DateTimeOffset.UtcNow.AddDays(-7).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    static decimal Number(JsonElement value) =>
        value.ValueKind == JsonValueKind.String ? decimal.Parse(value.GetString()!, CultureInfo.InvariantCulture) : value.GetDecimal();

    [Fact]
    public async Task Claims_a_coordinator_approved_are_the_after_action_reports_reception_claims_in_their_currency()
    {
        using var iom = await platform.Coordinator();
        using var tunisia = await platform.LoginAs("transit-tunisia", "dev-tunisia-secret");
        // Someone of the crisis asked today: the operation's period, which a claim with no site is counted in. A Mongolian,
        // whom no other test counts (the dashboard page's test counts Nepalese people to the person).
        Assert.Equal(HttpStatusCode.Accepted, (await iom.PostAsJsonAsync("/api/requests", new
        {
            crisisId = "libya-2011", pickupPlace = "LY-TIP-PORT", destinationCountry = "MNG", acceptsThirdCountry = false, consentToShareWithConsulate = false,
            people = new[] { new { givenName = "Saraa", familyName = "Bat", sex = "F", age = 31, nationality = "MNG", document = new { kind = "passport", number = "MN7654321" }, needs = Array.Empty<string>() } },
        })).StatusCode);
        // Swiss francs, which no other test pays in: the report's lines in francs are this test's alone.
        var fund = (await Ok(await iom.PostAsJsonAsync("/api/funds",
            new { name = $"Swiss reception fund {Guid.NewGuid():N}", currency = "CHF", pledged = 50_000m, restrictions = new { purposes = new[] { "reception" } } })))
            .GetProperty("id").GetGuid();
        await Ok(await iom.PostAsJsonAsync($"/api/funds/{fund}/receipts", new { amount = 20_000m, receivedAt = DateTimeOffset.UtcNow.AddHours(-1) }));
        foreach (var (category, amount, people) in new[] { ("medical", 1_234.56m, 7), ("medical", 0.10m, 1), ("food", 800.00m, 40) })
        {
            var claim = (await Ok(await tunisia.PostAsJsonAsync("/api/claims",
                new { category, amount, currency = "CHF", people, from = LastWeek, to = Today, note = "at the border" }))).GetProperty("id").GetGuid();
            await Ok(await iom.PostAsJsonAsync($"/api/claims/{claim}/approve", new { fundId = fund }));
        }

        static IEnumerable<(string Category, decimal Amount, int People, int Claims)> InFrancs(JsonElement report) =>
            report.GetProperty("costs").GetProperty("receptionClaims").EnumerateArray()
                .SelectMany(line => line.GetProperty("amounts").EnumerateArray().Where(a => a.GetProperty("currency").GetString() == "CHF")
                    .Select(a => (line.GetProperty("category").GetString()!, Number(a.GetProperty("amount")), line.GetProperty("people").GetInt32(),
                        line.GetProperty("claims").GetInt32())));
        var report = await Eventually.Get(() => iom.GetFromJsonAsync<JsonElement>("/api/reports/after-action?crisisId=libya-2011"),
            report => InFrancs(report).Sum(line => line.Amount) == 2_034.66m, TimeSpan.FromSeconds(60), "the approved claims in the report");
        Assert.Equal([("medical", 1_234.66m), ("food", 800.00m)], InFrancs(report).Select(line => (line.Category, line.Amount)).OrderByDescending(l => l.Item2));
        Assert.Contains(report.GetProperty("costs").GetProperty("notes").EnumerateArray(),
            note => note.GetString()!.StartsWith("A reception claim counts in this crisis", StringComparison.Ordinal));

        // The workbook says the same, cell by cell.
        var workbook = await Documents.Download(await iom.GetAsync("/api/reports/after-action.xlsx?crisisId=libya-2011"),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        var claims = Documents.Sheet(workbook, "Reception claims");
        Assert.Contains(claims, row => (string)row["Category"]! == "medical" && ((string)row["Amounts in their currencies"]!).Contains("CHF 1,234.66", StringComparison.Ordinal));
        Assert.Contains(claims, row => (string)row["Category"]! == "food" && ((string)row["Amounts in their currencies"]!).Contains("CHF 800", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_funds_panel_shows_each_funds_position_one_running_low_and_the_money_alerts_and_the_page_draws_them()
    {
        var now = DateTimeOffset.UtcNow;
        // Days left well above Funds' own threshold (14 days unless configured), which the other tests' funds make known to the
        // dashboard on this shared platform: only the pool runs low.
        (Guid Id, string Name, string Currency, decimal Pledged, decimal Received, decimal Committed, decimal Spent, decimal? DaysLeft)[] funds =
        [
            (Guid.NewGuid(), "Large donor: evacuation grant", "USD", 3_000_000m, 2_500_000m, 172_800m, 1_211_438.40m, 29.4m),
            (Guid.NewGuid(), "EU humanitarian aid", "EUR", 2_000_000m, 1_200_000m, 96_000m, 617_250.10m, 33.2m),
            (Guid.NewGuid(), "Egypt: return of its nationals", "USD", 800_000m, 800_000m, 0m, 0m, null),
            (Guid.NewGuid(), "NGO emergency pool", "USD", 6_000m, 6_000m, 0m, 5_700m, 0.4m),
        ];
        var pool = funds[3];
        var offer = Guid.NewGuid();
        // As Funds announces them, on the real broker; the dashboard's consumers take them from there.
        var bus = Bus.Factory.CreateUsingRabbitMq(rabbit => rabbit.Host(new Uri(platform.Servers.RabbitMq.ConnectionString)));
        await bus.StartAsync();
        try
        {
            foreach (var (id, name, currency, pledged, received, committed, spent, daysLeft) in funds)
                await bus.Publish(new FundPositionChanged
                {
                    FundId = id, Name = name, Currency = currency, Pledged = pledged, Received = received, Committed = committed, Spent = spent,
                    Balance = received - spent, DaysLeftAtRecentBurn = daysLeft, At = now,
                });
            await bus.Publish(new FundRunningLow { FundId = pool.Id, Name = pool.Name, Currency = "USD", Balance = 300m, DaysLeft = 0.4m, AlertDays = 7, At = now });
            await bus.Publish(new MovementChargeRefused
            {
                OfferId = offer, ManifestId = Guid.NewGuid(), FundId = pool.Id, Amount = 1_500m, Currency = "USD",
                Reason = "Not enough money left. The fund has USD 300.00 left.", At = now.AddSeconds(1),
            });
        }
        finally
        {
            await bus.StopAsync();
        }

        using var iom = await platform.Coordinator();
        var summary = await Eventually.Get(() => iom.GetFromJsonAsync<JsonElement>("/api/dashboard/summary"),
            s => s.GetProperty("funds").EnumerateArray().Count(f => funds.Any(mine => mine.Id == f.GetProperty("id").GetGuid())) == 4
                 && s.GetProperty("alerts").EnumerateArray().Any(a => a.GetProperty("kind").GetString() == "charge-refused"
                     && a.GetProperty("message").GetString()!.Contains(offer.ToString(), StringComparison.Ordinal)),
            TimeSpan.FromSeconds(60), "the funds on the dashboard");
        var shown = summary.GetProperty("funds").EnumerateArray().ToDictionary(f => f.GetProperty("id").GetGuid());
        foreach (var (id, name, currency, pledged, received, committed, spent, daysLeft) in funds)
        {
            var f = shown[id];
            Assert.Equal((name, currency, pledged, received, committed, spent, received - spent),
                (f.GetProperty("name").GetString(), f.GetProperty("currency").GetString(), f.GetProperty("pledged").GetDecimal(), f.GetProperty("received").GetDecimal(),
                    f.GetProperty("committed").GetDecimal(), f.GetProperty("spent").GetDecimal(), f.GetProperty("balance").GetDecimal()));
            // Absent while the fund spent nothing in the last week.
            Assert.Equal(daysLeft, f.TryGetProperty("daysLeftAtRecentBurn", out var days) ? days.GetDecimal() : null);
            Assert.Equal(id == pool.Id, f.GetProperty("runningLow").GetBoolean());
        }
        var alerts = summary.GetProperty("alerts").EnumerateArray().Select(a => (a.GetProperty("kind").GetString(), a.GetProperty("message").GetString()!)).ToList();
        Assert.Contains(("fund-running-low", "Fund NGO emergency pool has USD 300 left: 0.4 days at the last week's spending (warned under 7). Record a receipt or choose another fund for open offers."), alerts);
        Assert.Contains(alerts, a => a.Item1 == "charge-refused" && a.Item2.Contains($"its USD 1,500 could not be charged (Not enough money left. The fund has USD 300.00 left). Choose a fund that can pay it for offer {offer}.", StringComparison.Ordinal));

        // The page: every fund in its own currency, the one running low marked in colour and in words, "—" where nothing was spent.
        await using var browser = await DashboardBrowser.SignIn(platform.Gateway, output.WriteLine);
        var page = browser.Page;
        await page.WaitForSelectorAsync("#funds tr.low", new PageWaitForSelectorOptions { Timeout = 30_000 });
        // Intl writes a no-break space between the currency's code and the amount, as it should: read here as a space.
        var rows = await page.EvalOnSelectorAllAsync<string[][]>("#funds tbody tr", "rows => rows.map(r => [...r.cells].map(c => c.textContent.replace(/\u00a0/g, ' ')))");
        var poolRow = rows.Single(r => r[0].StartsWith("NGO emergency pool", StringComparison.Ordinal));
        Assert.Equal(["NGO emergency pool low", "USD 6,000.00", "USD 6,000.00", "USD 0.00", "USD 5,700.00", "USD 300.00", "0.4"], poolRow);
        Assert.Equal("—", rows.Single(r => r[0].StartsWith("Egypt", StringComparison.Ordinal))[6]);
        Assert.Contains("EUR 582,749.90", rows.Single(r => r[0].StartsWith("EU humanitarian aid", StringComparison.Ordinal)));
        // The line counts every fund marked low: on this shared platform, other tests' funds that ran dry too.
        var low = await page.Locator("#funds tbody tr.low").CountAsync();
        Assert.Equal(low == 1 ? "1 fund runs low: record a receipt or choose another fund for its open offers"
            : $"{low} funds run low: record a receipt or choose another fund for their open offers", await page.TextContentAsync("#funds-low"));
        Assert.DoesNotContain(await Chromium.AccessibilityViolations(page), v => v.Contains("funds", StringComparison.Ordinal));
        output.WriteLine($"Screenshots: {await browser.Screenshot("funds-panel.png", "#funds-panel")}, {await browser.Screenshot("dashboard-funds.png")}");
        Assert.Empty(browser.Refused);
    }
}
