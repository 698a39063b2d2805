using Micic.Dashboard.Application;
using Micic.Dashboard.Data;
using Micic.Dashboard.Domain;
using Micic.ServiceDefaults.Auth;
using Micic.ServiceDefaults.Documents;
using Micic.ServiceDefaults.Http;
using Micic.ServiceDefaults.ReferenceData;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Micic.Dashboard.Apis;

/// <summary>
/// The exercise's evaluation (a coordinator, the controller): each objective of the scenario measured from the event
/// history and rated P/S/M/U with its evidence, as JSON and as the after-action report and improvement plan (PDF).
/// </summary>
public static class ExerciseEvaluationApi
{
    public static IEndpointRouteBuilder MapExerciseEvaluationApi(this IEndpointRouteBuilder app)
    {
        var evaluation = app.MapGroup("/api/exercise").WithTags("Exercise").RequireAuthorization(policy => policy.RequireRole(Roles.Coordinator));
        evaluation.MapGet("/evaluation", Evaluate);
        evaluation.MapGet("/evaluation.pdf", Print).LimitedPerOrganisation();
        return app;
    }

    static async Task<Results<Ok<ExerciseEvaluation>, ProblemHttpResult>> Evaluate(ExerciseEvaluating evaluating, CancellationToken cancellationToken) =>
        await evaluating.Evaluate(cancellationToken) is { } evaluation ? TypedResults.Ok(evaluation) : NoExercise(evaluating);

    /// <summary>The after-action report and improvement plan on A4, every page marked EXERCISE.</summary>
    static async Task<Results<FileContentHttpResult, ProblemHttpResult>> Print(ExerciseEvaluating evaluating, ImprovementActions improvements,
        SeedData seeds, PdfPrinter printer, CancellationToken cancellationToken)
    {
        if (await evaluating.Evaluate(cancellationToken) is not { } evaluation)
            return NoExercise(evaluating);
        var plan = await improvements.OfExercise(evaluation.Scenario, evaluation.CrisisId, cancellationToken);
        var owners = seeds.Organisations.ToDictionary(o => o.Id, o => o.Name, StringComparer.Ordinal);
        return TypedResults.File(await printer.Print(EvaluationDocument.Page(evaluation, plan, owners), cancellationToken), PdfPrinter.ContentType,
            $"exercise-evaluation-{evaluation.Scenario}-{evaluation.CrisisTime:yyyyMMdd-HHmm}.pdf");
    }

    static ProblemHttpResult NoExercise(ExerciseEvaluating evaluating) => evaluating.Played() is { } played
        ? Problems.Conflict("The exercise's crisis is unknown.", $"The scenario '{played.Scenario}' plays crisis '{played.CrisisId}', which this platform does not know.")
        : Problems.Conflict("No exercise to evaluate.",
            "This platform plays no exercise with objectives (a live operation, or a plain replay): there is nothing to rate. Start one with --exercise <scenario>.");
}
