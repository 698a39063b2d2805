using System.Text.Json;
using Micic.Contracts;
using Micic.Matching.Application;
using Micic.Matching.Data;
using Micic.Matching.Domain;
using Micic.Matching.StateMachines;
using Micic.Persistence.Crises;
using Micic.ServiceDefaults.Auth;
using Micic.Persistence.Data;
using Micic.Persistence.Messaging;
using Micic.ServiceDefaults.Http;
using Micic.ServiceDefaults.ReferenceData;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

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
        CrisisCatalogue crises, CancellationToken cancellationToken)
    {
        var (request, errors) = PageRequest.From(page, pageSize);
        var filters = new ListFilters(errors);
        crisisId = filters.Crisis("crisisId", crisisId, await crises.Find(crisisId, cancellationToken));
        pickupPlace = filters.Place("pickupPlace", pickupPlace, seeds);
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors);

        var (shown, total) = await groups.InPriorityOrder(crisisId, pickupPlace, request, cancellationToken);
        var now = clock.GetUtcNow();
        return TypedResults.Ok(new PagedList<UnmatchedGroup>(shown.Select(saga => UnmatchedGroup.From(saga, now)).ToList(), request.Page, request.PageSize, total));
    }

    /// <summary>
    /// A coordinator puts a waiting group on an offer by hand (see <see cref="CoordinatorDecisions.Assign"/>): 200 with the
    /// group as it stands once its saga has applied the decision, or 202 with its address if that takes longer.
    /// </summary>
    static async Task<Results<Ok<MatchingView>, Accepted<DecisionSent>, ValidationProblem, ProblemHttpResult>> Assign(
        Guid requestId, AssignBody body, CoordinatorDecisions decisions, CoordinatorDecisionValidator validator, WaitingGroups groups,
        IOptions<MatchingOptions> options, TimeProvider clock, CancellationToken cancellationToken)
    {
        var errors = validator.Validate(body);
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors, title: "The assignment is not valid.");

        return await decisions.Assign(requestId, body.OfferId!.Value, body.Reason!, cancellationToken) switch
        {
            Decision.UnknownOffer => TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["offerId"] = [$"Matching knows no offer {body.OfferId}."] }),
            var decision => await Answer(decision, new DecisionSent(requestId, "assign", body.OfferId, body.Reason!), groups, options.Value, clock, cancellationToken),
        };
    }

    /// <summary>
    /// A coordinator takes a matched group off its offer; its seats go to the next waiting group, and it waits again.
    /// Answered like <see cref="Assign"/>.
    /// </summary>
    static async Task<Results<Ok<MatchingView>, Accepted<DecisionSent>, ValidationProblem, ProblemHttpResult>> Release(
        Guid requestId, ReleaseBody body, CoordinatorDecisions decisions, CoordinatorDecisionValidator validator, WaitingGroups groups,
        IOptions<MatchingOptions> options, TimeProvider clock, CancellationToken cancellationToken)
    {
        var errors = validator.Validate(body);
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors, title: "The release is not valid.");

        return await Answer(await decisions.Release(requestId, body.Reason!, cancellationToken), new DecisionSent(requestId, "release", null, body.Reason!),
            groups, options.Value, clock, cancellationToken);
    }

    /// <summary>
    /// The decision goes to the group's saga through the outbox and is applied in a moment: the answer waits for it, so
    /// that it shows the group as the decision left it, never as it was before.
    /// </summary>
    static async Task<Results<Ok<MatchingView>, Accepted<DecisionSent>, ValidationProblem, ProblemHttpResult>> Answer(Decision decision, DecisionSent sent,
        WaitingGroups groups, MatchingOptions options, TimeProvider clock, CancellationToken cancellationToken) => decision switch
        {
            Decision.Sent(var saga) => await groups.AfterDecision(saga, options.DecisionAnswerWait, cancellationToken) is { } applied
                ? TypedResults.Ok(MatchingView.From(applied, clock.GetUtcNow()))
                : TypedResults.Accepted($"/api/matching/{sent.RequestId}", sent),
            Decision.Refused(var title, var detail) => Problems.Conflict(title, detail),
            _ => NotFound(sent.RequestId),
        };

    static ProblemHttpResult NotFound(Guid requestId) => Problems.NotFound("No such request in matching.", $"Matching has no request {requestId}.");
}


/// <param name="Released">The coordinator's release that keeps the group off an offer, if one does.</param>
public sealed record MatchingView(
    Guid RequestId, string State, int Priority, Guid? OfferId, string? UnmatchedReason, DateTimeOffset? EscalatedAt,
    IReadOnlyList<string> Reasons, IReadOnlyList<MatchingDecision> History, Release? Released)
{
    public static MatchingView From(EvacuationState saga, DateTimeOffset now) => new(
        saga.CorrelationId, CoordinatorDecisions.StateName(saga), Domain.Priority.At(saga.NeedWeight, saga.SubmittedAt, now), saga.OfferId,
        saga.UnmatchedReason, saga.EscalatedAt,
        saga.History.Where(decision => decision.Reason is not null).Select(decision => decision.Reason!).ToList(),
        saga.History, saga.StandingRelease());
}

/// <summary>A coordinator's decision on its way to the group (202): follow <c>Location</c> to see it applied.</summary>
public sealed record DecisionSent(Guid RequestId, string Decision, Guid? OfferId, string Reason);

public sealed record UnmatchedGroup(
    Guid RequestId, int Priority, int GroupSize, string CrisisId, string PickupPlace, string DestinationCountry, bool AcceptsThirdCountry,
    IReadOnlyList<string> Needs, DateTimeOffset SubmittedAt, string? Reason, bool Escalated, Release? Released)
{
    public static UnmatchedGroup From(EvacuationState saga, DateTimeOffset now) => new(
        saga.CorrelationId, Domain.Priority.At(saga.NeedWeight, saga.SubmittedAt, now), saga.GroupSize, saga.CrisisId, saga.PickupPlace,
        saga.DestinationCountry, saga.AcceptsThirdCountry, NeedNames.Names(saga.Needs).ToList(), saga.SubmittedAt, saga.UnmatchedReason,
        saga.EscalatedAt is not null, saga.StandingRelease());
}
