using System.Security.Claims;
using Micic.Contracts;
using Micic.Funds.Data;
using Micic.Funds.Domain;
using Micic.Persistence.Data;
using Micic.Persistence.Messaging;
using Micic.ServiceDefaults;
using Micic.ServiceDefaults.Auth;
using Micic.ServiceDefaults.ReferenceData;

namespace Micic.Funds.Application;

/// <summary>What choosing the fund that pays for a movement came to.</summary>
public abstract record FundingOutcome
{
    /// <summary>The fund is committed to the movement, charged when it departs.</summary>
    public sealed record Committed(OfferTerms Offer, Money Estimate) : FundingOutcome;

    /// <summary>The movement had departed uncharged: the fund paid for it now.</summary>
    public sealed record Charged(MovementCharged Charge) : FundingOutcome;

    public sealed record OfferMissing : FundingOutcome;

    public sealed record FundMissing : FundingOutcome;

    public sealed record Refused(ChargeRefusal Refusal) : FundingOutcome;
}

/// <summary>
/// Who pays for each movement. A coordinator chooses the fund for an offer (committing its estimated cost); when the
/// movement departs its cost, by the seats used, is charged whole to that fund under the fund's row lock — the same lock
/// claims take, so no two charges overspend it — or not at all: then the movement stays uncharged, announced as
/// <see cref="MovementChargeRefused"/>, until a coordinator chooses a fund that can pay it.
/// </summary>
public sealed class MovementCharging(DbSession session, MovementStore movements, FundStore funds, FundPositions positions, ExchangeRates rates,
    Currencies currencies, TransactionalOutbox outbox, TimeProvider clock)
{
    public async Task<FundingOutcome> Choose(Guid offerId, Guid fundId, ClaimsPrincipal coordinator, CancellationToken cancellationToken)
    {
        await session.BeginAsync(cancellationToken);
        if (await movements.Offer(offerId, cancellationToken, forUpdate: true) is not { } offer)
            return new FundingOutcome.OfferMissing();
        // The funds' rows in a fixed order, so that two choices between the same funds never wait on each other.
        Fund? fund = null;
        foreach (var id in new[] { fundId, offer.FundId }.OfType<Guid>().Distinct().Order())
            if (await funds.Find(id, cancellationToken, forUpdate: true) is { } locked && id == fundId)
                fund = locked;
        if (fund is null)
            return new FundingOutcome.FundMissing();
        if (offer.Cost is not { } price)
            return new FundingOutcome.Refused(new("The offer costs nothing.", $"Offer {offerId} is given free: there is nothing for a fund to pay."));

        var movement = await movements.Movement(offerId, cancellationToken);
        if (movement is { ChargeId: not null })
            return new FundingOutcome.Refused(new("Already charged.", $"The movement of offer {offerId} was charged already."));
        if (movement is null)
            return await Commit(offer, fund, coordinator, cancellationToken);

        var cost = MovementCost.Of(price, offer.Basis, offer.Seats, movement.Movement.Passengers);
        if (cost.Amount.Amount == 0m)
            return new FundingOutcome.Refused(new("Nothing to pay.", $"Nobody travelled on the movement of offer {offerId}."));
        if (fund.RefuseCharge(movement.Movement.CostToCharge(cost.Amount)) is { } refusal)
            return new FundingOutcome.Refused(refusal);
        await movements.ChooseFund(offerId, fundId, clock.GetUtcNow(), Actor.Of(coordinator).Id, cancellationToken);
        var charged = await Charge(offer, movement.Movement, fund, cost, cancellationToken);
        await session.CommitAsync(cancellationToken);
        return new FundingOutcome.Charged(charged);
    }

    /// <summary>Commits a fund to a movement yet to depart, if what it has not committed elsewhere covers the estimate.</summary>
    async Task<FundingOutcome> Commit(OfferTerms offer, Fund fund, ClaimsPrincipal coordinator, CancellationToken cancellationToken)
    {
        if (offer.IsWithdrawn)
            return new FundingOutcome.Refused(new("The offer was withdrawn.", $"Offer {offer.OfferId} was withdrawn: it will not depart."));
        var estimate = offer.EstimatedCost!.Value;
        var standing = (await positions.Find(fund.Id, cancellationToken))!;
        // Choosing the same fund again must not count the offer's own commitment against it.
        var committedElsewhere = standing.Committed - (offer.FundId == fund.Id && offer.Status is OfferStatus.Open or OfferStatus.Closed ? estimate.Amount : 0m);
        if (fund.RefuseCharge(offer.FundingCost!, committedElsewhere) is { } refusal)
            return new FundingOutcome.Refused(refusal);
        await movements.ChooseFund(offer.OfferId, fund.Id, clock.GetUtcNow(), Actor.Of(coordinator).Id, cancellationToken);
        await positions.Announce(fund.Id, cancellationToken);
        if (offer.FundId is { } previous && previous != fund.Id)
            await positions.Announce(previous, cancellationToken);
        await session.CommitAsync(cancellationToken);
        return new FundingOutcome.Committed(offer with { FundId = fund.Id }, estimate);
    }

    /// <summary>
    /// Charges a departed movement to its offer's fund, in the unit of work of the consumed departure. A departure heard
    /// again (another message for the same movement) changes nothing.
    /// </summary>
    public async Task Depart(MovementDeparted departed, CancellationToken cancellationToken)
    {
        // Offers publishes an offer long before it can depart; should the departure overtake it, the retry waits for it.
        var offer = await movements.Offer(departed.OfferId, cancellationToken, forUpdate: true)
            ?? throw new InvalidOperationException($"Offer {departed.OfferId} is not known to Funds yet: its publication has not arrived.");
        var movement = DepartedMovement.Of(departed.OfferId, departed.ManifestId, departed.Passengers, departed.PassengersByNationality, departed.DepartedAt);
        if (!await movements.Depart(movement, cancellationToken))
            return;
        Fund? fund = offer.FundId is { } fundId ? await funds.Find(fundId, cancellationToken, forUpdate: true) : null;
        if (offer.Cost is not { } price)
        {
            // Given free: nothing to charge; a fund chosen for it anyway is no longer committed to it.
            if (fund is not null)
                await positions.Announce(fund.Id, cancellationToken);
            return;
        }

        var cost = MovementCost.Of(price, offer.Basis, offer.Seats, movement.Passengers);
        var refusal = cost.Amount.Amount == 0m ? new ChargeRefusal("Nothing to pay.", "Nobody travelled.")
            : fund is null ? new ChargeRefusal("No fund chosen.", "No fund was chosen to pay for this movement: a coordinator chooses one.")
            : fund.RefuseCharge(movement.CostToCharge(cost.Amount));
        if (refusal is null)
        {
            await Charge(offer, movement, fund!, cost, cancellationToken);
            return;
        }
        var reason = $"{refusal.Title} {refusal.Detail}";
        await movements.Refuse(offer.OfferId, reason, cancellationToken);
        await outbox.Publish(new MovementChargeRefused
        {
            OfferId = offer.OfferId, ManifestId = movement.ManifestId, FundId = fund?.Id, Amount = cost.Amount.Amount, Currency = cost.Amount.Currency,
            Reason = reason, At = clock.GetUtcNow(),
        }, cancellationToken);
        if (fund is not null)
            await positions.Announce(fund.Id, cancellationToken);
    }

    /// <summary>Charges a movement whole to a fund whose row this transaction holds locked, having checked it can pay.</summary>
    async Task<MovementCharged> Charge(OfferTerms offer, DepartedMovement movement, Fund fund, MovementCost cost, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var chargeId = Guid.CreateVersion7();
        var reporting = rates.ToReporting(cost.Amount);
        var shares = CostShares.Of(cost.Amount, currencies.Find(cost.Amount.Currency)!, reporting, rates.Reporting, movement.ByNationality);
        await funds.Charge(new NewCharge(chargeId, fund.Id, null, offer.OfferId, cost.Amount.Amount, Purpose.Evacuation, now, reporting,
            rates.Reporting.Code, rates.RatesOf), cancellationToken);
        await movements.Charged(offer.OfferId, chargeId, shares, cancellationToken);
        await outbox.Publish(new FundCharged
        {
            FundId = fund.Id, ChargeId = chargeId, OfferId = offer.OfferId, Amount = cost.Amount.Amount, Currency = cost.Amount.Currency,
            Purpose = Purpose.Evacuation.WireName(), Balance = fund.Balance - cost.Amount.Amount, ReportingAmount = reporting,
            ReportingCurrency = rates.Reporting.Code, RatesOf = rates.RatesOf, At = now,
        }, cancellationToken);
        var charged = new MovementCharged
        {
            ChargeId = chargeId, FundId = fund.Id, OfferId = offer.OfferId, ManifestId = movement.ManifestId, CrisisId = offer.CrisisId, Mode = offer.Mode,
            Amount = cost.Amount.Amount, Currency = cost.Amount.Currency, SeatsUsed = cost.SeatsUsed, SeatsUnused = cost.SeatsUnused,
            ByNationality = shares.Select(s => new CostShare
            {
                Nationality = s.Nationality, People = s.People, Amount = s.Amount, ReportingAmount = s.ReportingAmount,
            }).ToList(),
            ReportingAmount = reporting, ReportingCurrency = rates.Reporting.Code, RatesOf = rates.RatesOf, DepartedAt = movement.DepartedAt,
        };
        await outbox.Publish(charged, cancellationToken);
        await positions.Announce(fund.Id, cancellationToken);
        return charged;
    }

    /// <summary>Keeps an offer's capacity as Offers tells it; a fund chosen for it is announced, its commitment having moved.</summary>
    public async Task CapacityChanged(Guid offerId, OfferCapacity capacity, CancellationToken cancellationToken)
    {
        if (await movements.ChangeCapacity(offerId, capacity, cancellationToken) is { } fundId
            && await funds.Find(fundId, cancellationToken, forUpdate: true) is not null)
            await positions.Announce(fundId, cancellationToken);
    }
}

/// <summary>What evacuating people cost in a crisis: everyone's costs for a coordinator, its own nationals' for a consulate.</summary>
public sealed class CostReports(MovementStore movements, ExchangeRates rates)
{
    public async Task<CostSummary> Of(string crisisId, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        IReadOnlyCollection<string>? nationalities = user.IsCoordinator() ? null : user.Nationalities().ToList();
        return CostSummary.Of(await movements.Shares(crisisId, nationalities, cancellationToken), rates.Reporting);
    }
}
