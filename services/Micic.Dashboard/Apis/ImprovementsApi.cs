using System.Security.Claims;
using Micic.Dashboard.Application;
using Micic.Dashboard.Data;
using Micic.Dashboard.Domain;
using Micic.Persistence.Crises;
using Micic.ServiceDefaults.Auth;
using Micic.ServiceDefaults.Http;
using Micic.ServiceDefaults.ReferenceData;
using Micic.ServiceDefaults.Time;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Micic.Dashboard.Apis;

/// <summary>
/// The improvement plan (a coordinator): actions raised after an exercise or a real crisis, each owned by an organisation
/// with a due date and a status, kept across exercises and crises (<see cref="ImprovementRules"/>).
/// </summary>
public static class ImprovementsApi
{
    public static IEndpointRouteBuilder MapImprovementsApi(this IEndpointRouteBuilder app)
    {
        var improvements = app.MapGroup("/api/improvements").WithTags("Exercise").RequireAuthorization(policy => policy.RequireRole(Roles.Coordinator));
        improvements.MapPost("/", Raise);
        improvements.MapPatch("/{id}", Change);
        improvements.MapGet("/", List);
        return app;
    }

    /// <summary>
    /// Raises an action: in an exercise, from the exercise (its objective, if named, one of the plan's); on a live platform,
    /// from the real crisis named by <c>crisisId</c>.
    /// </summary>
    static async Task<Results<Created<ImprovementCreated>, ValidationProblem>> Raise(NewImprovement body, ClaimsPrincipal user, ExerciseEvaluating exercise,
        CrisisCatalogue crises, SeedData seeds, ImprovementActions actions, TimeProvider crisisClock, [FromKeyedServices(RealTime.Key)] TimeProvider realClock,
        CancellationToken cancellationToken)
    {
        var realNow = realClock.GetUtcNow();
        var errors = ImprovementRules.Errors(body, seeds.Organisations.Select(o => o.Id).ToHashSet(StringComparer.Ordinal), realNow, out var dueBy);
        var played = exercise.Played();
        string crisisId;
        if (played is not null)
        {
            crisisId = played.CrisisId;
            if (body.CrisisId is { } named && named != played.CrisisId && !errors.ContainsKey("crisisId"))
                errors["crisisId"] = [$"This exercise plays crisis '{played.CrisisId}': its improvements come from it."];
            if (body.ObjectiveId is { } objective && !errors.ContainsKey("objectiveId") && played.Plan.Objectives.All(o => o.Id != objective))
                errors["objectiveId"] = [$"No objective '{objective}' in this exercise's plan ({string.Join(", ", played.Plan.Objectives.Select(o => o.Id))})."];
        }
        else
        {
            crisisId = body.CrisisId ?? "";
            if (body.ObjectiveId is not null && !errors.ContainsKey("objectiveId"))
                errors["objectiveId"] = ["This platform plays no exercise: an improvement from a real crisis answers no objective."];
            if (body.CrisisId is null)
                errors["crisisId"] = ["Required on a live platform: the crisis the improvement comes from."];
            else if (!errors.ContainsKey("crisisId") && await crises.Find(body.CrisisId, cancellationToken) is null)
                errors["crisisId"] = [$"No crisis '{body.CrisisId}' is known."];
        }
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors);

        var actor = Actor.Of(user);
        var action = new ImprovementAction(Guid.CreateVersion7(realNow), body.ObjectiveId, body.Text!.Trim(), body.OwnerOrganisationId!, dueBy,
            ImprovementStatus.Open, null, played is null ? ImprovementSource.Crisis : ImprovementSource.Exercise, played?.Scenario, crisisId,
            new ImprovementRaiser(actor.Id, actor.Name, actor.OrganisationId), crisisClock.GetUtcNow(), realNow, null);
        await actions.Add(action, cancellationToken);
        return TypedResults.Created($"/api/improvements/{action.Id}", new ImprovementCreated(action.Id));
    }

    /// <summary>Moves an action on: open, in progress, done (with evidence of what was done).</summary>
    static async Task<Results<Ok<ImprovementAction>, ValidationProblem, ProblemHttpResult>> Change(string id, ImprovementChange body,
        ImprovementActions actions, [FromKeyedServices(RealTime.Key)] TimeProvider realClock, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(id, out var actionId))
            return NoSuchAction(id);
        if (ImprovementRules.Errors(body) is { Count: > 0 } errors)
            return TypedResults.ValidationProblem(errors);
        return await actions.Change(actionId, body.Status!, body.Evidence?.Trim(), realClock.GetUtcNow(), cancellationToken) is { } changed
            ? TypedResults.Ok(changed)
            : NoSuchAction(id);
    }

    /// <summary>Every action, from every exercise and crisis (of one status, if given), the soonest due first.</summary>
    static async Task<Results<Ok<PagedList<ImprovementAction>>, ValidationProblem>> List(string? status, int? page, int? pageSize, ImprovementActions actions,
        CancellationToken cancellationToken)
    {
        var (request, errors) = PageRequest.From(page, pageSize);
        if (status is not null && !ImprovementStatus.All.Contains(status))
            errors["status"] = [$"Must be one of {string.Join(", ", ImprovementStatus.All)}."];
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors);
        var (items, total) = await actions.List(status, request, cancellationToken);
        return TypedResults.Ok(new PagedList<ImprovementAction>(items, request.Page, request.PageSize, total));
    }

    static ProblemHttpResult NoSuchAction(string id) =>
        Problems.NotFound("No such improvement action.", $"No improvement action '{(id.Length > 100 ? id[..100] + "…" : id)}' is known.");
}

/// <summary>An improvement action raised (<c>201</c>).</summary>
public sealed record ImprovementCreated(Guid Id);
