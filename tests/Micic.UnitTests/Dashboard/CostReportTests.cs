using Micic.Contracts;
using Micic.Dashboard.Apis;
using Micic.Dashboard.Data;
using Micic.Dashboard.Domain;

namespace Micic.UnitTests.Dashboard;

/// <summary>
/// The after-action report's costs: charges and claims added up exactly, in the reporting currency only across
/// currencies, per person rounded to the cent, a consulate's nationals' shares only, and the fold kept and taken up again.
/// </summary>
public class CostReportTests
{
    const string Crisis = "libya-2011";
    static readonly DateTimeOffset T0 = new(2011, 2, 26, 8, 0, 0, TimeSpan.Zero);
    static readonly DateOnly Rates = new(2011, 2, 25);
    static readonly Guid Donor = Guid.NewGuid(), Union = Guid.NewGuid(), Egypt = Guid.NewGuid();
    static readonly Guid ShelterClaim = Guid.NewGuid(), FoodClaim = Guid.NewGuid(), ElsewhereClaim = Guid.NewGuid(), SitelessClaim = Guid.NewGuid();

    static CostShare Share(string nationality, int people, decimal amount, decimal reporting) =>
        new() { Nationality = nationality, People = people, Amount = amount, ReportingAmount = reporting };

    static MovementCharged Charge(Guid fund, string mode, decimal amount, string currency, decimal reporting, int used, int unused, DateTimeOffset at,
        params CostShare[] shares) => new()
    {
        ChargeId = Guid.NewGuid(), FundId = fund, OfferId = Guid.NewGuid(), ManifestId = Guid.NewGuid(), CrisisId = Crisis, Mode = mode, Amount = amount,
        Currency = currency, SeatsUsed = used, SeatsUnused = unused, ByNationality = shares, ReportingAmount = reporting, ReportingCurrency = "USD",
        RatesOf = Rates, DepartedAt = at,
    };

    static FundPositionChanged Position(Guid fund, string name, string currency) => new()
    {
        FundId = fund, Name = name, Currency = currency, Pledged = 1_000_000m, Received = 500_000m, Committed = 0m, Spent = 0m, Balance = 500_000m, At = T0,
    };

    static ClaimApproved Claim(Guid claim, Guid fund, string? site, string category, decimal amount, string currency, int people) => new()
    {
        ClaimId = claim, FundId = fund, OrganisationId = "transit-tunisia", SiteCode = site, Category = category, Amount = amount, Currency = currency,
        People = people, From = DateOnly.FromDateTime(T0.UtcDateTime), To = DateOnly.FromDateTime(T0.UtcDateTime.AddDays(3)), At = T0.AddDays(3),
    };

    static FundCharged ClaimCharge(Guid claim, Guid fund, decimal amount, string currency, decimal reporting) => new()
    {
        FundId = fund, ChargeId = Guid.NewGuid(), ClaimId = claim, Amount = amount, Currency = currency, Purpose = "reception", Balance = 0m,
        ReportingAmount = reporting, ReportingCurrency = "USD", RatesOf = Rates, At = T0.AddDays(3),
    };

    // An air charter of 100 seats at USD 300 a seat, 97 flown: USD 30,000 shared among its 97 passengers (the cents go to
    // some of them, as Funds divides it); a ferry paid in euros; a bus paid by Egypt's fund for its nationals.
    static readonly MovementCharged Air = Charge(Donor, "air", 30_000m, "USD", 30_000m, 97, 3, T0,
        Share("BGD", 60, 18_556.70m, 18_556.70m), Share("EGY", 37, 11_443.30m, 11_443.30m));
    static readonly MovementCharged Sea = Charge(Union, "sea", 100_000m, "EUR", 136_650m, 1_000, 200, T0.AddDays(1),
        Share("EGY", 700, 70_000m, 95_655m), Share("GHA", 299, 29_900m, 40_858.35m), Share("NPL", 1, 100m, 136.65m));
    static readonly MovementCharged Land = Charge(Egypt, "land", 1_234.56m, "USD", 1_234.56m, 45, 5, T0.AddDays(1).AddHours(3),
        Share("EGY", 45, 1_234.56m, 1_234.56m));

    static IEnumerable<object> Events() =>
    [
        new EvacuationRequested
        {
            RequestId = Guid.NewGuid(), CrisisId = Crisis, PickupPlace = "LY-TIP-PORT", DestinationCountry = "EGY", AcceptsThirdCountry = false, GroupSize = 1,
            Nationalities = [new NationalityCount("EGY", 1)], Needs = Needs.None, HasElderly = false, SubmittedAt = T0.AddDays(-2),
        },
        new PersonArrived
        {
            ArrivalId = Guid.NewGuid(), SiteCode = "TN-CHOUCHA", PersonId = Guid.NewGuid(), WalkIn = true, CrisisId = Crisis, Needs = Needs.None,
            AtDestination = false, ArrivedAt = T0.AddDays(1),
        },
        Position(Donor, "Large donor (USD)", "USD"), Position(Union, "EU humanitarian fund", "EUR"), Position(Egypt, "Egypt: its nationals", "USD"),
        Air, Sea, Land,
        Air, // redelivered under a new message id: the same charge, counted once
        // Another crisis's movement: not this report's.
        Charge(Donor, "air", 9_999m, "USD", 9_999m, 10, 0, T0) with { CrisisId = "cote-divoire-2011" },
        Claim(ShelterClaim, Union, "TN-CHOUCHA", "shelter", 2_000.10m, "EUR", 120), ClaimCharge(ShelterClaim, Union, 2_000.10m, "EUR", 2_733.14m),
        Claim(FoodClaim, Donor, "TN-CHOUCHA", "food", 0.10m, "USD", 3), ClaimCharge(FoodClaim, Donor, 0.10m, "USD", 0.10m),
        Claim(SitelessClaim, Donor, null, "medical", 500m, "USD", 4), ClaimCharge(SitelessClaim, Donor, 500m, "USD", 500m),
        // A site that received nobody of this crisis.
        Claim(ElsewhereClaim, Donor, "EG-SALLUM", "shelter", 7_777m, "USD", 50), ClaimCharge(ElsewhereClaim, Donor, 7_777m, "USD", 7_777m),
    ];

    static CrisisHistory Fold(IEnumerable<object> events)
    {
        var history = new CrisisHistory();
        foreach (var message in events)
            history.Add(message);
        return history;
    }

    static CostReport Costs(CrisisHistory history, IReadOnlySet<string>? nationalities = null) =>
        AfterAction.Compile(history, Crisis, "Libya 2011", nationalities, T0.AddDays(5)).Costs!;

    [Fact]
    public void Every_breakdown_adds_up_exactly_to_the_charges_in_the_reporting_currency()
    {
        var costs = Costs(Fold(Events()));

        Assert.Equal(("USD", "2011-02-25", 3, 1_142), (costs.ReportingCurrency, costs.RatesOf, costs.Movements, costs.PeopleEvacuated));
        Assert.Equal(30_000m + 136_650m + 1_234.56m, costs.Evacuation);
        Assert.Equal(costs.Evacuation, costs.ByMode.Sum(m => m.Amount));
        Assert.Equal(costs.Evacuation, costs.ByNationality.Sum(n => n.Amount));
        Assert.Equal(costs.PeopleEvacuated, costs.ByMode.Sum(m => m.People));
        Assert.Equal(costs.PeopleEvacuated, costs.ByNationality.Sum(n => n.People));
        // 167,884.56 / 1,142 = 147.0092…: rounded to the cent, once, for the figure shown.
        Assert.Equal(147.01m, costs.PerPersonEvacuated);
        Assert.Equal(
        [
            new CostLine("sea", 1_000, 136_650m, 136.65m), new CostLine("air", 97, 30_000m, 309.28m), new CostLine("land", 45, 1_234.56m, 27.43m),
        ], costs.ByMode);
        Assert.Equal(new CostLine("EGY", 782, 11_443.30m + 95_655m + 1_234.56m, 138.53m), costs.ByNationality[0]);
        Assert.Equal(new CostLine("NPL", 1, 136.65m, 136.65m), costs.ByNationality[^1]);
    }

    [Fact]
    public void Each_fund_is_told_in_its_own_currency_and_only_its_reporting_amounts_are_added_across_funds()
    {
        var costs = Costs(Fold(Events()));

        Assert.Equal(
        [
            new FundCostLine(Union, "EU humanitarian fund", "EUR", 1_000, 100_000m, 2_000.10m, 102_000.10m, 136_650m + 2_733.14m),
            new FundCostLine(Donor, "Large donor (USD)", "USD", 97, 30_000m, 500.10m, 30_500.10m, 30_500.10m),
            new FundCostLine(Egypt, "Egypt: its nationals", "USD", 45, 1_234.56m, 0m, 1_234.56m, 1_234.56m),
        ], costs.ByFund);
        Assert.Equal(costs.Evacuation + costs.Reception, costs.ByFund.Sum(f => f.ReportingTotal));
        Assert.Contains("in USD at the seeded exchange rates of 2011-02-25", costs.RatesSentence);
    }

    [Fact]
    public void Funds_use_is_told_per_day_per_fund_and_adds_up_to_what_they_paid()
    {
        var costs = Costs(Fold(Events()));

        Assert.Equal("day", costs.Period);
        var day = new DateTimeOffset(2011, 2, 26, 0, 0, 0, TimeSpan.Zero);
        Assert.Equal(
        [
            new FundUsePoint(day, Donor, "Large donor (USD)", "USD", 30_000m, 30_000m),
            new FundUsePoint(day.AddDays(1), Union, "EU humanitarian fund", "EUR", 100_000m, 136_650m),
            new FundUsePoint(day.AddDays(1), Egypt, "Egypt: its nationals", "USD", 1_234.56m, 1_234.56m),
            new FundUsePoint(day.AddDays(3), Union, "EU humanitarian fund", "EUR", 2_000.10m, 2_733.14m),
            new FundUsePoint(day.AddDays(3), Donor, "Large donor (USD)", "USD", 500.10m, 500.10m),
        ], costs.FundsOverTime.OrderBy(p => p.From).ThenByDescending(p => p.ReportingAmount));
        Assert.Equal(costs.ByFund.Sum(f => f.ReportingTotal), costs.FundsOverTime.Sum(p => p.ReportingAmount));
    }

    [Fact]
    public void Reception_claims_count_where_the_crisis_people_were_received_or_with_no_site_in_its_period_by_category()
    {
        var costs = Costs(Fold(Events()));

        Assert.Equal(
        [
            ("shelter", 1, 120, "EUR 2,000.10", 2_733.14m), ("medical", 1, 4, "USD 500", 500m), ("food", 1, 3, "USD 0.10", 0.10m),
        ], costs.ReceptionClaims!.Select(c => (c.Category, c.Claims, c.People, string.Join("; ", c.Amounts.Select(a => FundAlerts.Money(a.Amount, a.Currency))),
            c.ReportingAmount)));
        Assert.Equal(3_233.24m, costs.Reception);
    }

    [Fact]
    public void A_claim_whose_charge_carries_no_reporting_amount_is_counted_in_its_currency_only_and_said()
    {
        var events = Events().Select(e => e is FundCharged { ClaimId: var id } charge && id == ShelterClaim
            ? charge with { ReportingAmount = 0m, ReportingCurrency = "", RatesOf = null } : e);

        var costs = Costs(Fold(events));

        var shelter = costs.ReceptionClaims!.Single(c => c.Category == "shelter");
        Assert.Equal((0m, 2_000.10m), (shelter.ReportingAmount, shelter.Amounts.Single().Amount));
        Assert.Equal(500.10m, costs.Reception);
        Assert.Contains(costs.Notes, note => note.StartsWith("1 approved claim(s) carry no amount in USD", StringComparison.Ordinal));
    }

    [Fact]
    public void A_consulate_sees_its_nationals_shares_of_each_charge_and_no_claims()
    {
        var costs = Costs(Fold(Events()), new HashSet<string> { "EGY" });

        Assert.Equal((3, 782, 108_332.86m), (costs.Movements, costs.PeopleEvacuated, costs.Evacuation));
        Assert.Equal(["EGY"], costs.ByNationality.Select(n => n.Key));
        Assert.Equal(costs.Evacuation, costs.ByMode.Sum(m => m.Amount));
        Assert.Equal([(Union, 700, 70_000m), (Donor, 37, 11_443.30m), (Egypt, 45, 1_234.56m)], costs.ByFund.Select(f => (f.FundId, f.People, f.Evacuation)));
        Assert.Null(costs.ReceptionClaims);
        Assert.Null(costs.Reception);
    }

    [Fact]
    public void A_fold_kept_as_a_checkpoint_and_taken_up_again_gives_the_same_costs()
    {
        var events = Events().ToList();
        var resumed = ReportCheckpoints.Decode(ReportCheckpoints.Encode(Fold(events.Take(7))));
        foreach (var message in events.Skip(7))
            resumed.Add(message);

        var (whole, again) = (Costs(Fold(events)), Costs(resumed));
        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(whole), System.Text.Json.JsonSerializer.Serialize(again));
    }

    [Fact]
    public void Nothing_charged_says_so_rather_than_showing_noughts()
    {
        var costs = Costs(Fold(Events().Take(2)));

        Assert.Equal(("", 0, 0m, (decimal?)null), (costs.ReportingCurrency, costs.PeopleEvacuated, costs.Evacuation, costs.PerPersonEvacuated));
        Assert.Equal("Nothing has been charged yet.", costs.RatesSentence);
        Assert.Contains("No movement has been charged to a fund and no reception claim approved yet.",
            ReportDocuments.Page(AfterAction.Compile(Fold(Events().Take(2)), Crisis, "Libya 2011", null, T0.AddDays(5)), "iom"));
    }

    [Fact]
    public void The_printed_report_states_the_rates_and_the_workbook_has_a_sheet_per_breakdown()
    {
        var report = AfterAction.Compile(Fold(Events()), Crisis, "Libya 2011", null, T0.AddDays(5));

        var page = ReportDocuments.Page(report, "iom");
        Assert.Contains("Who paid: the cost of the evacuation", page);
        Assert.Contains("Totals across currencies are in USD at the seeded exchange rates of 2011-02-25", page);
        Assert.Contains("<td>Sea</td><td class=\"number\">1,000</td><td class=\"number\">136,650.00</td><td class=\"number\">136.65</td>", page);
        Assert.Contains("<td>EU humanitarian fund</td><td>EUR</td>", page);
        using var workbook = DocumentFormat.OpenXml.Packaging.SpreadsheetDocument.Open(
            new MemoryStream(ReportDocuments.Workbook(report, new Micic.ServiceDefaults.Exercises.ExerciseMode(false, null, new HashSet<string>()))), false);
        var sheets = workbook.WorkbookPart!.Workbook.Sheets!.Elements<DocumentFormat.OpenXml.Spreadsheet.Sheet>().Select(s => s.Name!.Value!).ToHashSet();
        Assert.Superset(new HashSet<string> { "Costs by mode", "Costs by nationality", "Costs by fund", "Funds over time", "Reception claims" }, sheets);
    }

    [Theory]
    [InlineData(1000, 5000, null, 7, false)] // nothing spent in the last week: nothing runs it down
    [InlineData(1000, 5000, 10.0, 7, false)]
    [InlineData(1000, 5000, 6.9, 7, true)]
    [InlineData(1000, 5000, 6.9, null, false)] // no threshold known yet
    [InlineData(0, 5000, null, null, true)] // run dry
    [InlineData(0, 0, null, null, false)] // nothing received yet: not dry, just not funded
    public void A_fund_runs_low_when_dry_or_lasting_fewer_days_than_the_warning(double balance, double received, double? daysLeft, int? alertDays, bool low) =>
        Assert.Equal(low, FundAlerts.IsRunningLow((decimal)balance, (decimal)received, (decimal?)daysLeft, alertDays));

    [Fact]
    public void The_alerts_say_which_fund_how_much_is_left_and_what_to_do()
    {
        Assert.Equal(
            "Fund Small NGO fund has USD 1,234.50 left: 2.5 days at the last week's spending (warned under 7). Record a receipt or choose another fund for open offers.",
            FundAlerts.RunningLow(new FundRunningLow
            {
                FundId = Guid.NewGuid(), Name = "Small NGO fund", Currency = "USD", Balance = 1_234.5m, DaysLeft = 2.5m, AlertDays = 7, At = T0,
            }));
        var offer = Guid.NewGuid();
        Assert.Equal(
            $"A movement from LY-MIS-PORT left without being paid: its EUR 12,000 could not be charged (the fund has EUR 300 left). Choose a fund that can pay it for offer {offer}.",
            FundAlerts.ChargeRefused(new MovementChargeRefused
            {
                OfferId = offer, ManifestId = Guid.NewGuid(), Amount = 12_000m, Currency = "EUR", Reason = "the fund has EUR 300 left.", At = T0,
            }, "LY-MIS-PORT"));
    }
}
