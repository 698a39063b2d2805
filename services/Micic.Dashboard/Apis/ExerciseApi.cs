using System.Security.Claims;
using System.Text.Json;
using Micic.Dashboard.Application;
using Micic.Dashboard.Domain;
using Micic.ServiceDefaults.Auth;
using Micic.ServiceDefaults.Http;
using Micic.ServiceDefaults.Time;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Micic.Dashboard.Apis;

/// <summary>
/// The exercise controller's view and hand on the crisis clock (a coordinator): where crisis time stands, at what speed,
/// paused or not; pause, go on, change speed; the master events list, each inject pending or delivered, and delivering
/// one now. A live platform keeps real time: it has no exercise to show or pause.
/// </summary>
public static class ExerciseApi
{
    public static IEndpointRouteBuilder MapExerciseApi(this IEndpointRouteBuilder app)
    {
        var exercise = app.MapGroup("/api/exercise").WithTags("Exercise");
        // Players read it too: the clock, and the injects delivered to their organisation (never what is still to come).
        exercise.MapGet("/", Read).RequireAuthorization();
        exercise.MapPost("/clock", SetClock).RequireAuthorization(policy => policy.RequireRole(Roles.Coordinator));
        exercise.MapPost("/injects/{id}/deliver", Deliver).RequireAuthorization(policy => policy.RequireRole(Roles.Coordinator));
        return app;
    }

    /// <summary>
    /// The controller (a coordinator) sees the whole master events list; a player's organisation sees the clock and the
    /// injects delivered to it, as a player is handed them during a drill.
    /// </summary>
    static async Task<Results<Ok<ExerciseView>, ProblemHttpResult>> Read(ClaimsPrincipal user, ExerciseClock exercise, InjectDelivery injects,
        IConfiguration configuration, CancellationToken cancellationToken)
    {
        if (exercise.Clock is not { } clock)
            return RealTime();
        var listed = await injects.List(cancellationToken);
        var seen = user.IsCoordinator()
            ? listed
            : [.. listed.Where(inject => inject.Status == RegisteredInject.Delivered && inject.ForOrganisation == user.OrganisationId())];
        return TypedResults.Ok(new ExerciseView(configuration[$"{SharedClock.Section}:Scenario"], ClockView.Of(clock), [.. seen.Select(InjectView.Of)]));
    }

    static async Task<Results<Ok<ExerciseView>, ValidationProblem, ProblemHttpResult>> SetClock(ClockChange change, ExerciseClock exercise,
        InjectDelivery injects, IConfiguration configuration, CancellationToken cancellationToken)
    {
        if (change.Errors() is { Count: > 0 } errors)
            return TypedResults.ValidationProblem(errors);
        var (result, clock) = await exercise.Change(change);
        return result switch
        {
            ClockChangeResult.Changed => TypedResults.Ok(new ExerciseView(configuration[$"{SharedClock.Section}:Scenario"], clock!,
                [.. (await injects.List(cancellationToken)).Select(InjectView.Of)])),
            ClockChangeResult.RealTime => RealTime(),
            _ => TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "The clock could not be shared.",
                detail: "Redis, where every instance reads the crisis clock, does not answer: nothing changed. Try again shortly."),
        };
    }

    /// <summary>The controller delivers an inject now, whatever its crisis time: the simulator and the players see it at once.</summary>
    static async Task<Results<Ok<InjectView>, ProblemHttpResult>> Deliver(string id, ClaimsPrincipal user, InjectDelivery injects,
        CancellationToken cancellationToken)
    {
        var outcome = await injects.DeliverNow(id, user.OrganisationId(), cancellationToken);
        return outcome.Result switch
        {
            DeliverResult.Delivered => TypedResults.Ok(InjectView.Of(outcome.Inject!)),
            DeliverResult.AlreadyDelivered => Problems.Conflict("Already delivered.",
                $"Inject {id} was delivered at {outcome.Inject!.DeliveredAt:yyyy-MM-dd HH:mm} crisis time."),
            DeliverResult.NoExercise => Problems.Conflict("No exercise is played here.",
                "This platform plays no exercise: it has no master events list to deliver from."),
            _ => Problems.NotFound("No such inject.", $"The exercise's master events list has no inject '{id}'."),
        };
    }

    static ProblemHttpResult RealTime() => Problems.Conflict("This platform keeps real time.",
        "No replay or exercise runs here: a live operation has no crisis clock to read, pause or speed up.");
}

/// <summary>An exercise as its controller sees it (<c>GET /api/exercise</c>).</summary>
public sealed record ExerciseView(string? Scenario, ClockView Clock, IReadOnlyList<InjectView> Injects);

/// <summary>An inject of the master events list as the controller sees it: due after <c>at</c> from the start, pending or delivered.</summary>
/// <param name="DeliveredAt">Crisis time.</param>
/// <param name="DeliveredAtReal">Real time.</param>
/// <param name="DeliveredBy">The controller's organisation when delivered ahead of time.</param>
public sealed record InjectView(string Id, string At, DateTimeOffset DueAt, string Kind, string Status, DateTimeOffset? DeliveredAt,
    DateTimeOffset? DeliveredAtReal, string? DeliveredBy, string ExpectedAction, string? ObjectiveId, string? ForOrganisation,
    IReadOnlyDictionary<string, JsonElement>? Params)
{
    public static InjectView Of(RegisteredInject inject) => new(inject.Id, inject.DueAfter, inject.DueAt, inject.Kind, inject.Status, inject.DeliveredAt,
        inject.DeliveredRealAt, inject.DeliveredBy, inject.ExpectedAction, inject.ObjectiveId, inject.ForOrganisation, inject.Params);
}
