using System.Security.Claims;
using System.Text.RegularExpressions;
using Micic.Contracts;
using Micic.Persistence.Crises;
using Micic.Requests.Application;
using Micic.Requests.Data;
using Micic.Requests.Domain;
using Micic.ServiceDefaults.Auth;
using Micic.Persistence.Data;
using Micic.Persistence.Messaging;
using Micic.Persistence.Intake;
using Micic.ServiceDefaults.Http;
using Micic.ServiceDefaults.Telemetry;
using Micic.ServiceDefaults.ReferenceData;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Micic.Requests.Apis;

public static partial class RequestsApi
{
    /// <summary>At most this many row errors are listed in an import's answer; the rest are counted.</summary>
    public const int MaxImportErrorsListed = 1000;

    public static IEndpointRouteBuilder MapRequestsApi(this IEndpointRouteBuilder app)
    {
        var requests = app.MapGroup("/api/requests").WithTags("Requests");

        requests.MapPost("/", Submit)
            .WithIdempotencyKey<SubmitEvacuationRequest>()
            .RequireAuthorization(policy => policy.RequireRole(Roles.Requester, Roles.Coordinator));
        requests.MapPost("/import", Import)
            .WithIdempotencyKey()
            .RequireAuthorization(policy => policy.RequireRole(Roles.Requester, Roles.Coordinator))
            .WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(CsvUpload.MaxBytes)); // routing applies it before the body is read
        requests.MapGet("/", List)
            .RequireAuthorization(policy => policy.RequireRole(Roles.Requester, Roles.Coordinator, Roles.Consulate));
        requests.MapGet("/{id:guid}", Get)
            .RequireAuthorization(policy => policy.RequireRole(Roles.Requester, Roles.Coordinator, Roles.Consulate));
        requests.MapPost("/{id:guid}/cancel", Cancel)
            .RequireAuthorization(policy => policy.RequireRole(Roles.Requester, Roles.Coordinator));
        return app;
    }

    /// <summary>
    /// Accepts a request: stored and <see cref="EvacuationRequested"/> queued in one transaction, then 202. A family the
    /// intake app queued carries its registrant ticket (<see cref="RegistrantTickets.Header"/>): one that is not a ticket
    /// issued here (forged, altered, expired) is 400, another organisation's 403; when the person it names has been
    /// disabled since, the family is held for review (202 <c>{status: "held"}</c>), not accepted, and nothing is announced.
    /// </summary>
    static async Task<Results<Accepted<RequestAccepted>, Accepted<SubmissionHeld>, ValidationProblem, ProblemHttpResult>> Submit(
        SubmitEvacuationRequest body, ClaimsPrincipal user, HttpRequest http, RequestIntake intake, HeldFamilies held,
        RegistrantTickets tickets, Revocations revocations, EvacuationRequestValidator validator, CrisisCatalogue crises,
        CancellationToken cancellationToken)
    {
        var errors = validator.Validate(body, await crises.Find(body.CrisisId, cancellationToken));
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors, title: "The evacuation request is not valid.");

        var caller = Actor.Of(user);
        var sentBy = FieldWorker.Of(caller);
        var registeredBy = sentBy;
        switch (tickets.Check(http, user, revocations))
        {
            case TicketCheck.Refused(var problem):
                return problem;
            case TicketCheck.Disabled(var registrant):
                return HeldReviewApi.Held(await held.Hold(body, registrant, sentBy, cancellationToken));
            case TicketCheck.Valid(var registrant):
                registeredBy = registrant.Worker;
                break;
        }

        var request = (await intake.Submit([body], user.OrganisationId(), cancellationToken, new Registration(registeredBy, sentBy)))[0];
        return TypedResults.Accepted($"/api/requests/{request.Id}", new RequestAccepted(request.Id, request.Reference, RequestStatus.Submitted));
    }

    /// <summary>
    /// Bulk intake from a CSV file (columns: see <see cref="EvacuationRequestImporter"/>), one request per group. The
    /// file is refused as a whole (400, nothing stored) only when it cannot be read as an import: empty, no data rows, a
    /// missing or unknown column, not UTF-8. Otherwise every valid group is accepted and every bad row is reported, its
    /// group rejected: 202 even if no group is accepted. <c>accepted</c> and <c>rejected</c> count groups (requests), not
    /// people. The accepted groups are stored, each with its <see cref="EvacuationRequested"/>, in one transaction: the
    /// answer lists exactly what was committed, and a failure stores nothing, so the file can simply be sent again.
    /// </summary>
    static async Task<Results<Accepted<RequestsImported>, ValidationProblem, ProblemHttpResult>> Import(
        HttpRequest http, ClaimsPrincipal user, RequestIntake intake, EvacuationRequestImporter importer, CrisisCatalogue crises,
        CancellationToken cancellationToken)
    {
        var known = await crises.All(cancellationToken);
        var (reading, unreadable) = await CsvUpload.Read(http, (text, token) => importer.Read(text, known, token), cancellationToken);
        if (reading is null)
            return unreadable!;
        if (reading.Plan is not { } plan)
            return TypedResults.ValidationProblem(reading.Refusal!, title: "The file cannot be imported.");

        var ids = await intake.Import(plan.Groups, user.OrganisationId(), cancellationToken);
        return TypedResults.Accepted((string?)null, new RequestsImported(ids.Count, plan.Rejected, ids, plan.Errors.Take(MaxImportErrorsListed).ToList(),
            plan.Errors.Count > MaxImportErrorsListed ? plan.Errors.Count - MaxImportErrorsListed : null));
    }

    static async Task<Results<Ok<PagedList<RequestSummary>>, ValidationProblem>> List(
        string? status, string? nationality, string? pickupPlace, int? page, int? pageSize, ClaimsPrincipal user, EvacuationRequestStore store,
        SeedData seeds, CancellationToken cancellationToken)
    {
        var (request, errors) = PageRequest.From(page, pageSize);
        var filters = new ListFilters(errors);
        status = filters.OneOf("status", status, RequestStatus.All);
        pickupPlace = filters.Place("pickupPlace", pickupPlace, seeds);
        nationality = string.IsNullOrEmpty(nationality) ? null : nationality;
        if (nationality is not null && !CountryCode().IsMatch(nationality))
            errors["nationality"] = ["Must be an ISO 3166-1 alpha-3 code in capitals, e.g. BGD."];
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors);

        var scope = new RequestScope(
            user.IsCoordinator(),
            user.IsInRole(Roles.Requester) ? user.OrganisationId() : null,
            user.IsInRole(Roles.Consulate) ? user.Nationalities() : new HashSet<string>());
        var (items, total) = await store.List(scope, status, nationality, pickupPlace, request, cancellationToken);
        return TypedResults.Ok(new PagedList<RequestSummary>(items, request.Page, request.PageSize, total));
    }

    /// <summary>
    /// Withdraws a request until its group has left; matching then releases any seats it held. A request the caller may
    /// not change is 404, as for reading; one already cancelled or gone is 409.
    /// </summary>
    static async Task<Results<Accepted<RequestCancelled>, ValidationProblem, ProblemHttpResult>> Cancel(
        Guid id, CancelEvacuationRequest? body, ClaimsPrincipal user, EvacuationRequestValidator validator, RequestCancellations cancellations,
        CancellationToken cancellationToken)
    {
        var errors = validator.Validate(body);
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors, title: "The cancellation is not valid.");

        return await cancellations.Cancel(id, body!.Reason!, user, cancellationToken) switch
        {
            CancellationOutcome.Cancelled => TypedResults.Accepted($"/api/requests/{id}", new RequestCancelled(id, RequestStatus.Cancelled)),
            CancellationOutcome.Refused(var why) => Problems.Conflict("The request cannot be cancelled.", why),
            _ => Problems.NotFound("No such request.", $"No request {id} is visible to you."),
        };
    }

    /// <summary>
    /// One request, as far as the caller may see it: coordinators everything, requesters their own organisation's,
    /// consulates only their nationals in groups that consented to sharing. Anything else is 404, not 403, so that
    /// the existence of a request is not disclosed. Every read is audited.
    /// </summary>
    static async Task<Results<Ok<RequestView>, ProblemHttpResult>> Get(
        Guid id, ClaimsPrincipal user, RequestReading reading, CancellationToken cancellationToken) =>
        await reading.Read(id, user, cancellationToken) is { } visible
            ? TypedResults.Ok(RequestView.From(visible))
            : Problems.NotFound("No such request.", $"No request {id} is visible to you.");

    [GeneratedRegex("^[A-Z]{3}$")]
    private static partial Regex CountryCode();
}

public sealed record RequestAccepted(Guid Id, string Reference, string Status);

/// <summary>
/// The answer to a CSV import: how many groups (requests) were accepted and rejected, the new requests' ids in the
/// order their groups first appear in the file, and the problems of the rejected groups' rows.
/// </summary>
public sealed record RequestsImported(int Accepted, int Rejected, IReadOnlyList<Guid> Requests, IReadOnlyList<ImportError> Errors, int? ErrorsNotListed);

public sealed record RequestCancelled(Guid Id, string Status);

public sealed record RequestView(
    Guid Id,
    string Reference,
    string Status,
    int Priority,
    string CrisisId,
    string PickupPlace,
    string DestinationCountry,
    bool AcceptsThirdCountry,
    DateTimeOffset? EarliestDeparture,
    DateTimeOffset SubmittedAt,
    IReadOnlyList<PersonView> People,
    int? PeopleNotShown,
    MatchView? Match,
    string? UnmatchedReason,
    IReadOnlyList<StatusEntry> History,
    DateTimeOffset? PersonalDataErasedAt,
    FieldWorker? RegisteredBy,
    FieldWorker? SentBy,
    IReadOnlyList<DuplicateOfRequest> PossibleDuplicates)
{
    public static RequestView From(VisibleRequest seen)
    {
        var request = seen.Request;
        return new(
            request.Id, request.Reference, request.Status, request.Priority, request.CrisisId, request.PickupPlace,
            request.DestinationCountry, request.AcceptsThirdCountry, request.EarliestDeparture, request.SubmittedAt,
            seen.People.Select(PersonView.From).ToList(),
            seen.People.Count < request.People.Count ? request.People.Count - seen.People.Count : null,
            request.OfferId is { } offerId ? new MatchView(offerId, request.MatchedSince ?? request.SubmittedAt) : null,
            request.UnmatchedReason,
            seen.History,
            request.PersonalDataErasedAt,
            request.RegisteredBy,
            request.SentBy,
            seen.PossibleDuplicates);
    }
}

public sealed record PersonView(
    Guid PersonId, string? GivenName, string? FamilyName, string Sex, DateOnly? BirthDate, int? Age, string Nationality,
    DocumentView Document, IReadOnlyList<string> Needs)
{
    public static PersonView From(StoredPerson person) => new(
        person.Id, person.GivenName, person.FamilyName, person.Sex, person.BirthDate, person.Age, person.Nationality,
        new DocumentView(person.DocumentKind, person.DocumentNumber, person.DocumentExpiresOn), person.Needs);
}

public sealed record DocumentView(string Kind, string? Number, DateOnly? ExpiresOn);

public sealed record MatchView(Guid OfferId, DateTimeOffset Since);
