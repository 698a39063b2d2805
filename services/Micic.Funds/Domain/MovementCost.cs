using Micic.ServiceDefaults;
using Micic.ServiceDefaults.ReferenceData;

namespace Micic.Funds.Domain;

/// <summary>What an offer's cost is counted by: the whole movement, or each seat used.</summary>
public enum CostBasis { Movement, Seat }

/// <summary>
/// An offer as Funds knows it from Offers' events: its crisis and mode, the nationalities it is reserved for (none: anyone),
/// its seats, status and departure, what it costs (null: given free) and the fund chosen to pay for it.
/// </summary>
public sealed record OfferTerms(Guid OfferId, string CrisisId, string Mode, IReadOnlyList<string> Nationalities, int Seats, string Status,
    DateTimeOffset DepartsAt, Money? Cost, CostBasis Basis, Guid? FundId)
{
    /// <summary>What the movement will cost if every seat is used: what a fund chosen for it commits.</summary>
    public Money? EstimatedCost => Cost is { } cost ? MovementCost.Of(cost, Basis, Seats, Seats).Amount : null;

    public bool IsWithdrawn => Status == Contracts.OfferStatus.Withdrawn;

    /// <summary>What a fund is asked to commit to on being chosen: the estimate, for evacuation, on the day of departure, for the offer's nationalities.</summary>
    public Cost? FundingCost => EstimatedCost is { } estimate
        ? new Cost(estimate, Purpose.Evacuation, DateOnly.FromDateTime(DepartsAt.UtcDateTime), DateOnly.FromDateTime(DepartsAt.UtcDateTime),
            Nationalities.Count > 0 ? Nationalities : null)
        : null;
}

/// <summary>A movement that left: how many passengers of each nationality were on board.</summary>
public sealed record DepartedMovement(Guid OfferId, Guid ManifestId, int Passengers, IReadOnlyDictionary<string, int> ByNationality,
    DateTimeOffset DepartedAt)
{
    /// <summary>
    /// ISO 3166's code for a nationality not stated: passengers a departure counted without their nationality (an event
    /// from before nationalities were carried) share the cost under it.
    /// </summary>
    public const string Unstated = "XXX";

    /// <summary>The departure's counts, passengers whose nationality it did not carry counted as <see cref="Unstated"/>.</summary>
    public static DepartedMovement Of(Guid offerId, Guid manifestId, int passengers, IReadOnlyDictionary<string, int> byNationality,
        DateTimeOffset departedAt)
    {
        var counts = byNationality.Where(n => n.Value > 0).ToDictionary(n => n.Key, n => n.Value, StringComparer.Ordinal);
        var unstated = passengers - counts.Values.Sum();
        if (unstated > 0)
            counts[Unstated] = counts.GetValueOrDefault(Unstated) + unstated;
        return new(offerId, manifestId, Math.Max(passengers, counts.Values.Sum()), counts, departedAt);
    }

    public DateOnly Day => DateOnly.FromDateTime(DepartedAt.UtcDateTime);

    /// <summary>What a fund is asked to pay for it: evacuation on the day it left, for the nationalities on board.</summary>
    public Cost CostToCharge(Money amount) => new(amount, Purpose.Evacuation, Day, Day, ByNationality.Keys.Order(StringComparer.Ordinal).ToList());
}

/// <summary>A movement's cost by its seats: used (the passengers who departed) and unused.</summary>
public sealed record MovementCost(Money Amount, int SeatsUsed, int SeatsUnused)
{
    /// <summary>
    /// Per movement, the amount whatever the seats used; per seat, the amount for each seat used. Seats unused are the
    /// offer's seats the passengers left empty.
    /// </summary>
    public static MovementCost Of(Money cost, CostBasis basis, int seats, int passengers) => new(
        basis == CostBasis.Seat ? new Money(cost.Amount * passengers, cost.Currency) : cost,
        passengers, Math.Max(seats - passengers, 0));
}

/// <summary>One nationality's part of a charge, in the fund's currency and in the reporting currency.</summary>
public sealed record Share(string Nationality, int People, decimal Amount, decimal ReportingAmount);

/// <summary>
/// Shares a charge among the nationalities on board by their numbers, to the minor unit: every share is rounded down,
/// and the units left over go one each to the largest remainders (the larger group, then the code, on a tie), so that
/// the shares add up to the charge exactly — never a cent more or less.
/// </summary>
public static class CostShares
{
    public static IReadOnlyList<(string Nationality, int People, decimal Amount)> Split(decimal total, int minorUnits,
        IReadOnlyDictionary<string, int> people)
    {
        var groups = people.Where(g => g.Value > 0).ToList();
        var everyone = groups.Sum(g => g.Value);
        if (everyone == 0)
            return [];
        var unit = 1m / Pow10(minorUnits);
        var units = decimal.Round(total / unit, 0, MidpointRounding.ToZero);
        var exact = groups.Select(g => (g.Key, People: g.Value, Units: units * g.Value / everyone)).ToList();
        var floors = exact.Select(e => (e.Key, e.People, Floor: decimal.Floor(e.Units), Remainder: e.Units - decimal.Floor(e.Units))).ToList();
        var left = units - floors.Sum(f => f.Floor);
        var extra = floors.OrderByDescending(f => f.Remainder).ThenByDescending(f => f.People).ThenBy(f => f.Key, StringComparer.Ordinal)
            .Take((int)left).Select(f => f.Key).ToHashSet(StringComparer.Ordinal);
        return floors.OrderBy(f => f.Key, StringComparer.Ordinal)
            .Select(f => (f.Key, f.People, (f.Floor + (extra.Contains(f.Key) ? 1 : 0)) * unit))
            .ToList();
    }

    /// <summary>The shares of a charge in its currency and in the reporting currency, each adding up exactly to its total.</summary>
    public static IReadOnlyList<Share> Of(Money amount, Currency currency, decimal reportingAmount, Currency reporting,
        IReadOnlyDictionary<string, int> people)
    {
        var inReporting = Split(reportingAmount, reporting.MinorUnits, people).ToDictionary(s => s.Nationality, s => s.Amount);
        return Split(amount.Amount, currency.MinorUnits, people).Select(s => new Share(s.Nationality, s.People, s.Amount, inReporting[s.Nationality])).ToList();
    }

    static decimal Pow10(int exponent)
    {
        var value = 1m;
        for (var i = 0; i < exponent; i++)
            value *= 10m;
        return value;
    }
}

/// <summary>One line of what evacuating people cost: a nationality, a mode or a fund, with the people it counts.</summary>
public sealed record CostLine(string Key, int People, decimal Amount);

/// <summary>A nationality's share of one charged movement, as the costs of a crisis are summed from.</summary>
public sealed record ChargedShare(string Nationality, int People, decimal ReportingAmount, string Mode, Guid FundId, string FundName);

/// <summary>What a crisis's charged movements cost, in the reporting currency: per person evacuated, by mode, nationality and fund.</summary>
public sealed record CostSummary(decimal? PerPersonEvacuated, IReadOnlyList<CostLine> ByMode, IReadOnlyList<CostLine> ByNationality,
    IReadOnlyList<(Guid FundId, string Name, int People, decimal Amount)> ByFund)
{
    /// <param name="reporting">Per person is rounded to its minor unit (half away from zero).</param>
    public static CostSummary Of(IReadOnlyList<ChargedShare> shares, Currency reporting)
    {
        var people = shares.Sum(s => s.People);
        var amount = shares.Sum(s => s.ReportingAmount);
        static IReadOnlyList<CostLine> By(IEnumerable<ChargedShare> shares, Func<ChargedShare, string> key) =>
            shares.GroupBy(key).Select(g => new CostLine(g.Key, g.Sum(s => s.People), g.Sum(s => s.ReportingAmount)))
                .OrderByDescending(line => line.Amount).ThenBy(line => line.Key, StringComparer.Ordinal).ToList();
        return new(
            people > 0 ? decimal.Round(amount / people, reporting.MinorUnits, MidpointRounding.AwayFromZero) : null,
            By(shares, s => s.Mode), By(shares, s => s.Nationality),
            shares.GroupBy(s => (s.FundId, s.FundName)).Select(g => (g.Key.FundId, g.Key.FundName, g.Sum(s => s.People), g.Sum(s => s.ReportingAmount)))
                .OrderByDescending(line => line.Item4).ThenBy(line => line.FundName, StringComparer.Ordinal).ToList());
    }
}
