using System.Security.Claims;
using Micic.Dashboard.Application;
using Micic.Dashboard.Data;
using Micic.ServiceDefaults.Auth;
using Micic.ServiceDefaults.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Micic.Dashboard.Apis;

/// <summary>
/// "Need help" answers to check-ins, as alerts for the household's consulate (<see cref="CheckInAlertDesk"/>): a consulate
/// reads its nationals' open alerts — ids and times, the names are in its view in Requests — and acknowledges one once it
/// has called; a coordinator counts them by crisis and nationality.
/// </summary>
public static class CheckInAlertsApi
{
    const int MaxCrisisId = 100;

    public static IEndpointRouteBuilder MapCheckInAlertsApi(this IEndpointRouteBuilder app)
    {
        var alerts = app.MapGroup("/api/dashboard/check-in-alerts").WithTags("Dashboard")
            .RequireAuthorization(policy => policy.RequireRole(Roles.Consulate, Roles.Coordinator));
        alerts.MapGet("/", List);
        alerts.MapPost("/{id}/acknowledge", Acknowledge);
        return app;
    }

    /// <summary>
    /// A consulate: its nationals' open alerts (<c>status=all</c>: with those it acknowledged while the household still
    /// answers "need help"), the longest waiting first (paged). A coordinator: open alerts counted by crisis and nationality.
    /// </summary>
    static async Task<Results<Ok<PagedList<CheckInAlertView>>, Ok<CheckInAlertCounts>, ValidationProblem>> List(
        string? crisisId, string? status, int? page, int? pageSize, ClaimsPrincipal user, CheckInAlertDesk desk, CheckInAlerts alerts,
        CancellationToken cancellationToken)
    {
        var (request, errors) = PageRequest.From(page, pageSize);
        if (crisisId is { Length: 0 or > MaxCrisisId })
            errors["crisisId"] = [$"Must be a crisis id of 1 to {MaxCrisisId} characters."];
        if (status is not (null or "open" or "all"))
            errors["status"] = ["Must be open or all."];
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors);
        if (!user.IsInRole(Roles.Consulate))
            return TypedResults.Ok(new CheckInAlertCounts(await alerts.Counts(crisisId, cancellationToken)));
        return TypedResults.Ok(await desk.List(user, crisisId, status == "all", request, cancellationToken));
    }

    /// <summary>The consulate called the household: the alert closes, once. Only the household's own consulate acknowledges it.</summary>
    static async Task<Results<Ok<CheckInAlertView>, ProblemHttpResult>> Acknowledge(string id, ClaimsPrincipal user, CheckInAlertDesk desk,
        CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(id, out var alertId))
            return NoSuchAlert(id);
        if (!user.IsInRole(Roles.Consulate))
            return Problems.Forbidden("For the household's consulate.", "A check-in alert is acknowledged by the consulate that called the household.");
        var outcome = await desk.Acknowledge(alertId, user, cancellationToken);
        return outcome.Result switch
        {
            AcknowledgeResult.Acknowledged => TypedResults.Ok(CheckInAlertView.From(outcome.Alert!)),
            AcknowledgeResult.OtherState => Problems.Forbidden("Not your State's national.", "A consulate acknowledges only its own State's nationals' alerts."),
            AcknowledgeResult.NotOpen => Problems.Conflict("The alert is not open.", outcome.Reason!),
            _ => NoSuchAlert(id),
        };
    }

    static ProblemHttpResult NoSuchAlert(string id) =>
        Problems.NotFound("No such alert.", $"No check-in alert '{(id.Length > 100 ? id[..100] + "…" : id)}' is known.");
}

/// <summary>What a coordinator reads of the check-in alerts: counts by crisis and nationality, nobody's id.</summary>
public sealed record CheckInAlertCounts(IReadOnlyList<CheckInAlertCount> Items);
