using Micic.ServiceDefaults.ReferenceData;
using Micic.ServiceDefaults;

namespace Micic.Funds.Domain;

/// <summary>What a fund may pay for.</summary>
public enum Purpose { Evacuation, Reception, Reintegration }

/// <summary>
/// Whose money a fund is: a donor's; a State's, recovering or contributing what its nationals' evacuation costs (restrict
/// it to those nationalities); or an employer's bond, posted for the workers it brought in.
/// </summary>
public enum FundSource { Donor, State, Bond }

/// <summary>
/// What a donor allows its money to be spent on: the nationalities helped, the purposes, and the period the costs fall
/// in (inclusive days). Nothing given means no restriction of that kind.
/// </summary>
public sealed record Restrictions(IReadOnlyList<string> Nationalities, IReadOnlyList<Purpose> Purposes, DateOnly? From, DateOnly? To)
{
    public static readonly Restrictions None = new([], [], null, null);
}

/// <summary>What a fund is asked to pay: an amount, for a purpose, for costs of a period, for people of some nationalities (when known).</summary>
public sealed record Cost(Money Amount, Purpose Purpose, DateOnly From, DateOnly To, IReadOnlyList<string>? Nationalities = null);

/// <summary>Why a fund cannot pay a cost.</summary>
public sealed record ChargeRefusal(string Title, string Detail);

/// <summary>
/// A fund as it stands: pledged by its donor, received so far, spent by its charges. It pays only from what it has
/// received (its balance), in its own currency, within its donor's restrictions.
/// </summary>
public sealed record Fund(Guid Id, string Name, string? DonorOrganisationId, string Currency, decimal Pledged, decimal Received, decimal Spent,
    Restrictions Restrictions, FundSource Source = FundSource.Donor)
{
    public decimal Balance => Received - Spent;

    /// <param name="committedElsewhere">
    /// What other movements the fund was chosen for will cost it: a movement to be paid later is funded only from what
    /// they leave of the balance.
    /// </param>
    /// <returns>Why the fund cannot pay <paramref name="cost"/>, or null when it can.</returns>
    public ChargeRefusal? RefuseCharge(Cost cost, decimal committedElsewhere = 0m)
    {
        if (cost.Amount.Currency != Currency)
            return new("Not the fund's currency.", $"The fund pays in {Currency}; the cost is in {cost.Amount.Currency} (no conversion).");
        if (Restrictions.Purposes.Count > 0 && !Restrictions.Purposes.Contains(cost.Purpose))
            return new("Outside the fund's purposes.", $"The fund pays for {string.Join(", ", Restrictions.Purposes.Select(p => p.WireName()))} only.");
        if (Restrictions.From is { } from && cost.From < from || Restrictions.To is { } to && cost.To > to)
            return new("Outside the fund's period.", $"The fund pays for costs from {Restrictions.From?.ToString("O") ?? "any day"} to {Restrictions.To?.ToString("O") ?? "any day"}.");
        if (Restrictions.Nationalities.Count > 0 && cost.Nationalities is { } helped && helped.Except(Restrictions.Nationalities).Any())
            return new("Outside the fund's nationalities.", $"The fund pays for nationals of {string.Join(", ", Restrictions.Nationalities)} only.");
        if (committedElsewhere > 0m && cost.Amount.Amount > Balance - committedElsewhere)
            return new("Beyond what the fund has not committed.",
                $"The fund has {Balance} {Currency} left of what it received, {committedElsewhere} {Currency} of it committed to other movements; the cost is {cost.Amount}.");
        if (cost.Amount.Amount > Balance)
            return new("Beyond the fund's balance.", $"The fund has {Balance} {Currency} left of what it received; the cost is {cost.Amount}.");
        return null;
    }

    /// <summary>
    /// How many days the balance lasts if the fund goes on spending as it did over the last <paramref name="window"/>
    /// (to a tenth of a day, rounded down); null when it spent nothing then.
    /// </summary>
    public decimal? DaysLeft(decimal spentInWindow, TimeSpan window)
    {
        if (spentInWindow <= 0m || window <= TimeSpan.Zero)
            return null;
        var perDay = spentInWindow / (decimal)window.TotalDays;
        return decimal.Round(Math.Max(Balance, 0m) / perDay, 1, MidpointRounding.ToZero);
    }
}
