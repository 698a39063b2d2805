using Micic.ServiceDefaults.ReferenceData;
using Micic.Funds.Domain;

namespace Micic.UnitTests.Funds;

public sealed class FundRulesTests
{
    static readonly DateOnly March1 = new(2011, 3, 1), March31 = new(2011, 3, 31);

    static Fund Fund(decimal received, decimal spent = 0m, Restrictions? restrictions = null) =>
        new(Guid.NewGuid(), "Libya evacuation fund", "iom", "USD", 1_000_000m, received, spent, restrictions ?? Restrictions.None);

    static Cost Reception(decimal amount, string currency = "USD", DateOnly? from = null, DateOnly? to = null) =>
        new(new Money(amount, currency), Purpose.Reception, from ?? March1, to ?? March1.AddDays(6));

    [Fact]
    public void A_fund_pays_from_what_it_received_not_from_what_was_pledged()
    {
        var fund = Fund(received: 100m, spent: 40m);
        Assert.Equal(60m, fund.Balance);
        Assert.Null(fund.RefuseCharge(Reception(60m)));
        Assert.Equal("Beyond the fund's balance.", fund.RefuseCharge(Reception(60.01m))!.Title);
        Assert.Equal("Beyond the fund's balance.", Fund(received: 0m).RefuseCharge(Reception(1m))!.Title);
    }

    [Fact]
    public void A_fund_pays_only_in_its_own_currency()
    {
        Assert.Equal("Not the fund's currency.", Fund(received: 100m).RefuseCharge(Reception(10m, "EUR"))!.Title);
    }

    [Fact]
    public void A_fund_pays_only_for_its_purposes_and_its_period()
    {
        var evacuationOnly = Fund(100m, restrictions: new Restrictions([], [Purpose.Evacuation], null, null));
        Assert.Equal("Outside the fund's purposes.", evacuationOnly.RefuseCharge(Reception(10m))!.Title);

        var march = Fund(100m, restrictions: new Restrictions([], [Purpose.Reception, Purpose.Evacuation], March1, March31));
        Assert.Null(march.RefuseCharge(Reception(10m, from: March1, to: March31)));
        Assert.Equal("Outside the fund's period.", march.RefuseCharge(Reception(10m, from: March1.AddDays(-1), to: March1))!.Title);
        Assert.Equal("Outside the fund's period.", march.RefuseCharge(Reception(10m, from: March31, to: March31.AddDays(1)))!.Title);
    }

    [Fact]
    public void Nationalities_restrict_only_costs_whose_people_are_known()
    {
        var forBangladeshis = Fund(100m, restrictions: new Restrictions(["BGD"], [], null, null));
        Assert.Null(forBangladeshis.RefuseCharge(Reception(10m)));
        Assert.Null(forBangladeshis.RefuseCharge(Reception(10m) with { Nationalities = ["BGD"] }));
        Assert.Equal("Outside the fund's nationalities.", forBangladeshis.RefuseCharge(Reception(10m) with { Nationalities = ["BGD", "EGY"] })!.Title);
    }

    [Fact]
    public void Three_charges_of_ten_cents_leave_exactly_the_rest()
    {
        var fund = Fund(received: 1m);
        for (var i = 0; i < 3; i++)
        {
            Assert.Null(fund.RefuseCharge(Reception(0.10m)));
            fund = fund with { Spent = fund.Spent + 0.10m };
        }
        Assert.Equal(0.70m, fund.Balance);
    }

    [Fact]
    public void Days_left_are_the_balance_over_the_last_weeks_daily_spending_and_unknown_without_spending()
    {
        var fund = Fund(received: 1000m, spent: 300m);
        Assert.Equal(3.5m, fund.DaysLeft(spentInWindow: 1400m, TimeSpan.FromDays(7)));
        Assert.Equal(23.3m, fund.DaysLeft(spentInWindow: 210m, TimeSpan.FromDays(7)));
        Assert.Null(fund.DaysLeft(0m, TimeSpan.FromDays(7)));
    }

    [Fact]
    public void A_claim_is_decided_once()
    {
        var claim = new ReimbursementClaim(Guid.NewGuid(), "transit-tun", "TN-CHOUCHA", ClaimCategory.Shelter, new Money(10m, "USD"), 4, March1, March1,
            null, ClaimStatus.Pending, DateTimeOffset.UnixEpoch, null, null, null);
        Assert.Null(claim.RefuseDecision());
        Assert.Equal(Purpose.Reception, claim.Cost.Purpose);
        Assert.Equal("Already approved.", (claim with { Status = ClaimStatus.Approved }).RefuseDecision()!.Title);
        Assert.Equal("Already rejected.", (claim with { Status = ClaimStatus.Rejected }).RefuseDecision()!.Title);
    }
}
