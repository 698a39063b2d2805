using Micic.Funds.Domain;
using Micic.ServiceDefaults.ReferenceData;

namespace Micic.UnitTests.Funds;

public sealed class FundValidatorTests
{
    static readonly Currencies Known = Currencies.Read(SeedData.FindFolder(null));
    static readonly FixedClock Clock = new(new DateTimeOffset(2011, 3, 10, 12, 0, 0, TimeSpan.Zero));
    readonly FundValidator _funds = new(Known, TestSeeds.Data, Clock);
    readonly ClaimValidator _claims = new(Known, TestSeeds.Data, Clock);

    [Fact]
    public void A_fund_with_restrictions_is_checked_field_by_field()
    {
        var (fund, errors) = _funds.Validate(new CreateFund(" ECHO Libya ", "iom", "EUR", 250000m,
            new FundRestrictions(["BGD", "EGY"], ["evacuation", "reception"], new DateOnly(2011, 2, 20), new DateOnly(2011, 6, 30))));
        Assert.Empty(errors);
        Assert.Equal(("ECHO Libya", 250000m, "EUR"), (fund!.Name, fund.Pledged.Amount, fund.Pledged.Currency));
        Assert.Equal([Purpose.Evacuation, Purpose.Reception], fund.Restrictions.Purposes);

        var (_, refused) = _funds.Validate(new CreateFund("", "atlantis-bank", "XXX", -5m,
            new FundRestrictions(["ZZZ"], ["weddings"], new DateOnly(2011, 6, 30), new DateOnly(2011, 2, 20))));
        Assert.Equal(["currency", "donorOrganisationId", "name", "pledged", "restrictions.nationalities[0]", "restrictions.purposes[0]", "restrictions.to"],
            refused.Keys.Order());
        Assert.Equal(["pledged"], _funds.Validate(new CreateFund("F", null, "USD", 12.345m, null)).Errors.Keys);
        Assert.Equal(["body"], _funds.Validate(null).Errors.Keys);
    }

    [Fact]
    public void A_receipt_is_in_the_funds_currency_and_not_in_the_future()
    {
        Assert.Empty(_funds.Validate(new RecordReceipt(0.30m, Clock.Now.AddDays(-1)), "USD").Errors);
        Assert.Equal(["amount"], _funds.Validate(new RecordReceipt(0.305m, Clock.Now), "USD").Errors.Keys);
        Assert.Equal(["amount"], _funds.Validate(new RecordReceipt(10.5m, Clock.Now), "JPY").Errors.Keys);
        Assert.Equal(["amount", "receivedAt"], _funds.Validate(new RecordReceipt(-1m, Clock.Now.AddHours(1)), "USD").Errors.Keys.Order());
    }

    [Fact]
    public void A_claim_names_a_known_site_a_category_money_people_and_a_past_period()
    {
        var (claim, errors) = _claims.Validate(new SubmitClaim("TN-CHOUCHA", "shelter", 1250.50m, "TND", 120, new DateOnly(2011, 3, 1), new DateOnly(2011, 3, 7), " tents "));
        Assert.Empty(errors);
        Assert.Equal((ClaimCategory.Shelter, 1250.50m, "tents"), (claim!.Category, claim.Amount.Amount, claim.Note));

        var (_, refused) = _claims.Validate(new SubmitClaim("XX-NOWHERE", "spa", 1e20m, "ZZZ", 0, new DateOnly(2011, 4, 1), new DateOnly(2011, 3, 1), null));
        Assert.Equal(["amount", "category", "currency", "from", "people", "siteCode", "to"], refused.Keys.Order());
        Assert.Equal(["to"], _claims.Validate(new SubmitClaim(null, "food", 1m, "USD", 1, new DateOnly(2011, 3, 1), new DateOnly(2011, 3, 20), null)).Errors.Keys);
        Assert.Equal(["fundId"], _claims.Validate(new ApproveClaim(Guid.Empty)).Keys);
        Assert.Equal(["reason"], _claims.Validate(new RejectClaim("  ")).Keys);
    }
}
