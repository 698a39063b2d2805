using Micic.Offers.Domain;
using Micic.ServiceDefaults.ReferenceData;

namespace Micic.UnitTests.Offers;

/// <summary>An offer's cost: an exact positive amount in a known currency's minor unit, per movement or per seat — or none.</summary>
public sealed class OfferCostTests
{
    static readonly DateTimeOffset Now = new(2011, 3, 1, 8, 0, 0, TimeSpan.Zero);
    static readonly OfferValidator Validator = new(TestSeeds.Data, Currencies.Read(SeedData.FindFolder(null)), new FixedClock(Now));

    static RegisterOffer Charter(CostTerms? cost) => new("libya-2011", "EgyptAir", "air", "LY-TIP-PORT", "EG-CAI-AIRPORT", "EGY", Now.AddDays(1), 180,
        new EligibilityRules(null, true, true, true), cost);

    static Dictionary<string, string[]> Errors(CostTerms? cost) => Validator.Validate(Charter(cost), TestSeeds.Crisis("libya-2011"));

    [Fact]
    public void An_offer_may_cost_nothing_a_whole_movement_or_each_seat()
    {
        Assert.Empty(Errors(null));
        Assert.Null(Validator.CostOf(Charter(null)));
        Assert.Empty(Errors(new CostTerms(95_000m, "EUR", "movement")));
        var perSeat = Validator.CostOf(Charter(new CostTerms(249.50m, "USD", "seat")))!;
        Assert.Equal((249.50m, "USD", "seat"), (perSeat.Amount, perSeat.Currency, perSeat.Per));
        Assert.Empty(Errors(new CostTerms(1.125m, "TND", "seat")));
    }

    [Theory]
    [InlineData(-1, "USD", "seat", "cost.amount")]
    [InlineData(0, "USD", "seat", "cost.amount")]
    [InlineData(12.345, "USD", "seat", "cost.amount")]
    [InlineData(10.5, "JPY", "movement", "cost.amount")]
    [InlineData(1e13, "USD", "movement", "cost.amount")]
    [InlineData(100, "XXX", "seat", "cost.currency")]
    [InlineData(100, "usd", "seat", "cost.currency")]
    [InlineData(100, "USD", "passenger", "cost.per")]
    [InlineData(100, "USD", null, "cost.per")]
    public void A_cost_that_is_negative_too_precise_absurd_in_no_currency_or_per_nothing_is_refused(double amount, string? currency, string? per, string field)
    {
        var errors = Errors(new CostTerms((decimal)amount, currency, per));
        Assert.Equal([field], errors.Keys);
    }

    [Fact]
    public void A_cost_without_an_amount_says_so()
    {
        Assert.Equal(["Required."], Errors(new CostTerms(null, "USD", "seat"))["cost.amount"]);
    }
}
