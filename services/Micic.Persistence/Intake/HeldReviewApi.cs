using System.Security.Claims;
using System.Text.Json;
using Micic.ServiceDefaults.Auth;
using Micic.ServiceDefaults.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Micic.Persistence.Intake;

/// <summary>The review endpoints' common part, in every service that holds submissions: listing, discarding, refusing.</summary>
public static class HeldReviewApi
{
    /// <summary>A page of what the caller may review (of its organisation, at <paramref name="sites"/> when given), each shown as <paramref name="view"/> says.</summary>
    public static async Task<Results<Ok<PagedList<HeldView>>, ValidationProblem>> List(string? status, int? page, int? pageSize,
        ClaimsPrincipal user, IReadOnlyCollection<string>? sites, HeldSubmissions held, Func<HeldSubmission, HeldView> view,
        CancellationToken cancellationToken)
    {
        var (request, errors) = PageRequest.From(page, pageSize);
        status = new ListFilters(errors).OneOf("status", status, HeldStatus.All);
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors);
        var (items, total) = await held.List(user, sites, status, request, cancellationToken);
        return TypedResults.Ok(new PagedList<HeldView>(items.Select(view).ToList(), request.Page, request.PageSize, total));
    }

    /// <summary>Discards a held <paramref name="what"/> (a family, a walk-in), with a reason.</summary>
    public static async Task<Results<Ok<HeldReviewed>, ValidationProblem, ProblemHttpResult>> Discard(Guid id, DiscardHeldSubmission? body,
        ClaimsPrincipal user, HeldSubmissions held, string what, CancellationToken cancellationToken)
    {
        var errors = Reason.Check(body?.Reason);
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors, title: "The discard is not valid.");
        return await held.Discard(id, body!.Reason!, user, cancellationToken) switch
        {
            ReviewOutcome.Discarded => TypedResults.Ok(new HeldReviewed(id, HeldStatus.Discarded)),
            ReviewOutcome.Refused(var why) => Problems.Conflict($"The held {what} cannot be discarded.", why),
            _ => Missing(id, what),
        };
    }

    public static ProblemHttpResult Missing(Guid id, string what) => Problems.NotFound($"No such held {what}.", $"No held {what} {id} is visible to you.");

    /// <summary>The answer to a registration held for review: 202, nothing at a location.</summary>
    public static Accepted<SubmissionHeld> Held(Guid id) => TypedResults.Accepted((string?)null, new SubmissionHeld(id, HeldStatus.Held, HeldSubmissions.Disabled));
}

/// <summary>A registration kept for review by its organisation instead of accepted.</summary>
public sealed record SubmissionHeld(Guid Id, string Status, string Reason);

public sealed record DiscardHeldSubmission(string? Reason);

public sealed record HeldReviewed(Guid Id, string Status);

/// <summary>
/// A held submission as a reviewer sees it: as it was sent, until it is accepted or discarded; then what it became
/// (<see cref="RequestId"/> for a family, <see cref="ArrivalId"/> for a walk-in; each service sets its own).
/// </summary>
public sealed record HeldView(
    Guid Id, string Status, string OrganisationId, string? SiteCode, FieldWorker Registrant, DateTimeOffset RegisteredAt, FieldWorker SentBy,
    DateTimeOffset ReceivedAt, string HeldBecause, JsonElement? Submission, FieldWorker? ReviewedBy, DateTimeOffset? ReviewedAt,
    string? DiscardReason)
{
    public Guid? RequestId { get; init; }

    public Guid? ArrivalId { get; init; }

    public static HeldView From(HeldSubmission held) => new(
        held.Id, held.Status, held.OrganisationId, held.SiteCode, held.Registrant.Worker, held.Registrant.IssuedAt, held.SentBy, held.ReceivedAt,
        held.HeldBecause, held.Submission is null ? null : JsonDocument.Parse(held.Submission).RootElement.Clone(), held.ReviewedBy, held.ReviewedAt,
        held.DiscardReason);
}
