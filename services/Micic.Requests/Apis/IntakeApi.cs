using System.Security.Claims;
using System.Text.Json;
using Micic.Requests.Application;
using Micic.Requests.Data;
using Micic.Requests.Domain;
using Micic.ServiceDefaults.Auth;
using Micic.ServiceDefaults.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Micic.Requests.Apis;

/// <summary>
/// What the field intake app needs beyond the requests themselves: its device's keys and registrant ticket, and the review
/// of families held because the person who registered them has been disabled since.
/// </summary>
public static class IntakeApi
{
    public static IEndpointRouteBuilder MapIntakeApi(this IEndpointRouteBuilder app)
    {
        var requests = app.MapGroup("/api/requests").WithTags("Intake");
        requests.MapGet("/intake/device", Device)
            .RequireAuthorization(policy => policy.RequireRole(Roles.Requester, Roles.Coordinator, Roles.Transit));
        requests.MapGet("/held", List)
            .RequireAuthorization(policy => policy.RequireRole(Roles.Requester, Roles.Coordinator));
        requests.MapPost("/held/{id:guid}/accept", Accept)
            .RequireAuthorization(policy => policy.RequireRole(Roles.Requester, Roles.Coordinator));
        requests.MapPost("/held/{id:guid}/discard", Discard)
            .RequireAuthorization(policy => policy.RequireRole(Roles.Requester, Roles.Coordinator));
        return app;
    }

    /// <summary>
    /// The organisation's key, under which the device wraps its own data key (so a colleague can open a queue left on it),
    /// and a registrant ticket for the caller, which the device stores with each family it queues. Never cached.
    /// </summary>
    static async Task<Ok<IntakeDevice>> Device(ClaimsPrincipal user, HttpResponse response, HeldSubmissionStore store, RegistrantTickets tickets,
        TimeProvider clock, CancellationToken cancellationToken)
    {
        response.Headers.CacheControl = "no-store";
        var key = await store.OrganisationKey(user.OrganisationId(), cancellationToken);
        return TypedResults.Ok(new IntakeDevice(Convert.ToBase64String(key), tickets.Issue(Actor.Of(user)),
            clock.GetUtcNow() + RegistrantTickets.Lifetime));
    }

    static async Task<Results<Ok<PagedList<HeldView>>, ValidationProblem>> List(string? status, int? page, int? pageSize, ClaimsPrincipal user,
        HeldSubmissions held, CancellationToken cancellationToken)
    {
        var (request, errors) = PageRequest.From(page, pageSize);
        status = new ListFilters(errors).OneOf("status", status, HeldStatus.All);
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors);
        var (items, total) = await held.List(user, status, request, cancellationToken);
        return TypedResults.Ok(new PagedList<HeldView>(items.Select(HeldView.From).ToList(), request.Page, request.PageSize, total));
    }

    static async Task<Results<Accepted<RequestAccepted>, ProblemHttpResult>> Accept(Guid id, ClaimsPrincipal user, HeldSubmissions held,
        CancellationToken cancellationToken) =>
        await held.Accept(id, user, cancellationToken) switch
        {
            ReviewOutcome.Accepted(var request) => TypedResults.Accepted($"/api/requests/{request.Id}",
                new RequestAccepted(request.Id, request.Reference, Contracts.RequestStatus.Submitted)),
            ReviewOutcome.Refused(var why) => Problems.Conflict("The held family cannot be accepted.", why),
            _ => Missing(id),
        };

    static async Task<Results<Ok<HeldReviewed>, ValidationProblem, ProblemHttpResult>> Discard(Guid id, DiscardHeldSubmission? body,
        ClaimsPrincipal user, HeldSubmissions held, CancellationToken cancellationToken)
    {
        var errors = Reason.Check(body?.Reason);
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors, title: "The discard is not valid.");
        return await held.Discard(id, body!.Reason!, user, cancellationToken) switch
        {
            ReviewOutcome.Discarded => TypedResults.Ok(new HeldReviewed(id, HeldStatus.Discarded)),
            ReviewOutcome.Refused(var why) => Problems.Conflict("The held family cannot be discarded.", why),
            _ => Missing(id),
        };
    }

    static ProblemHttpResult Missing(Guid id) => Problems.NotFound("No such held family.", $"No held family {id} is visible to you.");
}

public sealed record IntakeDevice(string OrganisationKey, string Registrant, DateTimeOffset RegistrantExpiresAt);

public sealed record DiscardHeldSubmission(string? Reason);

public sealed record HeldReviewed(Guid Id, string Status);

/// <summary>A held family as a reviewer sees it: the submission as it was sent, until it is accepted or discarded.</summary>
public sealed record HeldView(
    Guid Id, string Status, string OrganisationId, FieldWorker Registrant, DateTimeOffset RegisteredAt, FieldWorker SentBy,
    DateTimeOffset ReceivedAt, string HeldBecause, JsonElement? Submission, Guid? RequestId, FieldWorker? ReviewedBy, DateTimeOffset? ReviewedAt,
    string? DiscardReason)
{
    public static HeldView From(HeldSubmission held) => new(
        held.Id, held.Status, held.OrganisationId, held.Registrant.Worker, held.Registrant.IssuedAt, held.SentBy, held.ReceivedAt, held.HeldBecause,
        held.Submission is null ? null : JsonDocument.Parse(held.Submission).RootElement.Clone(), held.RequestId, held.ReviewedBy, held.ReviewedAt,
        held.DiscardReason);
}
