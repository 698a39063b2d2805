using System.Security.Claims;
using Micic.Persistence.Crises;
using Micic.Requests.Application;
using Micic.Requests.Data;
using Micic.Requests.Domain;
using Micic.ServiceDefaults.Auth;
using Micic.ServiceDefaults.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Micic.Requests.Apis;

/// <summary>
/// Possible duplicates found at intake: coordinators list them with both requests side by side and merge or dismiss
/// them; a consulate lists those of its nationals.
/// </summary>
public static class DuplicatesApi
{
    public static IEndpointRouteBuilder MapDuplicatesApi(this IEndpointRouteBuilder app)
    {
        var duplicates = app.MapGroup("/api/requests/duplicates").WithTags("Possible duplicates");
        duplicates.MapGet("/", List).RequireAuthorization(policy => policy.RequireRole(Roles.Coordinator, Roles.Consulate));
        duplicates.MapGet("/{id:guid}", Get).RequireAuthorization(policy => policy.RequireRole(Roles.Coordinator, Roles.Consulate));
        duplicates.MapPost("/{id:guid}/merge", Merge).RequireAuthorization(policy => policy.RequireRole(Roles.Coordinator));
        duplicates.MapPost("/{id:guid}/dismiss", Dismiss).RequireAuthorization(policy => policy.RequireRole(Roles.Coordinator));
        return app;
    }

    static async Task<Results<Ok<PagedList<PossibleDuplicateView>>, ValidationProblem>> List(
        string? crisisId, string? status, int? page, int? pageSize, ClaimsPrincipal user, DuplicateReviews reviews, CrisisCatalogue crises,
        CancellationToken cancellationToken)
    {
        var (request, errors) = PageRequest.From(page, pageSize);
        var filters = new ListFilters(errors);
        crisisId = filters.Crisis("crisisId", crisisId, await crises.Find(crisisId, cancellationToken));
        status = filters.OneOf("status", status, DuplicateStatus.All);
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors);

        var (items, total) = await reviews.List(user, crisisId, status, request, cancellationToken);
        return TypedResults.Ok(new PagedList<PossibleDuplicateView>([.. items.Select(PossibleDuplicateView.From)], request.Page, request.PageSize, total));
    }

    static async Task<Results<Ok<PossibleDuplicateView>, ProblemHttpResult>> Get(
        Guid id, ClaimsPrincipal user, DuplicateReviews reviews, CancellationToken cancellationToken) =>
        await reviews.Find(id, user, cancellationToken) is { } seen ? TypedResults.Ok(PossibleDuplicateView.From(seen)) : NotFound(id);

    /// <summary>One request keeps the people, the other is cancelled with the reason given; 409 where that would lose someone.</summary>
    static async Task<Results<Ok<PossibleDuplicateView>, ValidationProblem, ProblemHttpResult>> Merge(
        Guid id, MergeDuplicates? body, ClaimsPrincipal user, EvacuationRequestValidator validator, DuplicateReviews reviews,
        CancellationToken cancellationToken)
    {
        var errors = validator.Validate(body);
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors, title: "The merge is not valid.");
        return Answer(id, await reviews.Merge(id, body!.KeepRequestId!.Value, body.Reason!, user, cancellationToken), "The requests cannot be merged.");
    }

    static async Task<Results<Ok<PossibleDuplicateView>, ValidationProblem, ProblemHttpResult>> Dismiss(
        Guid id, DismissDuplicate? body, ClaimsPrincipal user, EvacuationRequestValidator validator, DuplicateReviews reviews,
        CancellationToken cancellationToken)
    {
        var errors = validator.Validate(body);
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors, title: "The dismissal is not valid.");
        return Answer(id, await reviews.Dismiss(id, body!.Reason!, user, cancellationToken), "The possible duplicate cannot be dismissed.");
    }

    static Results<Ok<PossibleDuplicateView>, ValidationProblem, ProblemHttpResult> Answer(Guid id, DuplicateReviewOutcome outcome, string refusedTitle) =>
        outcome switch
        {
            DuplicateReviewOutcome.Reviewed(var seen) => TypedResults.Ok(PossibleDuplicateView.From(seen)),
            DuplicateReviewOutcome.NotInPair(var keep) => TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["keepRequestId"] = [$"Request {keep} is not one of the two requests of this possible duplicate."] },
                title: "The merge is not valid."),
            DuplicateReviewOutcome.Refused(var why) => Problems.Conflict(refusedTitle, why),
            _ => NotFound(id),
        };

    static ProblemHttpResult NotFound(Guid id) => Problems.NotFound("No such possible duplicate.", $"No possible duplicate {id} is visible to you.");
}

/// <summary>
/// A possible duplicate: the two requests (<c>requestIds</c>: the one registered first, then the other), who looks
/// alike in them, why, and where the review stands; both requests side by side with the people the caller may see.
/// </summary>
public sealed record PossibleDuplicateView(
    Guid Id, string CrisisId, IReadOnlyList<Guid> RequestIds, IReadOnlyList<FlaggedPerson> People, string Reason, string Status,
    DateTimeOffset FlaggedAt, IReadOnlyList<DuplicateRequestView> Requests, DuplicateResolution? Resolution)
{
    public static PossibleDuplicateView From(SeenDuplicate seen)
    {
        var duplicate = seen.Duplicate;
        return new(duplicate.Id, duplicate.CrisisId, [duplicate.FirstRequestId, duplicate.SecondRequestId], seen.People, duplicate.Reason,
            duplicate.Status, duplicate.FlaggedAt, [.. seen.Requests.Select(DuplicateRequestView.From)], duplicate.Resolution);
    }
}

/// <summary>One of the two requests, as a reviewer compares it with the other.</summary>
public sealed record DuplicateRequestView(
    Guid Id, string Reference, string Status, string OrganisationId, FieldWorker? RegisteredBy, DateTimeOffset SubmittedAt,
    string PickupPlace, string DestinationCountry, int GroupSize, IReadOnlyList<PersonView> People, int? PeopleNotShown)
{
    public static DuplicateRequestView From(VisibleRequest seen)
    {
        var request = seen.Request;
        return new(request.Id, request.Reference, request.Status, request.OrganisationId, request.RegisteredBy, request.SubmittedAt,
            request.PickupPlace, request.DestinationCountry, request.People.Count, [.. seen.People.Select(PersonView.From)],
            seen.People.Count < request.People.Count ? request.People.Count - seen.People.Count : null);
    }
}
