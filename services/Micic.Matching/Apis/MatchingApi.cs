using System.Security.Claims;
using System.Text.Json;
using Micic.Contracts;
using Micic.Matching.Data;
using Micic.Matching.Domain;
using Micic.Matching.StateMachines;
using Micic.ServiceDefaults.Auth;
using Micic.Persistence.Data;
using Micic.Persistence.Messaging;
using Micic.ServiceDefaults.Http;
using Micic.ServiceDefaults.ReferenceData;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Micic.Matching.Apis;

public static class MatchingApi
{
    public static IEndpointRouteBuilder MapMatchingApi(this IEndpointRouteBuilder app)
    {
        var matching = app.MapGroup("/api/matching").WithTags("Matching").RequireAuthorization(Roles.Coordinator);
        matching.MapGet("/{requestId:guid}", Get);
        matching.MapGet("/unmatched", Unmatched);
        matching.MapPost("/{requestId:guid}/assign", Assign);
        matching.MapPost("/{requestId:guid}/release", Release);
        return app;
    }

    static async Task<Results<Ok<MatchingView>, ProblemHttpResult>> Get(
        Guid requestId, DbSession session, EvacuationSagas sagas, IOfferBoard board, TimeProvider clock, CancellationToken cancellationToken)
    {
        await session.BeginAsync(cancellationToken);
        var saga = await sagas.Find(requestId, cancellationToken);
        if (saga is { CurrentState: "Pending" })
            saga.UnmatchedReason = await new WaitingReasons(board, clock.GetUtcNow()).Of(saga, cancellationToken);
        await session.CommitAsync(cancellationToken);
        return saga is null ? NotFound(requestId) : TypedResults.Ok(MatchingView.From(saga, clock.GetUtcNow()));
    }

    /// <summary>The groups still waiting for a seat, highest priority first (earlier submission on a tie), each with why.</summary>
    static async Task<Results<Ok<PagedList<UnmatchedGroup>>, ValidationProblem>> Unmatched(
        string? crisisId, string? pickupPlace, int? page, int? pageSize, DbSession session, EvacuationSagas sagas, TimeProvider clock,
        IOfferBoard board, SeedData seeds, CancellationToken cancellationToken)
    {
        var (request, errors) = PageRequest.From(page, pageSize);
        var filters = new ListFilters(errors);
        crisisId = filters.Crisis("crisisId", crisisId, seeds);
        pickupPlace = filters.Place("pickupPlace", pickupPlace, seeds);
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors);

        var now = clock.GetUtcNow();
        await session.BeginAsync(cancellationToken);
        var waiting = (await sagas.Waiting(crisisId, pickupPlace, cancellationToken)).ToDictionary(saga => saga.CorrelationId);
        var shown = AllocationPolicy.InPriorityOrder(waiting.Values.Select(saga => saga.AsWaitingGroup()), now)
            .Skip(request.Offset).Take(request.PageSize)
            .Select(group => waiting[group.RequestId])
            .ToList();
        var reasons = new WaitingReasons(board, now);
        foreach (var saga in shown)
            saga.UnmatchedReason = await reasons.Of(saga, cancellationToken);
        await session.CommitAsync(cancellationToken);

        return TypedResults.Ok(new PagedList<UnmatchedGroup>(shown.Select(saga => UnmatchedGroup.From(saga, now)).ToList(), request.Page, request.PageSize, waiting.Count));
    }

    /// <summary>
    /// Why a group is waiting, judged now against the offers as they are, not as they were when the group was last
    /// refused: an offer published since may have changed the answer (none from the place, none to the destination…).
    /// </summary>
    sealed class WaitingReasons(IOfferBoard board, DateTimeOffset now)
    {
        readonly Dictionary<(string, string), IReadOnlyList<AvailableOffer>> _offers = [];

        public async Task<string?> Of(EvacuationState saga, CancellationToken cancellationToken)
        {
            if (!_offers.TryGetValue((saga.CrisisId, saga.PickupPlace), out var offers))
                _offers[(saga.CrisisId, saga.PickupPlace)] = offers = await board.From(saga.CrisisId, saga.PickupPlace, cancellationToken);
            var candidates = offers.Where(offer => !saga.ExcludedOffers.Contains(offer.OfferId));
            // An offer with seats the group fits but has not been given yet is about to be shared out: say so rather than nothing.
            return AllocationPolicy.Choose(saga.AsWaitingGroup(), candidates, now).Reason ?? "seats available, being allocated";
        }
    }

    /// <summary>
    /// A coordinator puts a waiting group on an offer by hand. The offer must suit the group by the same rules as
    /// automatic matching; the seats are then held by Offers like any other hold, so the offer is never overbooked.
    /// </summary>
    static async Task<Results<Accepted<MatchingView>, ValidationProblem, ProblemHttpResult>> Assign(
        Guid requestId, AssignBody body, ClaimsPrincipal user, DbSession session, TransactionalOutbox outbox, EvacuationSagas sagas, IOfferBoard board,
        TimeProvider clock, CancellationToken cancellationToken)
    {
        var errors = Reason.Check(body.Reason);
        if (body.OfferId is null)
            errors["offerId"] = ["Required."];
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors, title: "The assignment is not valid.");

        await session.BeginAsync(cancellationToken);
        if (await sagas.Find(requestId, cancellationToken) is not { } saga)
            return NotFound(requestId);
        if (saga.CurrentState != "Pending")
            return Problems.Conflict("The group is not waiting.", $"Only a waiting group can be assigned; this one is {State(saga)}.");
        if (await board.Find(body.OfferId!.Value, cancellationToken) is not { } offer)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["offerId"] = [$"Matching knows no offer {body.OfferId}."] });

        var now = clock.GetUtcNow();
        var group = saga.AsWaitingGroup();
        if (AllocationPolicy.Judge(group, offer, now) is { Fit: not Fit.Fits } verdict)
            return Problems.Conflict("The offer does not suit the group.", verdict.Reason(group));

        await outbox.Publish(new AssignOffer { RequestId = requestId, OfferId = offer.OfferId, Reason = body.Reason!, By = user.OrganisationId() }, cancellationToken);
        await session.CommitAsync(cancellationToken);
        return TypedResults.Accepted($"/api/matching/{requestId}", MatchingView.From(saga, now));
    }

    /// <summary>A coordinator takes a matched group off its offer; its seats go to the next waiting group, and it waits again.</summary>
    static async Task<Results<Accepted<MatchingView>, ValidationProblem, ProblemHttpResult>> Release(
        Guid requestId, ReleaseBody body, ClaimsPrincipal user, DbSession session, TransactionalOutbox outbox, EvacuationSagas sagas, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var errors = Reason.Check(body.Reason);
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors, title: "The release is not valid.");

        await session.BeginAsync(cancellationToken);
        if (await sagas.Find(requestId, cancellationToken) is not { } saga)
            return NotFound(requestId);
        if (saga.CurrentState != "Matched")
            return Problems.Conflict("The group holds no seats.", $"Only a matched group can be released; this one is {State(saga)}.");

        await outbox.Publish(new ReleaseFromOffer { RequestId = requestId, Reason = body.Reason!, By = user.OrganisationId() }, cancellationToken);
        await session.CommitAsync(cancellationToken);
        return TypedResults.Accepted($"/api/matching/{requestId}", MatchingView.From(saga, clock.GetUtcNow()));
    }

    static ProblemHttpResult NotFound(Guid requestId) => Problems.NotFound("No such request in matching.", $"Matching has no request {requestId}.");

    internal static string State(EvacuationState saga) => JsonNamingPolicy.KebabCaseLower.ConvertName(saga.CurrentState);
}

public sealed record AssignBody(Guid? OfferId, string? Reason);
public sealed record ReleaseBody(string? Reason);

public sealed record MatchingView(
    Guid RequestId, string State, int Priority, Guid? OfferId, string? UnmatchedReason, DateTimeOffset? EscalatedAt,
    IReadOnlyList<string> Reasons, IReadOnlyList<MatchingDecision> History)
{
    public static MatchingView From(EvacuationState saga, DateTimeOffset now) => new(
        saga.CorrelationId, MatchingApi.State(saga), Contracts.Priority.At(saga.NeedWeight, saga.SubmittedAt, now), saga.OfferId,
        saga.UnmatchedReason, saga.EscalatedAt,
        saga.History.Where(decision => decision.Reason is not null).Select(decision => decision.Reason!).ToList(),
        saga.History);
}

public sealed record UnmatchedGroup(
    Guid RequestId, int Priority, int GroupSize, string CrisisId, string PickupPlace, string DestinationCountry, bool AcceptsThirdCountry,
    IReadOnlyList<string> Needs, DateTimeOffset SubmittedAt, string? Reason, bool Escalated)
{
    public static UnmatchedGroup From(EvacuationState saga, DateTimeOffset now) => new(
        saga.CorrelationId, Contracts.Priority.At(saga.NeedWeight, saga.SubmittedAt, now), saga.GroupSize, saga.CrisisId, saga.PickupPlace,
        saga.DestinationCountry, saga.AcceptsThirdCountry, NeedNames.Names(saga.Needs).ToList(), saga.SubmittedAt, saga.UnmatchedReason,
        saga.EscalatedAt is not null);
}
