using System.Text.Json;
using Micic.Contracts;
using Micic.Matching.Application;
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
        Guid requestId, WaitingGroups groups, TimeProvider clock, CancellationToken cancellationToken) =>
        await groups.Find(requestId, cancellationToken) is { } saga ? TypedResults.Ok(MatchingView.From(saga, clock.GetUtcNow())) : NotFound(requestId);

    /// <summary>The groups still waiting for a seat, highest priority first (earlier submission on a tie), each with why.</summary>
    static async Task<Results<Ok<PagedList<UnmatchedGroup>>, ValidationProblem>> Unmatched(
        string? crisisId, string? pickupPlace, int? page, int? pageSize, WaitingGroups groups, TimeProvider clock, SeedData seeds,
        CancellationToken cancellationToken)
    {
        var (request, errors) = PageRequest.From(page, pageSize);
        var filters = new ListFilters(errors);
        crisisId = filters.Crisis("crisisId", crisisId, seeds);
        pickupPlace = filters.Place("pickupPlace", pickupPlace, seeds);
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors);

        var (shown, total) = await groups.InPriorityOrder(crisisId, pickupPlace, request, cancellationToken);
        var now = clock.GetUtcNow();
        return TypedResults.Ok(new PagedList<UnmatchedGroup>(shown.Select(saga => UnmatchedGroup.From(saga, now)).ToList(), request.Page, request.PageSize, total));
    }

    /// <summary>A coordinator puts a waiting group on an offer by hand (see <see cref="CoordinatorDecisions.Assign"/>).</summary>
    static async Task<Results<Accepted<MatchingView>, ValidationProblem, ProblemHttpResult>> Assign(
        Guid requestId, AssignBody body, CoordinatorDecisions decisions, CoordinatorDecisionValidator validator, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var errors = validator.Validate(body);
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors, title: "The assignment is not valid.");

        return await decisions.Assign(requestId, body.OfferId!.Value, body.Reason!, cancellationToken) switch
        {
            Decision.UnknownOffer => TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["offerId"] = [$"Matching knows no offer {body.OfferId}."] }),
            var decision => Answer(decision, requestId, clock),
        };
    }

    /// <summary>A coordinator takes a matched group off its offer; its seats go to the next waiting group, and it waits again.</summary>
    static async Task<Results<Accepted<MatchingView>, ValidationProblem, ProblemHttpResult>> Release(
        Guid requestId, ReleaseBody body, CoordinatorDecisions decisions, CoordinatorDecisionValidator validator, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var errors = validator.Validate(body);
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors, title: "The release is not valid.");

        return Answer(await decisions.Release(requestId, body.Reason!, cancellationToken), requestId, clock);
    }

    static Results<Accepted<MatchingView>, ValidationProblem, ProblemHttpResult> Answer(Decision decision, Guid requestId, TimeProvider clock) => decision switch
    {
        Decision.Sent(var saga) => TypedResults.Accepted($"/api/matching/{requestId}", MatchingView.From(saga, clock.GetUtcNow())),
        Decision.Refused(var title, var detail) => Problems.Conflict(title, detail),
        _ => NotFound(requestId),
    };

    static ProblemHttpResult NotFound(Guid requestId) => Problems.NotFound("No such request in matching.", $"Matching has no request {requestId}.");
}


public sealed record MatchingView(
    Guid RequestId, string State, int Priority, Guid? OfferId, string? UnmatchedReason, DateTimeOffset? EscalatedAt,
    IReadOnlyList<string> Reasons, IReadOnlyList<MatchingDecision> History)
{
    public static MatchingView From(EvacuationState saga, DateTimeOffset now) => new(
        saga.CorrelationId, CoordinatorDecisions.StateName(saga), Domain.Priority.At(saga.NeedWeight, saga.SubmittedAt, now), saga.OfferId,
        saga.UnmatchedReason, saga.EscalatedAt,
        saga.History.Where(decision => decision.Reason is not null).Select(decision => decision.Reason!).ToList(),
        saga.History);
}

public sealed record UnmatchedGroup(
    Guid RequestId, int Priority, int GroupSize, string CrisisId, string PickupPlace, string DestinationCountry, bool AcceptsThirdCountry,
    IReadOnlyList<string> Needs, DateTimeOffset SubmittedAt, string? Reason, bool Escalated)
{
    public static UnmatchedGroup From(EvacuationState saga, DateTimeOffset now) => new(
        saga.CorrelationId, Domain.Priority.At(saga.NeedWeight, saga.SubmittedAt, now), saga.GroupSize, saga.CrisisId, saga.PickupPlace,
        saga.DestinationCountry, saga.AcceptsThirdCountry, NeedNames.Names(saga.Needs).ToList(), saga.SubmittedAt, saga.UnmatchedReason,
        saga.EscalatedAt is not null);
}
