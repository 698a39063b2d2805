using System.Security.Claims;
using Micic.Contracts;
using Micic.Offers.Data;
using Micic.Offers.Domain;
using Micic.ServiceDefaults.Auth;
using Micic.Persistence.Data;
using Micic.Persistence.Messaging;
using Micic.ServiceDefaults.Http;
using Micic.ServiceDefaults.ReferenceData;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Micic.Offers.Apis;

public static class OffersApi
{
    public static IEndpointRouteBuilder MapOffersApi(this IEndpointRouteBuilder app)
    {
        var offers = app.MapGroup("/api/offers").WithTags("Offers").RequireAuthorization(policy => policy.RequireRole(Roles.Offerer, Roles.Coordinator));
        offers.MapPost("/", Register).WithIdempotencyKey<RegisterOffer>();
        offers.MapGet("/{id:guid}", Get);
        offers.MapGet("/", List);
        offers.MapPatch("/{id:guid}", Change);
        offers.MapPost("/{id:guid}/withdraw", Withdraw);
        return app;
    }

    /// <summary>Registers an offer and announces it to matching (<see cref="OfferPublished"/>) in one transaction.</summary>
    static async Task<Results<Created<OfferRegistered>, ValidationProblem>> Register(
        RegisterOffer body, ClaimsPrincipal user, DbSession session, TransactionalOutbox outbox, OfferStore store, OfferValidator validator,
        TimeProvider clock, CancellationToken cancellationToken)
    {
        var errors = validator.Validate(body);
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors, title: "The offer is not valid.");

        await session.BeginAsync(cancellationToken);
        var offer = new StoredOffer(Guid.CreateVersion7(clock.GetUtcNow()), user.OrganisationId(), body.CrisisId!, body.Provider, body.Mode!, body.FromPlace!,
            body.ToPlace!, body.DestinationCountry!, body.DepartsAt!.Value, body.Seats!.Value, 0, OfferStatus.Open, body.Eligibility!.ToContract());
        await store.Insert(offer, cancellationToken);
        await outbox.Publish(new OfferPublished
        {
            OfferId = offer.Id, OrganisationId = offer.OrganisationId, CrisisId = offer.CrisisId, Mode = offer.Mode, FromPlace = offer.FromPlace, ToPlace = offer.ToPlace,
            DestinationCountry = offer.DestinationCountry, Eligibility = offer.Eligibility, Capacity = offer.Capacity,
        }, cancellationToken);

        var registered = new OfferRegistered(offer.Id, offer.Status);
        await session.CommitAsync(cancellationToken);
        return TypedResults.Created($"/api/offers/{offer.Id}", registered);
    }

    /// <summary>An offerer sees its own offers, a coordinator all; anything else is 404.</summary>
    static async Task<Results<Ok<OfferView>, ProblemHttpResult>> Get(Guid id, ClaimsPrincipal user, OfferStore store, CancellationToken cancellationToken)
    {
        return await VisibleOffer(id, user, store, cancellationToken) is { } offer ? TypedResults.Ok(OfferView.From(offer)) : NotFound(id);
    }

    /// <summary>
    /// Withdraws an open offer: its groups' seats are released (<see cref="SeatsReleased"/>) and go back to matching
    /// with their place kept; <see cref="OfferWithdrawn"/> tells everyone else. Withdrawing twice is a conflict.
    /// </summary>
    static async Task<Results<Ok<OfferView>, ValidationProblem, ProblemHttpResult>> Withdraw(
        Guid id, WithdrawOffer body, ClaimsPrincipal user, DbSession session, TransactionalOutbox outbox, OfferStore store, CancellationToken cancellationToken)
    {
        if (Reason.Check(body.Reason) is { Count: > 0 } errors)
            return TypedResults.ValidationProblem(errors, title: "The withdrawal is not valid.");
        if (await VisibleOffer(id, user, store, cancellationToken) is not { } offer)
            return NotFound(id);

        await session.BeginAsync(cancellationToken);
        if (await store.Withdraw(id, cancellationToken) is not { } withdrawn)
            return Problems.Conflict("The offer is not open.", $"Offer {id} is {offer.Status}.");
        var (released, capacity) = withdrawn;
        await PublishReleases(outbox, id, released, $"offer withdrawn: {body.Reason}", capacity, cancellationToken);
        await outbox.Publish(new OfferWithdrawn { OfferId = id, Reason = body.Reason!, Capacity = capacity }, cancellationToken);
        await session.CommitAsync(cancellationToken);

        return TypedResults.Ok(OfferView.From((await store.Find(id, cancellationToken))!));
    }

    /// <summary>
    /// Changes an open offer's seats or departure. A cut below the allocated seats releases the lowest-priority groups,
    /// which go back to matching keeping their place; added seats go to the waiting groups (<see cref="OfferCapacityChanged"/>).
    /// </summary>
    static async Task<Results<Ok<OfferView>, ValidationProblem, ProblemHttpResult>> Change(
        Guid id, ChangeOffer body, ClaimsPrincipal user, DbSession session, TransactionalOutbox outbox, OfferStore store, OfferChangeValidator validator,
        TimeProvider clock, CancellationToken cancellationToken)
    {
        var errors = validator.Validate(body);
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors, title: "The change is not valid.");
        if (await VisibleOffer(id, user, store, cancellationToken) is not { } offer)
            return NotFound(id);

        await session.BeginAsync(cancellationToken);
        if (await store.Change(id, body, clock.GetUtcNow(), cancellationToken) is not { } changed)
            return Problems.Conflict("The offer is not open.", $"Offer {id} is {offer.Status}; only an open offer can change.");
        var (released, capacity) = changed;
        await PublishReleases(outbox, id, released, $"seats cut to {capacity.Seats}", capacity, cancellationToken);
        await outbox.Publish(new OfferCapacityChanged { OfferId = id, Capacity = capacity }, cancellationToken);
        await session.CommitAsync(cancellationToken);

        return TypedResults.Ok(OfferView.From((await store.Find(id, cancellationToken))!));
    }

    static async Task PublishReleases(TransactionalOutbox outbox, Guid offerId, IEnumerable<SeatHold> released, string reason, OfferCapacity capacity,
        CancellationToken cancellationToken)
    {
        foreach (var hold in released)
            await outbox.Publish(new SeatsReleased
            {
                OfferId = offerId, RequestId = hold.RequestId, Seats = hold.Seats, Reason = reason, Capacity = capacity,
            }, cancellationToken);
    }

    /// <summary>An offerer sees its own offers, a coordinator all.</summary>
    static async Task<StoredOffer?> VisibleOffer(Guid id, ClaimsPrincipal user, OfferStore store, CancellationToken cancellationToken) =>
        await store.Find(id, cancellationToken) is { } offer && (user.IsCoordinator() || offer.OrganisationId == user.OrganisationId()) ? offer : null;

    static ProblemHttpResult NotFound(Guid id) => Problems.NotFound("No such offer.", $"No offer {id} is visible to you.");

    /// <summary>Offers by status and departure place, soonest departure first; an offerer lists only its own.</summary>
    static async Task<Results<Ok<PagedList<OfferView>>, ValidationProblem>> List(
        string? status, string? fromPlace, int? page, int? pageSize, ClaimsPrincipal user, OfferStore store, SeedData seeds,
        CancellationToken cancellationToken)
    {
        var (request, errors) = PageRequest.From(page, pageSize);
        var filters = new ListFilters(errors);
        status = filters.OneOf("status", status, OfferStatus.All);
        fromPlace = filters.Place("fromPlace", fromPlace, seeds);
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors);
        var owner = user.IsCoordinator() ? null : user.OrganisationId();
        var (offers, total) = await store.List(owner, status, fromPlace, request, cancellationToken);
        return TypedResults.Ok(new PagedList<OfferView>(offers.Select(OfferView.From).ToList(), request.Page, request.PageSize, total));
    }
}

public sealed record WithdrawOffer(string? Reason);
public sealed record OfferRegistered(Guid Id, string Status);

public sealed record OfferView(
    Guid Id, string CrisisId, string? Provider, string Mode, string FromPlace, string ToPlace, string DestinationCountry,
    DateTimeOffset DepartsAt, int Seats, int SeatsAllocated, int SeatsAvailable, string Status, OfferEligibility Eligibility)
{
    public static OfferView From(StoredOffer offer) => new(
        offer.Id, offer.CrisisId, offer.Provider, offer.Mode, offer.FromPlace, offer.ToPlace, offer.DestinationCountry,
        offer.DepartsAt, offer.Seats, offer.SeatsAllocated, offer.SeatsAvailable, offer.Status, offer.Eligibility);
}
