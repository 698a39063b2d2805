using Micic.Replay;
using Micic.ServiceDefaults.ReferenceData;

namespace Micic.UnitTests.Replay;

/// <summary>The Libya scenario's money: every charter has a cost and a fund that can pay it in its currency, and one fund is small enough to run out.</summary>
public class ScenarioFundsTests
{
    static readonly CrisisScenario Libya = CrisisScenario.Load(Path.Combine(SeedData.FindFolder(null), "scenarios", "libya-2011.json"));

    [Fact]
    public void Every_route_costs_something_and_is_paid_from_funds_in_its_currency()
    {
        var funds = Libya.Funds!.ToDictionary(f => f.Key);
        foreach (var route in Libya.Routes)
        {
            var cost = Assert.IsType<CharterCost>(route.Cost);
            Assert.True(cost.Amount > 0 && cost.Per is "movement" or "seat", $"{route.From}: {cost}");
            Assert.Equal(cost.Currency, funds[route.Fund!].Currency);
            if (route.FallbackFund is { } fallback)
                Assert.Equal(cost.Currency, funds[fallback].Currency);
        }
        foreach (var (country, fund) in Libya.FundsForNationals!)
            Assert.Equal([country], funds[fund].Restrictions!.Nationalities!);
    }

    [Fact]
    public void Air_charters_cost_a_realistic_price_a_seat()
    {
        foreach (var route in Libya.Routes.Where(r => r.Mode == "air"))
            Assert.InRange(route.Cost!.Amount, 250m, 400m);
    }

    [Fact]
    public void The_small_fund_pays_a_few_buses_and_then_runs_out_so_the_coordinator_turns_to_another_fund()
    {
        var pool = Libya.Funds!.Single(f => f.Key == "ngo-pool");
        var buses = Libya.Routes.Where(r => r.Fund == "ngo-pool").ToList();
        Assert.All(buses, bus => Assert.NotNull(bus.FallbackFund));
        var received = pool.Receipts.Sum(r => r.Amount);
        Assert.InRange(received / buses.Max(b => b.Cost!.Amount), 2m, 10m);
        Assert.True(pool.Pledged <= received, "the pool receives all it was pledged at once: nothing more comes to it");
    }
}
