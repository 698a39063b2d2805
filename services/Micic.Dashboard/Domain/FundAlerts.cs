using System.Globalization;
using Micic.Contracts;

namespace Micic.Dashboard.Domain;

/// <summary>What coordinators are told about the money: a fund running low, a movement its fund could not pay.</summary>
public static class FundAlerts
{
    public const string RunningLowKind = "fund-running-low";
    public const string ChargeRefusedKind = "charge-refused";

    /// <summary>
    /// A fund is highlighted when it has run dry (received money and none left), or when its money lasts fewer days at
    /// the last week's spending than coordinators are warned at. With no spending that week nothing runs it down: not low.
    /// </summary>
    public static bool IsRunningLow(decimal balance, decimal received, decimal? daysLeft, int? alertDays) =>
        (received > 0 && balance <= 0) || (daysLeft is { } days && alertDays is { } threshold && days < threshold);

    public static string RunningLow(FundRunningLow low) => Invariant(
        $"Fund {low.Name} has {Money(low.Balance, low.Currency)} left: {low.DaysLeft:0.#} {(low.DaysLeft == 1 ? "day" : "days")} at the last week's spending (warned under {low.AlertDays}). Record a receipt or choose another fund for open offers.");

    /// <param name="fromPlace">Where the movement left from, when the dashboard knows its offer.</param>
    public static string ChargeRefused(MovementChargeRefused refused, string? fromPlace) => Invariant(
        $"A movement{(fromPlace is null ? "" : $" from {fromPlace}")} left without being paid: its {Money(refused.Amount, refused.Currency)} could not be charged ({refused.Reason.TrimEnd('.')}). Choose a fund that can pay it for offer {refused.OfferId}.");

    /// <summary>Money as a coordinator reads it: thousands grouped, cents only when there are any.</summary>
    public static string Money(decimal amount, string currency) =>
        Invariant($"{currency} {(amount == decimal.Truncate(amount) ? amount.ToString("N0", CultureInfo.InvariantCulture) : amount.ToString("N2", CultureInfo.InvariantCulture))}");

    static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
