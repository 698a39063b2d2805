using System.Security.Claims;
using Micic.Contracts;
using Micic.Offers.Application;
using Micic.Offers.Data;
using Micic.Offers.Domain;
using Micic.Persistence.Crises;
using Micic.ServiceDefaults;
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
        RegisterOffer body, ClaimsPrincipal user, OfferDesk desk, OfferValidator validator, CrisisCatalogue crises,
        CancellationToken cancellationToken)
    {
        var errors = validator.Validate(body, await crises.Find(body.CrisisId, cancellationToken));
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors, title: "The offer is not valid.");

        var offer = await desk.Register(body, validator.CostOf(body), user.OrganisationId(), cancellationToken);
        return TypedResults.Created($"/api/offers/{offer.Id}", new OfferRegistered(offer.Id, offer.Status.WireName()));
    }

    /// <summary>An offerer sees its own offers, a coordinator all; anything else is 404.</summary>
    static async Task<Results<Ok<OfferView>, ProblemHttpResult>> Get(Guid id, ClaimsPrincipal user, OfferDesk desk, CancellationToken cancellationToken) =>
        await desk.Visible(id, user, cancellationToken) is { } offer ? TypedResults.Ok(OfferView.From(offer)) : NotFound(id);

    /// <summary>Withdraws an open offer; its groups go back to matching with their place kept. Withdrawing twice is a conflict.</summary>
    static async Task<Results<Ok<OfferView>, ValidationProblem, ProblemHttpResult>> Withdraw(
        Guid id, WithdrawOffer body, ClaimsPrincipal user, OfferDesk desk, CancellationToken cancellationToken)
    {
        if (Reason.Check(body.Reason) is { Count: > 0 } errors)
            return TypedResults.ValidationProblem(errors, title: "The withdrawal is not valid.");
        return Answer(await desk.Withdraw(id, body.Reason!, user, cancellationToken), id, "");
    }

    /// <summary>Changes an open offer's seats or departure (see <see cref="OfferDesk.Change"/>).</summary>
    static async Task<Results<Ok<OfferView>, ValidationProblem, ProblemHttpResult>> Change(
        Guid id, ChangeOffer body, ClaimsPrincipal user, OfferDesk desk, OfferChangeValidator validator, CancellationToken cancellationToken)
    {
        var errors = validator.Validate(body);
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors, title: "The change is not valid.");
        return Answer(await desk.Change(id, body, user, cancellationToken), id, "; only an open offer can change");
    }

    static Results<Ok<OfferView>, ValidationProblem, ProblemHttpResult> Answer(OfferChange change, Guid id, string notOpenDetail) => change switch
    {
        OfferChange.Made(var offer) => TypedResults.Ok(OfferView.From(offer)),
        OfferChange.NotOpen(var offer) => Problems.Conflict("The offer is not open.", $"Offer {id} is {offer.Status.WireName()}{notOpenDetail}."),
        _ => NotFound(id),
    };

    static ProblemHttpResult NotFound(Guid id) => Problems.NotFound("No such offer.", $"No offer {id} is visible to you.");

    /// <summary>Offers by status and departure place, soonest departure first; an offerer lists only its own.</summary>
    static async Task<Results<Ok<PagedList<OfferView>>, ValidationProblem>> List(
        string? status, string? fromPlace, int? page, int? pageSize, ClaimsPrincipal user, OfferStore store, SeedData seeds,
        CancellationToken cancellationToken)
    {
        var (request, errors) = PageRequest.From(page, pageSize);
        var filters = new ListFilters(errors);
        status = filters.OneOf("status", status, WireNames<OfferState>.All);
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

/// <summary>
/// An offer: who provides it (<c>organisationId</c>, the carrier's <c>provider</c>), what it costs (absent when given
/// free) and, once its movement departed and a fund paid for it, the <c>charge</c> by seats used and unused.
/// </summary>
public sealed record OfferView(
    Guid Id, string CrisisId, string OrganisationId, string? Provider, string Mode, string FromPlace, string ToPlace, string DestinationCountry,
    DateTimeOffset DepartsAt, int Seats, int SeatsAllocated, int SeatsAvailable, string Status, OfferEligibility Eligibility, OfferCost? Cost,
    ChargeView? Charge)
{
    public static OfferView From(StoredOffer offer) => new(
        offer.Id, offer.CrisisId, offer.OrganisationId, offer.Provider, offer.Mode, offer.FromPlace, offer.ToPlace, offer.DestinationCountry,
        offer.DepartsAt, offer.Seats, offer.SeatsAllocated, offer.SeatsAvailable, offer.Status.WireName(), offer.Eligibility, offer.Cost,
        offer.Charge is { } charge ? new ChargeView(charge.Amount, charge.Currency, charge.FundId, charge.SeatsUsed, charge.SeatsUnused) : null);
}

public sealed record ChargeView(decimal Amount, string Currency, Guid? FundId, int SeatsUsed, int SeatsUnused);
