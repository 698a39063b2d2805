using System.Text.Json;

namespace Micic.ServiceDefaults.ReferenceData;

/// <summary>An ISO 4217 currency and how many decimals its amounts may have (2 for USD, 3 for TND, 0 for JPY).</summary>
public sealed record Currency(string Code, int MinorUnits);

/// <summary>The currencies of <c>seeds/currencies.json</c>: the only ones money may be in.</summary>
public sealed class Currencies
{
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    readonly Dictionary<string, Currency> _known;

    public Currencies(IEnumerable<Currency> known) => _known = known.ToDictionary(currency => currency.Code, StringComparer.Ordinal);

    public static Currencies Read(string seedsFolder) =>
        new(JsonSerializer.Deserialize<List<Currency>>(File.ReadAllText(Path.Combine(seedsFolder, "currencies.json")), Json)
            ?? throw new InvalidDataException("currencies.json is empty."));

    public Currency? Find(string? code) => code is not null && _known.TryGetValue(code, out var currency) ? currency : null;
}

/// <summary>
/// An exact amount in one currency. Amounts are <see cref="decimal"/>, never floating point, and never more precise than
/// the currency's minor unit: sums of cents add up to the cent.
/// </summary>
public readonly record struct Money(decimal Amount, string Currency)
{
    /// <summary>More than any fund or claim of a crisis: beyond it an amount is a typing mistake (or an attack), not money.</summary>
    public const decimal Largest = 1_000_000_000_000m;

    public static Money Zero(string currency) => new(0m, currency);

    public Money Plus(Money other) => new(Amount + Same(other).Amount, Currency);

    public Money Minus(Money other) => new(Amount - Same(other).Amount, Currency);

    public bool CoversAtLeast(Money other) => Amount >= Same(other).Amount;

    Money Same(Money other) => other.Currency == Currency
        ? other
        : throw new InvalidOperationException($"{other.Currency} cannot be added to {Currency} without a rate.");

    public override string ToString() => $"{Amount} {Currency}";

    /// <summary>
    /// Checks an amount given in a currency: a known currency, positive (or zero where <paramref name="zeroAllowed"/>),
    /// at most <see cref="Largest"/>, with no more decimals than the currency's minor unit.
    /// </summary>
    /// <returns>The money, or the refusal to name on the amount's or the currency's field.</returns>
    public static (Money? Money, string? AmountError, string? CurrencyError) Parse(decimal? amount, string? currencyCode, Currencies currencies,
        bool zeroAllowed = false)
    {
        var currency = currencies.Find(currencyCode);
        var currencyError = currency is null ? "Must be a known ISO 4217 currency code (USD, EUR, TND, …)." : null;
        var amountError = amount switch
        {
            null => "Required.",
            < 0m => "Must not be negative.",
            0m when !zeroAllowed => "Must be more than zero.",
            > Largest => $"At most {Largest:0}.",
            _ when currency is not null && decimal.Round(amount.Value, currency.MinorUnits) != amount.Value =>
                $"At most {currency.MinorUnits} decimals in {currency.Code}.",
            _ => null,
        };
        return amountError is null && currency is not null
            ? (new Money(decimal.Round(amount!.Value, currency.MinorUnits), currency.Code), null, null)
            : (null, amountError, currencyError);
    }
}
