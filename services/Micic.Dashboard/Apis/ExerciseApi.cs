using Micic.Dashboard.Application;
using Micic.Dashboard.Domain;
using Micic.ServiceDefaults.Auth;
using Micic.ServiceDefaults.Http;
using Micic.ServiceDefaults.Time;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Micic.Dashboard.Apis;

/// <summary>
/// The exercise controller's view and hand on the crisis clock (a coordinator): where crisis time stands, at what speed,
/// paused or not; pause, go on, change speed. A live platform keeps real time: it has no exercise to show or pause.
/// </summary>
public static class ExerciseApi
{
    public static IEndpointRouteBuilder MapExerciseApi(this IEndpointRouteBuilder app)
    {
        var exercise = app.MapGroup("/api/exercise").WithTags("Exercise").RequireAuthorization(policy => policy.RequireRole(Roles.Coordinator));
        exercise.MapGet("/", Read);
        exercise.MapPost("/clock", SetClock);
        return app;
    }

    static Results<Ok<ExerciseView>, ProblemHttpResult> Read(ExerciseClock exercise, IConfiguration configuration) =>
        exercise.Clock is { } clock
            ? TypedResults.Ok(new ExerciseView(configuration[$"{SharedClock.Section}:Scenario"], ClockView.Of(clock)))
            : RealTime();

    static async Task<Results<Ok<ExerciseView>, ValidationProblem, ProblemHttpResult>> SetClock(ClockChange change, ExerciseClock exercise,
        IConfiguration configuration)
    {
        if (change.Errors() is { Count: > 0 } errors)
            return TypedResults.ValidationProblem(errors);
        var (result, clock) = await exercise.Change(change);
        return result switch
        {
            ClockChangeResult.Changed => TypedResults.Ok(new ExerciseView(configuration[$"{SharedClock.Section}:Scenario"], clock!)),
            ClockChangeResult.RealTime => RealTime(),
            _ => TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "The clock could not be shared.",
                detail: "Redis, where every instance reads the crisis clock, does not answer: nothing changed. Try again shortly."),
        };
    }

    static ProblemHttpResult RealTime() => Problems.Conflict("This platform keeps real time.",
        "No replay or exercise runs here: a live operation has no crisis clock to read, pause or speed up.");
}

/// <summary>An exercise as its controller sees it (<c>GET /api/exercise</c>).</summary>
public sealed record ExerciseView(string? Scenario, ClockView Clock);
