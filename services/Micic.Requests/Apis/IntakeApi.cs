using System.Security.Claims;
using Micic.Persistence.Intake;
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
    static async Task<Ok<IntakeDevice>> Device(ClaimsPrincipal user, HttpResponse response, IntakeKeyStore store, RegistrantTickets tickets,
        TimeProvider clock, CancellationToken cancellationToken)
    {
        response.Headers.CacheControl = "no-store";
        var key = await store.OrganisationKey(user.OrganisationId(), cancellationToken);
        return TypedResults.Ok(new IntakeDevice(Convert.ToBase64String(key), tickets.Issue(Actor.Of(user)),
            clock.GetUtcNow() + RegistrantTickets.Lifetime));
    }

    const string Family = "family";

    static Task<Results<Ok<PagedList<HeldView>>, ValidationProblem>> List(string? status, int? page, int? pageSize, ClaimsPrincipal user,
        HeldSubmissions held, CancellationToken cancellationToken) =>
        HeldReviewApi.List(status, page, pageSize, user, null, held, family => HeldView.From(family) with { RequestId = family.AcceptedAs },
            cancellationToken);

    static async Task<Results<Accepted<RequestAccepted>, ProblemHttpResult>> Accept(Guid id, ClaimsPrincipal user, HeldFamilies held,
        CancellationToken cancellationToken) =>
        await held.Accept(id, user, cancellationToken) switch
        {
            ReviewOutcome.Accepted(_, EvacuationRequest request) => TypedResults.Accepted($"/api/requests/{request.Id}",
                new RequestAccepted(request.Id, request.Reference, Contracts.RequestStatus.Submitted)),
            ReviewOutcome.Refused(var why) => Problems.Conflict("The held family cannot be accepted.", why),
            _ => HeldReviewApi.Missing(id, Family),
        };

    static Task<Results<Ok<HeldReviewed>, ValidationProblem, ProblemHttpResult>> Discard(Guid id, DiscardHeldSubmission? body,
        ClaimsPrincipal user, HeldSubmissions held, CancellationToken cancellationToken) =>
        HeldReviewApi.Discard(id, body, user, held, Family, cancellationToken);
}

public sealed record IntakeDevice(string OrganisationKey, string Registrant, DateTimeOffset RegistrantExpiresAt);
