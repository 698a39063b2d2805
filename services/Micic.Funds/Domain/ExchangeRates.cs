using System.Text.Json;
using System.Text.Json.Serialization;
using Micic.ServiceDefaults.ReferenceData;

namespace Micic.Funds.Domain;

/// <summary>
/// The seeded rates of <c>seeds/exchange-rates.json</c>: what one unit of each currency was worth in the reporting
/// currency on one stated day. Totals across currencies are made with them, and say which day's rates they used. Funds
/// is the only service that converts: the events it publishes carry the converted amounts.
/// </summary>
public sealed class ExchangeRates
{
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { NumberHandling = JsonNumberHandling.Strict };

    readonly IReadOnlyDictionary<string, decimal> _rates;

    public ExchangeRates(Currency reporting, DateOnly ratesOf, IReadOnlyDictionary<string, decimal> rates)
    {
        (Reporting, RatesOf, _rates) = (reporting, ratesOf, rates);
        if (!rates.TryGetValue(reporting.Code, out var one) || one != 1m)
            throw new InvalidDataException($"The reporting currency {reporting.Code} must be worth 1 {reporting.Code}.");
    }

    /// <summary>The currency totals are reported in.</summary>
    public Currency Reporting { get; }

    /// <summary>The day of the rates.</summary>
    public DateOnly RatesOf { get; }

    public bool Knows(string currency) => _rates.ContainsKey(currency);

    /// <summary>An amount in the reporting currency, rounded to its minor unit (half away from zero).</summary>
    public decimal ToReporting(Money money) => _rates.TryGetValue(money.Currency, out var rate)
        ? decimal.Round(money.Amount * rate, Reporting.MinorUnits, MidpointRounding.AwayFromZero)
        : throw new InvalidOperationException($"No seeded rate for {money.Currency}.");

    sealed record Seed(string ReportingCurrency, DateOnly RatesOf, Dictionary<string, decimal> Rates);

    public static ExchangeRates Read(string seedsFolder, Currencies currencies)
    {
        var seed = JsonSerializer.Deserialize<Seed>(File.ReadAllText(Path.Combine(seedsFolder, "exchange-rates.json")), Json)
            ?? throw new InvalidDataException("exchange-rates.json is empty.");
        var reporting = currencies.Find(seed.ReportingCurrency) ?? throw new InvalidDataException($"Unknown reporting currency {seed.ReportingCurrency}.");
        if (seed.Rates.FirstOrDefault(rate => rate.Value <= 0m) is { Key: { } invalid })
            throw new InvalidDataException($"The rate of {invalid} must be positive.");
        return new ExchangeRates(reporting, seed.RatesOf, seed.Rates);
    }
}
