using System.Security.Claims;
using Micic.Persistence.Intake;
using Micic.ServiceDefaults.Auth;
using Micic.ServiceDefaults.Http;
using Micic.Transit.Application;
using Micic.Transit.Data;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Micic.Transit.Apis;

/// <summary>
/// The review of walk-ins held because the person who registered them has been disabled since: by a colleague of the
/// same organisation acting at the site, or a coordinator.
/// </summary>
public static class HeldWalkInsApi
{
    const string WalkIn = "walk-in";

    public static IEndpointRouteBuilder MapHeldWalkInsApi(this IEndpointRouteBuilder app)
    {
        var held = app.MapGroup("/api/transit/held").WithTags("Transit")
            .RequireAuthorization(policy => policy.RequireRole(Roles.Transit, Roles.Coordinator));
        held.MapGet("/", List);
        held.MapPost("/{id:guid}/accept", Accept);
        held.MapPost("/{id:guid}/discard", Discard);
        return app;
    }

    static Task<Results<Ok<PagedList<HeldView>>, ValidationProblem>> List(string? status, int? page, int? pageSize, ClaimsPrincipal user,
        HeldSubmissions held, CancellationToken cancellationToken) =>
        HeldReviewApi.List(status, page, pageSize, user, user.Sites(), held, walkIn => HeldView.From(walkIn) with { ArrivalId = walkIn.AcceptedAs },
            cancellationToken);

    static async Task<Results<Created<ArrivalLogged>, ProblemHttpResult>> Accept(Guid id, ClaimsPrincipal user, HeldWalkIns held,
        CancellationToken cancellationToken) =>
        await held.Accept(id, user, cancellationToken) switch
        {
            ReviewOutcome.Accepted(_, ArrivalRecord arrival) => TypedResults.Created($"/api/transit/sites/{arrival.SiteCode}/arrivals",
                new ArrivalLogged(arrival.Id, arrival.PersonId, arrival.OnwardRequestId)),
            ReviewOutcome.Refused(var why) => Problems.Conflict("The held walk-in cannot be accepted.", why),
            _ => HeldReviewApi.Missing(id, WalkIn),
        };

    static Task<Results<Ok<HeldReviewed>, ValidationProblem, ProblemHttpResult>> Discard(Guid id, DiscardHeldSubmission? body,
        ClaimsPrincipal user, HeldSubmissions held, CancellationToken cancellationToken) =>
        HeldReviewApi.Discard(id, body, user, held, WalkIn, cancellationToken);
}
