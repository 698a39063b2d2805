using System.Security.Claims;
using Micic.Contracts;
using Micic.Offers.Data;
using Micic.Offers.Domain;
using Micic.Persistence.Data;
using Micic.Persistence.Messaging;
using Micic.ServiceDefaults.Auth;

namespace Micic.Offers.Application;

/// <summary>What a change to an offer came to.</summary>
public abstract record OfferChange
{
    public sealed record Made(StoredOffer Offer) : OfferChange;

    /// <summary>No such offer, as far as the caller may know.</summary>
    public sealed record Missing : OfferChange;

    /// <summary>The offer is no longer open.</summary>
    public sealed record NotOpen(StoredOffer Offer) : OfferChange;
}

/// <summary>
/// What carriers do with their offers: register one, change its seats or departure, withdraw it. Each change and what it
/// announces (to matching, the manifests and the dashboard) commit together; groups that lose their seats go back to
/// matching keeping their place.
/// </summary>
public sealed class OfferDesk(DbSession session, TransactionalOutbox outbox, OfferStore store, TimeProvider clock)
{
    /// <summary>Registers an offer and announces it (<see cref="OfferPublished"/>).</summary>
    public async Task<StoredOffer> Register(RegisterOffer body, OfferCost? cost, string organisationId, CancellationToken cancellationToken)
    {
        await session.BeginAsync(cancellationToken);
        var offer = new StoredOffer(Guid.CreateVersion7(clock.GetUtcNow()), organisationId, body.CrisisId!, body.Provider, body.Mode!, body.FromPlace!,
            body.ToPlace!, body.DestinationCountry!, body.DepartsAt!.Value, body.Seats!.Value, 0, OfferState.Open, body.Eligibility!.ToContract(), Cost: cost);
        await store.Insert(offer, cancellationToken);
        await outbox.Publish(new OfferPublished
        {
            OfferId = offer.Id, OrganisationId = offer.OrganisationId, CrisisId = offer.CrisisId, Mode = offer.Mode, FromPlace = offer.FromPlace, ToPlace = offer.ToPlace,
            DestinationCountry = offer.DestinationCountry, Eligibility = offer.Eligibility, Capacity = offer.Capacity, Cost = offer.Cost,
        }, cancellationToken);
        await session.CommitAsync(cancellationToken);
        return offer;
    }

    /// <summary>
    /// Withdraws an open offer: its groups' seats are released (<see cref="SeatsReleased"/>) and <see cref="OfferWithdrawn"/>
    /// tells everyone else.
    /// </summary>
    public Task<OfferChange> Withdraw(Guid id, string reason, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        Change(id, user, () => store.Withdraw(id, cancellationToken), _ => $"offer withdrawn: {reason}",
            capacity => new OfferWithdrawn { OfferId = id, Reason = reason, Capacity = capacity }, cancellationToken);

    /// <summary>
    /// Changes an open offer's seats or departure. A cut below the allocated seats releases the lowest-priority groups;
    /// added seats go to the waiting groups (<see cref="OfferCapacityChanged"/>).
    /// </summary>
    public Task<OfferChange> Change(Guid id, ChangeOffer change, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        Change(id, user, () => store.Change(id, change, clock.GetUtcNow(), cancellationToken), capacity => $"seats cut to {capacity.Seats}",
            capacity => new OfferCapacityChanged { OfferId = id, Capacity = capacity }, cancellationToken);

    /// <summary>An offerer sees its own offers, a coordinator all.</summary>
    public async Task<StoredOffer?> Visible(Guid id, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        await store.Find(id, cancellationToken) is { } offer && (user.IsCoordinator() || offer.OrganisationId == user.OrganisationId()) ? offer : null;

    /// <summary>
    /// Applies a change to an open offer the caller may act on; the groups it takes seats from are released with
    /// <paramref name="releaseReason"/>, and <paramref name="announcement"/> tells everyone else of the new capacity.
    /// </summary>
    async Task<OfferChange> Change<TAnnouncement>(Guid id, ClaimsPrincipal user, Func<Task<(IReadOnlyList<SeatHold> Released, OfferCapacity Capacity)?>> apply,
        Func<OfferCapacity, string> releaseReason, Func<OfferCapacity, TAnnouncement> announcement, CancellationToken cancellationToken)
        where TAnnouncement : class
    {
        if (await Visible(id, user, cancellationToken) is not { } offer)
            return new OfferChange.Missing();
        await session.BeginAsync(cancellationToken);
        if (await apply() is not var (released, capacity))
            return new OfferChange.NotOpen(offer);
        foreach (var hold in released)
            await outbox.Publish(new SeatsReleased
            {
                OfferId = id, RequestId = hold.RequestId, Seats = hold.Seats, Reason = releaseReason(capacity), Capacity = capacity,
            }, cancellationToken);
        await outbox.Publish(announcement(capacity), cancellationToken);
        await session.CommitAsync(cancellationToken);
        return new OfferChange.Made((await store.Find(id, cancellationToken))!);
    }
}
