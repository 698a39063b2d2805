using System.Globalization;
using Micic.Contracts;

namespace Micic.Dashboard.Domain;

/// <summary>What a set of people cost, in the reporting currency: the exact sum, and per person rounded to the cent.</summary>
public sealed record CostLine(string Key, int People, decimal Amount, decimal? PerPerson);

/// <summary>
/// What one fund paid in this crisis, in its own currency — for movements (with the people on them) and for reception
/// claims — and the same in the reporting currency.
/// </summary>
public sealed record FundCostLine(Guid FundId, string Fund, string Currency, int People, decimal Evacuation, decimal Reception, decimal Total,
    decimal ReportingTotal);

/// <summary>What a fund spent in one period (<see cref="CostReport.Period"/>), in its currency and in the reporting currency.</summary>
public sealed record FundUsePoint(DateTimeOffset From, Guid FundId, string Fund, string Currency, decimal Amount, decimal ReportingAmount);

/// <summary>An amount in its own currency.</summary>
public sealed record MoneyAmount(string Currency, decimal Amount);

/// <summary>Reimbursement claims approved in one category: how many, for how many people, in their currencies and in the reporting currency.</summary>
public sealed record ClaimCategoryLine(string Category, int Claims, int People, IReadOnlyList<MoneyAmount> Amounts, decimal ReportingAmount);

/// <summary>
/// Who paid for the crisis: the movements' charges (per person evacuated, by mode, nationality and fund), the funds' use
/// over time, and the reception claims approved. Amounts in different currencies are added up only through their
/// amounts in <see cref="ReportingCurrency"/> at the seeded rates of <see cref="RatesOf"/>; every total here is an exact
/// sum of the charges (per-person figures alone are rounded, to the cent).
/// </summary>
public sealed record CostReport(
    string ReportingCurrency, string RatesOf, int PeopleEvacuated, int Movements, decimal Evacuation, decimal? PerPersonEvacuated,
    IReadOnlyList<CostLine> ByMode, IReadOnlyList<CostLine> ByNationality, IReadOnlyList<FundCostLine> ByFund,
    string Period, IReadOnlyList<FundUsePoint> FundsOverTime, IReadOnlyList<ClaimCategoryLine>? ReceptionClaims, decimal? Reception,
    IReadOnlyList<string> Notes)
{
    /// <summary>The sentence that goes with every total across currencies.</summary>
    public string RatesSentence => ReportingCurrency.Length == 0
        ? "Nothing has been charged yet."
        : $"Totals across currencies are in {ReportingCurrency} at the seeded exchange rates of {RatesOf}, as Funds converted each charge; amounts in each fund's own currency are exact.";
}

/// <summary>Compiles the costs of a crisis from its charges and approved claims: every rule of the costs section, in one place.</summary>
public static class Costs
{
    /// <param name="nationalities">A consulate's nationalities (its nationals' shares of each charge only), or null for the whole operation.</param>
    /// <param name="receptionSites">Where this crisis's people were taken and received: a claim for such a site counts in this crisis.</param>
    /// <param name="operation">From the first request to now: a claim with no site counts in the crisis whose operation its period overlaps.</param>
    public static CostReport Compile(CrisisHistory history, string crisisId, IReadOnlySet<string>? nationalities, IReadOnlySet<string> receptionSites,
        (DateOnly From, DateOnly To)? operation)
    {
        var charges = history.MovementChargesOf(crisisId).OrderBy(c => c.DepartedAt).ThenBy(c => c.ChargeId).ToList();
        var claims = nationalities is not null ? [] : history.ClaimsApproved()
            .Where(c => c.Claim.SiteCode is { } site ? receptionSites.Contains(site)
                : operation is { } o && c.Claim.From <= o.To && c.Claim.To >= o.From)
            .OrderBy(c => c.Claim.At).ThenBy(c => c.Claim.ClaimId).ToList();
        var notes = new List<string>();

        // One reporting currency: the one the latest charge was converted into; anything converted otherwise (a change of
        // settings mid-crisis, an event from before charges carried it) is left out of the totals across currencies, and said.
        var reporting = charges.Select(c => (c.ReportingCurrency, c.RatesOf, At: c.DepartedAt))
            .Concat(claims.Where(c => c.Charge is { ReportingCurrency.Length: > 0 })
                .Select(c => (c.Charge!.ReportingCurrency, c.Charge.RatesOf ?? default, At: c.Claim.At)))
            .OrderBy(r => r.At).LastOrDefault().ReportingCurrency ?? "";
        var converted = charges.Where(c => c.ReportingCurrency == reporting).ToList();
        if (converted.Count < charges.Count)
            notes.Add(Invariant($"{charges.Count - converted.Count} movement charge(s) converted into another currency than {reporting} are left out of the totals across currencies."));
        var ratesOf = converted.Select(c => c.RatesOf)
            .Concat(claims.Where(c => c.Charge is { RatesOf: not null } charge && charge.ReportingCurrency == reporting).Select(c => c.Charge!.RatesOf!.Value))
            .Distinct().Order().Select(d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).ToList();

        // A consulate's view is its nationals' shares of each charge: counts and money, exact, as Funds divided them.
        var lines = converted.Select(c => (Charge: c, Shares: c.ByNationality.Where(s => nationalities is null || nationalities.Contains(s.Nationality)).ToList()))
            .Where(l => nationalities is null || l.Shares.Count > 0)
            .Select(l => (l.Charge, l.Shares,
                People: nationalities is null ? l.Charge.SeatsUsed : l.Shares.Sum(s => s.People),
                Amount: nationalities is null ? l.Charge.Amount : l.Shares.Sum(s => s.Amount),
                Reporting: nationalities is null ? l.Charge.ReportingAmount : l.Shares.Sum(s => s.ReportingAmount)))
            .ToList();
        var people = lines.Sum(l => l.People);
        var evacuation = lines.Sum(l => l.Reporting);

        var byMode = lines.GroupBy(l => l.Charge.Mode)
            .Select(set => Line(set.Key, set.Sum(l => l.People), set.Sum(l => l.Reporting)))
            .OrderByDescending(l => l.Amount).ThenBy(l => l.Key, StringComparer.Ordinal).ToList();
        var byNationality = lines.SelectMany(l => l.Shares).GroupBy(s => s.Nationality)
            .Select(set => Line(set.Key, set.Sum(s => s.People), set.Sum(s => s.ReportingAmount)))
            .OrderByDescending(l => l.Amount).ThenBy(l => l.Key, StringComparer.Ordinal).ToList();

        var convertedClaims = claims.Where(c => c.Charge is { } charge && charge.ReportingCurrency == reporting).ToList();
        if (convertedClaims.Count < claims.Count)
            notes.Add(Invariant($"{claims.Count - convertedClaims.Count} approved claim(s) carry no amount in {(reporting.Length > 0 ? reporting : "a reporting currency")}: they are counted in their own currencies only."));
        string FundNameOf(Guid id) => history.Fund(id)?.Name ?? $"Fund {id.ToString()[..8]}";
        var fundLines = lines.Select(l => (l.Charge.FundId, l.Charge.Currency, l.People, Evacuation: l.Amount, Reception: 0m, l.Reporting))
            .Concat(claims.Select(c => (c.Claim.FundId, c.Claim.Currency, People: 0, Evacuation: 0m, Reception: c.Claim.Amount,
                Reporting: c.Charge is { } charge && charge.ReportingCurrency == reporting ? charge.ReportingAmount : 0m)))
            .GroupBy(f => (f.FundId, f.Currency))
            .Select(set => new FundCostLine(set.Key.FundId, FundNameOf(set.Key.FundId), set.Key.Currency, set.Sum(f => f.People),
                set.Sum(f => f.Evacuation), set.Sum(f => f.Reception), set.Sum(f => f.Evacuation + f.Reception), set.Sum(f => f.Reporting)))
            .OrderByDescending(f => f.ReportingTotal).ThenBy(f => f.Fund, StringComparer.Ordinal).ToList();

        var spending = lines.Select(l => (At: l.Charge.DepartedAt, l.Charge.FundId, l.Charge.Currency, l.Amount, l.Reporting))
            .Concat(claims.Select(c => (c.Claim.At, c.Claim.FundId, c.Claim.Currency, c.Claim.Amount,
                Reporting: c.Charge is { } charge && charge.ReportingCurrency == reporting ? charge.ReportingAmount : 0m)))
            .ToList();
        var period = spending.Count == 0 || (spending.Max(s => s.At) - spending.Min(s => s.At)) < TimeSpan.FromDays(20) ? "day" : "week";
        var length = period == "day" ? TimeSpan.FromDays(1) : TimeSpan.FromDays(7);
        DateTimeOffset Start(DateTimeOffset at) => new(at.UtcTicks - at.UtcTicks % length.Ticks, TimeSpan.Zero);
        var overTime = spending.GroupBy(s => (From: Start(s.At), s.FundId, s.Currency))
            .Select(set => new FundUsePoint(set.Key.From, set.Key.FundId, FundNameOf(set.Key.FundId), set.Key.Currency, set.Sum(s => s.Amount), set.Sum(s => s.Reporting)))
            .OrderBy(p => p.From).ThenBy(p => p.Fund, StringComparer.Ordinal).ToList();

        var receptionClaims = nationalities is not null ? null : claims.GroupBy(c => c.Claim.Category)
            .Select(set => new ClaimCategoryLine(set.Key, set.Count(), set.Sum(c => c.Claim.People),
                set.GroupBy(c => c.Claim.Currency).Select(byCurrency => new MoneyAmount(byCurrency.Key, byCurrency.Sum(c => c.Claim.Amount)))
                    .OrderBy(m => m.Currency, StringComparer.Ordinal).ToList(),
                set.Where(c => c.Charge is { } charge && charge.ReportingCurrency == reporting).Sum(c => c.Charge!.ReportingAmount)))
            .OrderByDescending(c => c.ReportingAmount).ThenBy(c => c.Category, StringComparer.Ordinal).ToList();

        notes.Add("Cost per person evacuated is what the movements' charges came to, unused seats included, divided by the people on board; "
            + "a movement's charge is shared among its passengers by nationality as Funds divided it.");
        if (nationalities is not null)
            notes.Add("Only your nationals' shares of each movement's charge are shown; reception claims are not told by nationality and are in the coordinators' report only.");
        else
            notes.Add("A reception claim counts in this crisis when its site received this crisis's people, or, with no site, when its period overlaps the operation.");

        return new CostReport(reporting, ratesOf.Count == 0 ? "" : string.Join(", ", ratesOf), people, lines.Count, evacuation, PerPerson(evacuation, people),
            byMode, byNationality, fundLines, period, overTime, receptionClaims, receptionClaims?.Sum(c => c.ReportingAmount), notes);
    }

    static CostLine Line(string key, int people, decimal amount) => new(key, people, amount, PerPerson(amount, people));

    /// <summary>Rounded to the cent, halves away from zero, as a person would; null for nobody.</summary>
    public static decimal? PerPerson(decimal amount, int people) => people == 0 ? null : Math.Round(amount / people, 2, MidpointRounding.AwayFromZero);

    static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
