using System.Globalization;
using Micic.AppHost.Servers;
using Micic.Contracts;
using Micic.Dashboard.Apis;
using Micic.Dashboard.Domain;
using Micic.IntegrationTests.Infrastructure;
using Micic.ServiceDefaults.Documents;
using Micic.ServiceDefaults.Exercises;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Xunit.Abstractions;

namespace Micic.IntegrationTests.Printing;

/// <summary>
/// The after-action report's costs as their readers meet them, from a Libya-sized history of charges and claims: printed
/// by the real Chromium and read back by poppler (text and pictures, kept under <c>artifacts/</c>), and the workbook's
/// cost sheets read back cell by cell by a spreadsheet reader — every figure the one the report computed, to the cent.
/// </summary>
public sealed class AfterActionCostsDocumentTests(ITestOutputHelper output)
{
    const string Crisis = "libya-2011";
    static readonly DateTimeOffset Start = new(2011, 2, 24, 6, 0, 0, TimeSpan.Zero);
    static readonly DateOnly Rates = new(2011, 2, 24);
    const decimal EurToUsd = 1.3662m;
    static readonly (Guid Id, string Name, string Currency)[] Funds =
    [
        (Guid.NewGuid(), "Large donor: evacuation grant", "USD"), (Guid.NewGuid(), "EU humanitarian aid", "EUR"),
        (Guid.NewGuid(), "Egypt: return of its nationals", "USD"), (Guid.NewGuid(), "NGO emergency pool", "USD"),
    ];
    static readonly (string Code, double Share)[] Nationalities =
        [("EGY", 0.3), ("BGD", 0.16), ("NER", 0.1), ("TCD", 0.08), ("GHA", 0.06), ("NGA", 0.06), ("SDN", 0.06), ("PHL", 0.05), ("MLI", 0.04), ("PAK", 0.03), ("SOM", 0.06)];

    /// <summary>A charge's amount shared among its passengers by nationality, the cents given out so that the shares add up exactly.</summary>
    static List<CostShare> Shares(Dictionary<string, int> aboard, decimal amount, decimal reporting)
    {
        var people = aboard.Values.Sum();
        List<decimal> Split(decimal total)
        {
            var parts = aboard.Values.Select(n => Math.Floor(total * n / people * 100) / 100).ToList();
            for (var (i, left) = (0, total - parts.Sum()); left > 0; i = (i + 1) % parts.Count, left -= 0.01m)
                parts[i] += 0.01m;
            return parts;
        }
        var (own, converted) = (Split(amount), Split(reporting));
        return aboard.Select((n, i) => new CostShare { Nationality = n.Key, People = n.Value, Amount = own[i], ReportingAmount = converted[i] }).ToList();
    }

    static CrisisHistory History()
    {
        var history = new CrisisHistory();
        foreach (var (id, name, currency) in Funds)
            history.Add(new FundPositionChanged
            {
                FundId = id, Name = name, Currency = currency, Pledged = 1m, Received = 1m, Committed = 0m, Spent = 0m, Balance = 1m, At = Start,
            });
        var random = new Random(2011);
        string Nationality()
        {
            var draw = random.NextDouble();
            foreach (var (code, share) in Nationalities)
                if ((draw -= share) < 0)
                    return code;
            return Nationalities[^1].Code;
        }
        // Buses to the Tunisian border, ferries to Alexandria and Valletta, flights home: twelve days of them.
        for (var day = 0; day < 12; day++)
            foreach (var (mode, seats, perSeat, perMovement, currency) in new[]
            {
                ("land", 50, 0m, 1_500m, "USD"), ("land", 50, 0m, 1_200m, "USD"), ("sea", 400, 0m, 96_000m, "EUR"), ("air", 180, 320m, 0m, "USD"),
                ("air", 180, 385m, 0m, "USD"),
            })
            {
                if (mode == "sea" && day % 3 != 0)
                    continue;
                var used = seats - random.Next(0, seats / 8);
                var aboard = new Dictionary<string, int>();
                for (var i = 0; i < used; i++)
                {
                    var nationality = Nationality();
                    aboard[nationality] = aboard.GetValueOrDefault(nationality) + 1;
                }
                used = aboard.Values.Sum();
                var amount = perMovement > 0 ? perMovement : perSeat * seats;
                var reporting = currency == "EUR" ? Math.Round(amount * EurToUsd, 2) : amount;
                var fund = mode switch
                {
                    "land" when day < 2 => Funds[3].Id, // the pool runs out after four buses
                    "sea" => Funds[1].Id,
                    "air" when aboard.Keys.All(n => n == "EGY") => Funds[2].Id,
                    _ => Funds[0].Id,
                };
                history.Add(new MovementCharged
                {
                    ChargeId = Guid.NewGuid(), FundId = fund, OfferId = Guid.NewGuid(), ManifestId = Guid.NewGuid(), CrisisId = Crisis, Mode = mode, Amount = amount,
                    Currency = currency, SeatsUsed = used, SeatsUnused = seats - used, ByNationality = Shares(aboard, amount, reporting), ReportingAmount = reporting,
                    ReportingCurrency = "USD", RatesOf = Rates, DepartedAt = Start.AddDays(day).AddHours(random.Next(0, 14)),
                });
            }
        history.Add(new EvacuationRequested
        {
            RequestId = Guid.NewGuid(), CrisisId = Crisis, PickupPlace = "LY-TIP-PORT", DestinationCountry = "EGY", AcceptsThirdCountry = false, GroupSize = 1,
            Nationalities = [new NationalityCount("EGY", 1)], Needs = Needs.None, HasElderly = false, SubmittedAt = Start,
        });
        foreach (var (category, amount, currency, people, day) in new[]
        {
            ("shelter", 84_250.00m, "EUR", 2_300, 4), ("food", 31_180.45m, "EUR", 2_300, 4), ("medical", 12_400.10m, "USD", 310, 6), ("transport", 3_050m, "USD", 120, 9),
            ("shelter", 61_000m, "EUR", 1_800, 10),
        })
        {
            var claim = Guid.NewGuid();
            var fund = currency == "EUR" ? Funds[1].Id : Funds[0].Id;
            var at = Start.AddDays(day).AddHours(15);
            history.Add(new ClaimApproved
            {
                ClaimId = claim, FundId = fund, OrganisationId = "transit-tun", Category = category, Amount = amount, Currency = currency, People = people,
                From = DateOnly.FromDateTime(at.UtcDateTime.AddDays(-3)), To = DateOnly.FromDateTime(at.UtcDateTime), At = at,
            });
            history.Add(new FundCharged
            {
                FundId = fund, ChargeId = Guid.NewGuid(), ClaimId = claim, Amount = amount, Currency = currency, Purpose = "reception", Balance = 0m,
                ReportingAmount = currency == "EUR" ? Math.Round(amount * EurToUsd, 2) : amount, ReportingCurrency = "USD", RatesOf = Rates, At = at,
            });
        }
        return history;
    }

    static readonly AfterActionReport Report = AfterAction.Compile(History(), Crisis, "Libya 2011", null, Start.AddDays(14));

    [Fact]
    public async Task The_printed_costs_state_the_rates_and_add_up_and_are_kept_as_pictures()
    {
        var options = new PrintingOptions();
        if (!File.Exists(options.Chromium))
            ServerPackages.Install(["chromium"], _ => { });
        var pdf = await new PdfPrinter(Options.Create(options), NullLogger<PdfPrinter>.Instance).Print(ReportDocuments.Page(Report, "iom"), CancellationToken.None);

        var costs = Report.Costs!;
        var pages = Documents.Text(pdf).Split('\f');
        var first = Array.FindIndex(pages, page => page.Contains("Who paid: the cost of the evacuation", StringComparison.Ordinal));
        Assert.True(first >= 0, "The costs have no page of their own.");
        var costPages = string.Join("\n", pages.Skip(first));
        Assert.Contains("Totals across currencies are in USD at the seeded exchange rates of 2011-02-24", costPages);
        foreach (var mode in costs.ByMode)
            Assert.Contains(mode.Amount.ToString("N2", CultureInfo.InvariantCulture), costPages);
        Assert.Contains(costs.Evacuation.ToString("N2", CultureInfo.InvariantCulture), costPages);
        Assert.Contains(costs.PerPersonEvacuated!.Value.ToString("N2", CultureInfo.InvariantCulture), costPages);
        Assert.Contains("Funds' use over time: spent per day (USD)", costPages);
        Assert.Contains("Reception claims approved", costPages);
        Assert.Equal(costs.Evacuation, costs.ByMode.Sum(m => m.Amount));
        Assert.Equal(costs.Evacuation, costs.ByNationality.Sum(m => m.Amount));
        Assert.Equal(costs.Evacuation + costs.Reception, costs.ByFund.Sum(f => f.ReportingTotal));

        var pictures = Documents.Pictures(pdf, "after-action-costs");
        output.WriteLine($"cost pages from page {first + 1}: {string.Join(", ", pictures.Skip(first))}");
        Assert.True(pictures.Count >= first + 1);
    }

    [Fact]
    public void The_workbooks_cost_sheets_read_back_cell_by_cell_as_the_report_computed_them()
    {
        var workbook = ReportDocuments.Workbook(Report, new ExerciseMode(false, null, new HashSet<string>()));
        var costs = Report.Costs!;
        static decimal Money(object? cell) => Math.Round((decimal)(double)cell!, 2);

        var byMode = Documents.Sheet(workbook, "Costs by mode");
        Assert.Equal(costs.ByMode.Select(m => (m.Key, (double)m.People, m.Amount, m.PerPerson!.Value)),
            byMode.Select(row => ((string)row["Mode"]!, (double)row["People"]!, Money(row["Cost (USD)"]), Money(row["Per person (USD)"]))));
        var byNationality = Documents.Sheet(workbook, "Costs by nationality");
        Assert.Equal(costs.ByNationality.Select(n => (n.Key, n.Amount)), byNationality.Select(row => ((string)row["Nationality"]!, Money(row["Cost (USD)"]))));
        var byFund = Documents.Sheet(workbook, "Costs by fund");
        Assert.Equal(costs.ByFund.Select(f => (f.Fund, f.Currency, f.Evacuation, f.Reception, f.ReportingTotal)),
            byFund.Select(row => ((string)row["Fund"]!, (string)row["Currency"]!, Money(row["Movements"]), Money(row["Reception claims"]), Money(row["Total (USD)"]))));
        var overTime = Documents.Sheet(workbook, "Funds over time");
        Assert.Equal(costs.FundsOverTime.Select(p => (p.From.UtcDateTime, p.Fund, p.Amount)),
            overTime.Select(row => ((DateTime)row["Day from (UTC)"]!, (string)row["Fund"]!, Money(row["Spent"]))));
        var claims = Documents.Sheet(workbook, "Reception claims");
        Assert.Equal(costs.ReceptionClaims!.Select(c => (c.Category, (double)c.Claims, (double)c.People, c.ReportingAmount)),
            claims.Select(row => ((string)row["Category"]!, (double)row["Claims approved"]!, (double)row["People helped"]!, Money(row["Amount (USD)"]))));
        var summary = Documents.Sheet(workbook, "Summary").Where(row => (string)row["Figure"]! != "Note").ToDictionary(row => (string)row["Figure"]!, row => row["Value"]);
        Assert.Equal(costs.Evacuation, Money(summary["Costs: movements (USD)"]));
        Assert.Equal("2011-02-24", summary["Costs: exchange rates of"]);
        Assert.Contains(Documents.Sheet(workbook, "Summary"), row => row["Value"] is string note && note.StartsWith("Totals across currencies are in USD", StringComparison.Ordinal));
    }
}
