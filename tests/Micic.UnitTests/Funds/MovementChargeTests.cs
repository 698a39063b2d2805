using Micic.Funds.Domain;
using Micic.ServiceDefaults.ReferenceData;

namespace Micic.UnitTests.Funds;

/// <summary>A departed movement's charge: by seats used and unused, shared by nationality to the cent, in the reporting currency at seeded rates.</summary>
public sealed class MovementChargeTests
{
    static readonly string Seeds = SeedData.FindFolder(null);
    static readonly Currencies Known = Currencies.Read(Seeds);
    static readonly ExchangeRates Rates = ExchangeRates.Read(Seeds, Known);
    static readonly Currency Usd = Known.Find("USD")!, Tnd = Known.Find("TND")!, Jpy = Known.Find("JPY")!;
    static readonly DateTimeOffset Departure = new(2011, 3, 4, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Per_seat_is_the_seat_price_for_each_passenger_who_departed_and_the_rest_are_seats_unused()
    {
        var cost = MovementCost.Of(new Money(249.99m, "USD"), CostBasis.Seat, seats: 180, passengers: 151);
        Assert.Equal((151 * 249.99m, "USD", 151, 29), (cost.Amount.Amount, cost.Amount.Currency, cost.SeatsUsed, cost.SeatsUnused));
    }

    [Fact]
    public void Per_movement_is_the_whole_amount_however_few_travelled()
    {
        var cost = MovementCost.Of(new Money(120_000m, "EUR"), CostBasis.Movement, seats: 1200, passengers: 3);
        Assert.Equal((120_000m, 3, 1197), (cost.Amount.Amount, cost.SeatsUsed, cost.SeatsUnused));
        // More on board than the offer's seats (a manifest corrected at the gate): no negative seats unused.
        Assert.Equal(0, MovementCost.Of(new Money(1m, "EUR"), CostBasis.Movement, seats: 2, passengers: 3).SeatsUnused);
    }

    [Fact]
    public void One_hundred_dollars_among_three_nationalities_of_one_each_adds_up_to_the_cent()
    {
        var shares = CostShares.Split(100m, 2, new Dictionary<string, int> { ["BGD"] = 1, ["EGY"] = 1, ["PHL"] = 1 });
        Assert.Equal(100m, shares.Sum(s => s.Amount));
        // 33.33 each and one cent left over: it goes to the first code on the tie, once.
        Assert.Equal([33.34m, 33.33m, 33.33m], shares.Select(s => s.Amount));
        Assert.Equal(["BGD", "EGY", "PHL"], shares.Select(s => s.Nationality));
    }

    [Fact]
    public void The_cents_left_over_go_to_the_largest_remainders()
    {
        // 10.00 among 7 BGD, 2 EGY, 1 TCD: exactly 7.00, 2.00, 1.00.
        Assert.Equal([7m, 2m, 1m], CostShares.Split(10m, 2, new Dictionary<string, int> { ["BGD"] = 7, ["EGY"] = 2, ["TCD"] = 1 }).Select(s => s.Amount));
        // 0.05 among 3 and 3 and 1: 2.142…, 2.142…, 0.714… cents → 2, 2, 0 and one left for the largest remainder (0.714).
        var shares = CostShares.Split(0.05m, 2, new Dictionary<string, int> { ["BGD"] = 3, ["EGY"] = 3, ["TCD"] = 1 });
        Assert.Equal([0.02m, 0.02m, 0.01m], shares.Select(s => s.Amount));
    }

    [Theory]
    [InlineData("1000.00", 2, new[] { 1, 1, 1, 1, 1, 1, 1 })]
    [InlineData("0.01", 2, new[] { 5, 3, 9 })]
    [InlineData("987654321.99", 2, new[] { 13, 7, 29, 1, 1 })]
    [InlineData("12.345", 3, new[] { 2, 2, 2 })]
    [InlineData("1001", 0, new[] { 3, 4 })]
    public void Shares_always_add_up_exactly_in_the_currencys_minor_unit(string total, int minorUnits, int[] groups)
    {
        var amount = decimal.Parse(total, System.Globalization.CultureInfo.InvariantCulture);
        var people = groups.Select((count, i) => (Code: $"N{i:00}", count)).ToDictionary(g => g.Code, g => g.count);
        var shares = CostShares.Split(amount, minorUnits, people);
        Assert.Equal(amount, shares.Sum(s => s.Amount));
        Assert.All(shares, s => Assert.Equal(decimal.Round(s.Amount, minorUnits), s.Amount));
        Assert.Equal(groups.Sum(), shares.Sum(s => s.People));
    }

    [Fact]
    public void Nobody_on_board_shares_nothing()
    {
        Assert.Empty(CostShares.Split(100m, 2, new Dictionary<string, int>()));
    }

    [Fact]
    public void Shares_in_the_fund_currency_and_in_the_reporting_currency_each_add_up_to_their_totals()
    {
        var amount = new Money(1234.567m, "TND");
        var reporting = Rates.ToReporting(amount);
        Assert.Equal(decimal.Round(1234.567m * 0.70m, 2, MidpointRounding.AwayFromZero), reporting);
        var shares = CostShares.Of(amount, Tnd, reporting, Rates.Reporting, new Dictionary<string, int> { ["TUN"] = 5, ["EGY"] = 2, ["SDN"] = 2 });
        Assert.Equal((1234.567m, reporting), (shares.Sum(s => s.Amount), shares.Sum(s => s.ReportingAmount)));
    }

    [Fact]
    public void Every_seeded_currency_has_a_rate_of_the_stated_day_and_the_reporting_currency_is_one()
    {
        Assert.Equal(("USD", new DateOnly(2011, 3, 1)), (Rates.Reporting.Code, Rates.RatesOf));
        var codes = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(Seeds, "currencies.json"))).RootElement.EnumerateArray()
            .Select(c => c.GetProperty("code").GetString()!).ToList();
        Assert.All(codes, code => Assert.True(Rates.Knows(code), $"No rate for {code}."));
        Assert.Equal(12.34m, Rates.ToReporting(new Money(12.34m, "USD")));
        Assert.Equal(18.30m, Rates.ToReporting(new Money(1500m, "JPY")));
        Assert.Equal(0, Jpy.MinorUnits);
    }

    [Fact]
    public void A_departure_counts_passengers_whose_nationality_it_did_not_carry_as_unstated()
    {
        var movement = DepartedMovement.Of(Guid.NewGuid(), Guid.NewGuid(), 5, new Dictionary<string, int> { ["BGD"] = 3, ["EGY"] = 0 }, Departure);
        Assert.Equal(new Dictionary<string, int> { ["BGD"] = 3, [DepartedMovement.Unstated] = 2 }, movement.ByNationality);
        Assert.Equal(["BGD", "XXX"], movement.CostToCharge(new Money(10m, "USD")).Nationalities!);
    }

    static Fund StateFund(decimal received, params string[] nationalities) =>
        new(Guid.NewGuid(), "Bangladesh cost recovery", "consulate-bgd", "USD", received, received, 0m,
            new Restrictions(nationalities, [Purpose.Evacuation], null, null), FundSource.State);

    [Fact]
    public void A_State_fund_pays_for_its_nationals_only_and_refuses_a_movement_with_others_aboard()
    {
        var fund = StateFund(1000m, "BGD");
        var nationals = DepartedMovement.Of(Guid.NewGuid(), Guid.NewGuid(), 4, new Dictionary<string, int> { ["BGD"] = 4 }, Departure);
        var mixed = DepartedMovement.Of(Guid.NewGuid(), Guid.NewGuid(), 4, new Dictionary<string, int> { ["BGD"] = 3, ["EGY"] = 1 }, Departure);
        Assert.Null(fund.RefuseCharge(nationals.CostToCharge(new Money(400m, "USD"))));
        Assert.Equal("Outside the fund's nationalities.", fund.RefuseCharge(mixed.CostToCharge(new Money(400m, "USD")))!.Title);
        // Passengers of no stated nationality cannot be shown to be its nationals either.
        var unstated = DepartedMovement.Of(Guid.NewGuid(), Guid.NewGuid(), 4, new Dictionary<string, int> { ["BGD"] = 3 }, Departure);
        Assert.Equal("Outside the fund's nationalities.", fund.RefuseCharge(unstated.CostToCharge(new Money(400m, "USD")))!.Title);
    }

    static OfferTerms Offer(decimal amount, CostBasis basis, int seats, params string[] nationalities) =>
        new(Guid.NewGuid(), "libya-2011", "air", nationalities, seats, "open", Departure, new Money(amount, "USD"), basis, null);

    [Fact]
    public void A_fund_is_committed_to_every_seat_and_chosen_only_for_what_it_has_not_committed_elsewhere()
    {
        var offer = Offer(100m, CostBasis.Seat, seats: 10);
        Assert.Equal(1000m, offer.EstimatedCost!.Value.Amount);
        Assert.Equal(5000m, Offer(5000m, CostBasis.Movement, seats: 10).EstimatedCost!.Value.Amount);
        var fund = StateFund(1500m);
        Assert.Null(fund.RefuseCharge(offer.FundingCost!, committedElsewhere: 500m));
        Assert.Equal("Beyond what the fund has not committed.", fund.RefuseCharge(offer.FundingCost!, committedElsewhere: 500.01m)!.Title);
        // An offer reserved for other nationals than the fund's is refused when chosen; one open to anyone is checked on departure.
        Assert.Equal("Outside the fund's nationalities.", StateFund(5000m, "BGD").RefuseCharge(Offer(1m, CostBasis.Seat, 10, "EGY").FundingCost!)!.Title);
        Assert.Null(StateFund(5000m, "BGD").RefuseCharge(Offer(1m, CostBasis.Seat, 10).FundingCost!));
    }

    [Fact]
    public void What_a_crisis_cost_is_summed_by_mode_nationality_and_fund_per_person_evacuated()
    {
        Guid donor = Guid.NewGuid(), state = Guid.NewGuid();
        var summary = CostSummary.Of(
        [
            new ChargedShare("BGD", 3, 300.01m, "air", donor, "Donors"),
            new ChargedShare("EGY", 1, 99.99m, "air", donor, "Donors"),
            new ChargedShare("BGD", 2, 50m, "sea", state, "Bangladesh"),
        ], Usd);
        Assert.Equal(75m, summary.PerPersonEvacuated);
        Assert.Equal([("air", 4, 400m), ("sea", 2, 50m)], summary.ByMode.Select(l => (l.Key, l.People, l.Amount)));
        Assert.Equal([("BGD", 5, 350.01m), ("EGY", 1, 99.99m)], summary.ByNationality.Select(l => (l.Key, l.People, l.Amount)));
        Assert.Equal([(donor, "Donors", 4, 400m), (state, "Bangladesh", 2, 50m)], summary.ByFund);
        Assert.Null(CostSummary.Of([], Usd).PerPersonEvacuated);
    }
}
