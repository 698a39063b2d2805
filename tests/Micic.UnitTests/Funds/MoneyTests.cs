using Micic.Funds.Domain;
using Micic.ServiceDefaults.ReferenceData;

namespace Micic.UnitTests.Funds;

public sealed class MoneyTests
{
    static readonly Currencies Known = Currencies.Read(SeedData.FindFolder(null));

    [Theory]
    [InlineData("12.34", "USD")]
    [InlineData("12.340", "USD")]
    [InlineData("0.001", "TND")]
    [InlineData("1500", "JPY")]
    [InlineData("1000000000000", "EUR")]
    public void An_amount_in_a_known_currency_within_its_minor_unit_is_money(string amount, string currency)
    {
        var (money, amountError, currencyError) = Money.Parse(decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture), currency, Known);
        Assert.Equal((decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture), currency, null, null),
            (money!.Value.Amount, money.Value.Currency, amountError, currencyError));
    }

    [Theory]
    [InlineData("12.345", "USD", "At most 2 decimals in USD.")]
    [InlineData("0.0001", "TND", "At most 3 decimals in TND.")]
    [InlineData("10.5", "JPY", "At most 0 decimals in JPY.")]
    [InlineData("-1", "USD", "Must not be negative.")]
    [InlineData("0", "USD", "Must be more than zero.")]
    [InlineData("1000000000000.01", "USD", "At most 1000000000000.")]
    [InlineData("100000000000000000000", "USD", "At most 1000000000000.")]
    public void Too_precise_negative_zero_and_absurd_amounts_are_refused(string amount, string currency, string refusal)
    {
        var (money, amountError, currencyError) = Money.Parse(decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture), currency, Known);
        Assert.Equal((null, refusal, null), (money, amountError, currencyError));
    }

    [Theory]
    [InlineData("XXX")]
    [InlineData("usd")]
    [InlineData("")]
    [InlineData(null)]
    public void Only_seeded_ISO_4217_currencies_are_known(string? currency)
    {
        var (money, _, currencyError) = Money.Parse(10m, currency, Known);
        Assert.Null(money);
        Assert.NotNull(currencyError);
    }

    [Fact]
    public void Zero_is_money_only_where_it_means_something()
    {
        Assert.Equal(0m, Money.Parse(0m, "USD", Known, zeroAllowed: true).Money!.Value.Amount);
        Assert.Equal("Required.", Money.Parse(null, "USD", Known, zeroAllowed: true).AmountError);
    }

    [Fact]
    public void Cents_add_up_exactly_and_currencies_never_mix()
    {
        var total = Enumerable.Repeat(new Money(0.10m, "USD"), 3).Aggregate(Money.Zero("USD"), (sum, cost) => sum.Plus(cost));
        Assert.Equal(0.30m, total.Amount);
        Assert.Equal(0.70m, new Money(1m, "USD").Minus(total).Amount);
        Assert.Throws<InvalidOperationException>(() => total.Plus(new Money(1m, "EUR")));
        Assert.Equal("0.30 USD", total.ToString());
    }
}
