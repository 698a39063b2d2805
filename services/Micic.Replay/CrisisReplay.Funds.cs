using System.Collections.Concurrent;
using System.Globalization;
using System.Net;

namespace Micic.Replay;

/// <summary>
/// The money side of a replay, as the coordinator worked it in 2011: donors' funds opened and their money recorded as it
/// came in, a fund chosen for every charter (a State's fund for a flight home of its nationals), and a movement its fund
/// could not pay — the small fund ran out — charged to another fund that could, once the platform had refused it.
/// </summary>
public sealed partial class CrisisReplay
{
    // A departed movement not charged after this long (real time) was refused: Funds charges within a second or two.
    static readonly TimeSpan ChargeSettlesWithin = TimeSpan.FromSeconds(8);
    const int SettleAttempts = 5;

    readonly ConcurrentDictionary<string, Guid> _funds = new(StringComparer.Ordinal);
    readonly ConcurrentDictionary<Guid, Unpaid> _unpaid = new();
    // The fund the coordinator committed to each charter's offer.
    readonly ConcurrentDictionary<Guid, string> _chosen = new();
    readonly ConcurrentDictionary<(string Fund, int Receipt), bool> _receipts = new();
    int _refunded;

    /// <summary>A departed movement whose charge is still to be seen on its offer.</summary>
    sealed record Unpaid(Movement Movement, string? Fund, TimeSpan DepartedAt)
    {
        public int Attempts { get; set; }
    }

    bool KeepsTheBooks => (scenario.Funds?.Count ?? 0) > 0 && Plays(Coordinator);

    /// <summary>Opens the scenario's funds, with what each donor pledged; their money is recorded as it comes (<see cref="Finance"/>).</summary>
    async Task OpenFunds(CancellationToken cancellationToken)
    {
        if (!KeepsTheBooks)
            return;
        foreach (var fund in scenario.Funds!)
        {
            using var response = await gateway.Post(Coordinator, "/api/funds", new
            {
                name = fund.Name, donorOrganisationId = fund.Donor, currency = fund.Currency, pledged = fund.Pledged, restrictions = fund.Restrictions,
            }, Key("fund", fund.Key), cancellationToken);
            _funds[fund.Key] = (await GatewayClient.Read<Registered>(response, cancellationToken)).Id;
        }
        log($"funds opened: {string.Join("; ", scenario.Funds!.Select(f => $"{f.Name} ({Money(f.Pledged, f.Currency)} pledged)"))}");
    }

    /// <summary>The coordinator's round: the money donors paid in by now, and the movements their funds could not pay.</summary>
    async Task Finance(DateTimeOffset start, CancellationToken cancellationToken)
    {
        if (!KeepsTheBooks)
            return;
        var hour = (clock.GetUtcNow() - start).TotalHours;
        foreach (var fund in scenario.Funds!)
            for (var i = 0; i < fund.Receipts.Count; i++)
                if (fund.Receipts[i].Hour <= hour && _funds.TryGetValue(fund.Key, out var id) && _receipts.TryAdd((fund.Key, i), true))
                {
                    using var response = await gateway.Post(Coordinator, $"/api/funds/{id}/receipts",
                        new { amount = fund.Receipts[i].Amount, receivedAt = clock.GetUtcNow() }, Key("receipt", fund.Key, i), cancellationToken);
                    await GatewayClient.EnsureSuccess(response, cancellationToken);
                    log($"{fund.Name} received {Money(fund.Receipts[i].Amount, fund.Currency)}");
                }
        foreach (var unpaid in _unpaid.Values.Where(u => _running.Elapsed - u.DepartedAt >= ChargeSettlesWithin).ToList())
            await Settle(unpaid, cancellationToken);
    }

    /// <summary>The fund a charter is paid from: a State's fund for a flight home of its nationals, else the route's.</summary>
    string? FundFor(Charter charter) =>
        charter.Route.Home && scenario.FundsForNationals?.GetValueOrDefault(charter.DestinationCountry) is { } national ? national : charter.Route.Fund;

    /// <summary>
    /// The coordinator chooses the fund that pays a charter as soon as it is offered; a fund that cannot cover it any more
    /// (the small fund has run out) is refused, and the coordinator turns to the route's other fund, as a person would.
    /// </summary>
    async Task ChooseFund(Guid offerId, Charter charter, int number, CancellationToken cancellationToken)
    {
        if (!KeepsTheBooks || FundFor(charter) is not { } key)
            return;
        foreach (var choice in new[] { key, charter.Route.FallbackFund }.OfType<string>().Distinct())
        {
            if (!_funds.TryGetValue(choice, out var fundId))
                continue;
            // Funds hears of a new offer from Offers' announcement, a moment after the carrier registered it.
            for (var attempt = 1; ; attempt++)
            {
                using var response = await gateway.Post(Coordinator, $"/api/offers/{offerId}/funding", new { fundId }, null, cancellationToken);
                if (response.StatusCode == HttpStatusCode.NotFound)
                {
                    if (attempt < 12)
                    {
                        await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken);
                        continue;
                    }
                    log($"Funds did not hear of charter {number}'s offer in time: it goes without a fund chosen, to be charged once it has left");
                    return;
                }
                if (response.StatusCode == HttpStatusCode.Conflict)
                {
                    log($"{NameOf(choice)} cannot pay charter {number} ({charter.Route.Mode}, {charter.Route.From} → {charter.ToPlace}): " +
                        $"{await response.Content.ReadAsStringAsync(cancellationToken)}");
                    Interlocked.Increment(ref _refunded);
                    break;
                }
                await GatewayClient.EnsureSuccess(response, cancellationToken);
                _chosen[offerId] = choice;
                return;
            }
        }
        log($"no fund could be committed to charter {number}: it departs with no fund chosen, to be charged once one can pay");
    }

    string NameOf(string fundKey) => scenario.Funds!.FirstOrDefault(f => f.Key == fundKey)?.Name ?? fundKey;

    /// <summary>A movement left: the coordinator looks for its charge a little later.</summary>
    void Departed(Movement movement)
    {
        if (KeepsTheBooks && movement.Charter.Route.Cost is not null && movement.Passengers > 0)
            _unpaid[movement.OfferId] = new Unpaid(movement, _chosen.GetValueOrDefault(movement.OfferId), _running.Elapsed);
    }

    /// <summary>
    /// A departed movement shows its charge on its offer; one that shows none was refused (its fund had run out), and the
    /// coordinator charges it to the route's other fund, as a person would on seeing the alert.
    /// </summary>
    async Task Settle(Unpaid unpaid, CancellationToken cancellationToken)
    {
        var movement = unpaid.Movement;
        var offer = await gateway.Get<CostedOffer>(Coordinator, $"/api/offers/{movement.OfferId}", cancellationToken);
        if (offer.Charge is not null)
        {
            _unpaid.TryRemove(movement.OfferId, out _);
            return;
        }
        var otherKey = new[] { FundFor(movement.Charter), movement.Charter.Route.FallbackFund }.OfType<string>().FirstOrDefault(key => key != unpaid.Fund);
        var other = otherKey is not null && _funds.TryGetValue(otherKey, out var id) ? id : (Guid?)null;
        if (other is null || ++unpaid.Attempts > SettleAttempts)
        {
            log($"movement {movement.Number} ({movement.Charter.Route.From} → {movement.Charter.ToPlace}) left unpaid: no other fund could be charged");
            _unpaid.TryRemove(movement.OfferId, out _);
            return;
        }
        using var response = await gateway.Post(Coordinator, $"/api/offers/{movement.OfferId}/funding", new { fundId = other }, null, cancellationToken);
        if (response.StatusCode == HttpStatusCode.Conflict)
            return; // charged meanwhile, or the other fund cannot pay either: looked at again next round
        await GatewayClient.EnsureSuccess(response, cancellationToken);
        log($"{(unpaid.Fund is { } refused ? NameOf(refused) : "no fund")} could not pay movement {movement.Number} " +
            $"({movement.Charter.Route.Mode}, {movement.Charter.Route.From} → {movement.Charter.ToPlace}) when it left: the coordinator charged it to " +
            NameOf(otherKey!));
        Interlocked.Increment(ref _refunded);
    }

    /// <summary>What the operation cost, by mode, as the coordinator reads it in the after-action report.</summary>
    async Task<string> CostsByMode(CancellationToken cancellationToken)
    {
        try
        {
            var costs = (await gateway.Get<CostsAnswer>(Coordinator, $"/api/reports/after-action?crisisId={scenario.CrisisId}", cancellationToken)).Costs;
            if (costs is null || costs.ReportingCurrency.Length == 0)
                return "nothing was charged";
            return $"{Money(costs.PerPersonEvacuated ?? 0, costs.ReportingCurrency)} per person evacuated ({costs.PeopleEvacuated} people on " +
                $"{costs.Movements} movements, at rates of {costs.RatesOf}); by mode: " +
                string.Join(", ", costs.ByMode.Select(m => $"{m.Key} {Money(m.PerPerson ?? 0, costs.ReportingCurrency)} a person ({m.People} people)")) +
                $"; {_refunded} time(s) a fund could not pay and the coordinator turned to another";
        }
        catch (ReplayException e)
        {
            return $"unknown, the after-action report could not be read ({e.Message})";
        }
    }

    static string Money(decimal amount, string currency) => $"{currency} {amount.ToString("N2", CultureInfo.InvariantCulture)}";

    sealed record CostedOffer(Guid Id, OfferCharge? Charge);
    sealed record OfferCharge(decimal Amount, string Currency, Guid? FundId, int SeatsUsed, int SeatsUnused);
    sealed record CostsAnswer(CostSummary? Costs);
    sealed record CostSummary(string ReportingCurrency, string RatesOf, int PeopleEvacuated, int Movements, decimal? PerPersonEvacuated, List<CostLineAnswer> ByMode);
    sealed record CostLineAnswer(string Key, int People, decimal Amount, decimal? PerPerson);
}
