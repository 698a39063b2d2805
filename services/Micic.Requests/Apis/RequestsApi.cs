using System.Security.Claims;
using Micic.Contracts;
using Micic.Requests.Data;
using Micic.Requests.Domain;
using Micic.ServiceDefaults.Auth;
using Micic.ServiceDefaults.Data;
using Micic.ServiceDefaults.Http;
using Micic.ServiceDefaults.ReferenceData;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Micic.Requests.Apis;

public static class RequestsApi
{
    public static IEndpointRouteBuilder MapRequestsApi(this IEndpointRouteBuilder app)
    {
        var requests = app.MapGroup("/api/requests").WithTags("Requests");

        requests.MapPost("/", Submit)
            .RequireAuthorization(policy => policy.RequireRole(Roles.Requester, Roles.Coordinator));
        requests.MapGet("/{id:guid}", Get)
            .RequireAuthorization(policy => policy.RequireRole(Roles.Requester, Roles.Coordinator, Roles.Consulate));
        return app;
    }

    /// <summary>Accepts a request: stored and <see cref="EvacuationRequested"/> queued in one transaction, then 202.</summary>
    static async Task<Results<Accepted<RequestAccepted>, ValidationProblem>> Submit(
        SubmitEvacuationRequest body, HttpRequest http, ClaimsPrincipal user, DbSession session, EvacuationRequestStore store,
        EvacuationRequestValidator validator, SeedData seeds, TimeProvider clock, CancellationToken cancellationToken)
    {
        var errors = validator.Validate(body);
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors, title: "The evacuation request is not valid.");

        var owner = user.OrganisationId();
        var key = Idempotency.KeyOf(http);
        var fingerprint = Idempotency.Fingerprint(body);

        await session.BeginAsync(cancellationToken);
        if (key is not null && await Idempotency.Replay<RequestAccepted>(session, owner, key, fingerprint, cancellationToken) is { } earlier)
            return TypedResults.Accepted(earlier.Location, earlier.Body);

        var request = EvacuationRequest.Accept(body, owner, seeds.Crises[body.CrisisId!].Country, clock.GetUtcNow());
        while (!await store.TryInsert(session, request, cancellationToken))
            request = request.WithNewReference();
        await session.Outbox.Publish(request.ToEvent(), cancellationToken);

        var accepted = new RequestAccepted(request.Id, request.Reference, RequestStatus.Submitted);
        var location = $"/api/requests/{request.Id}";
        if (key is not null)
            await Idempotency.Remember(session, owner, key, fingerprint, new StoredResponse<RequestAccepted>(StatusCodes.Status202Accepted, location, accepted), cancellationToken);
        await session.CommitAsync(cancellationToken);
        return TypedResults.Accepted(location, accepted);
    }

    /// <summary>
    /// One request, as far as the caller may see it: coordinators everything, requesters their own organisation's,
    /// consulates only their nationals in groups that consented to sharing. Anything else is 404, not 403, so that
    /// the existence of a request is not disclosed. Every read is audited.
    /// </summary>
    static async Task<Results<Ok<RequestView>, ProblemHttpResult>> Get(
        Guid id, ClaimsPrincipal user, EvacuationRequestStore store, CancellationToken cancellationToken)
    {
        var request = await store.Find(id, cancellationToken);
        var visible = request is null ? [] : VisiblePeople(request, user);
        if (request is null || visible.Count == 0)
            return Problems.NotFound("No such request.", $"No request {id} is visible to you.");

        await store.AuditRead(user.OrganisationId(), request.Id, visible.Count, "request-view", cancellationToken);
        return TypedResults.Ok(RequestView.From(request, visible));
    }

    static IReadOnlyList<StoredPerson> VisiblePeople(StoredRequest request, ClaimsPrincipal user)
    {
        if (user.IsCoordinator() || (user.IsInRole(Roles.Requester) && request.OrganisationId == user.OrganisationId()))
            return request.People;
        if (user.IsInRole(Roles.Consulate) && request.ConsentToShareWithConsulate)
        {
            var nationalities = user.Nationalities();
            return request.People.Where(person => nationalities.Contains(person.Nationality)).ToList();
        }
        return [];
    }
}

public sealed record RequestAccepted(Guid Id, string Reference, string Status);

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
    IReadOnlyList<StatusEntry> History)
{
    public static RequestView From(StoredRequest request, IReadOnlyList<StoredPerson> visible) => new(
        request.Id, request.Reference, request.Status, request.Priority, request.CrisisId, request.PickupPlace,
        request.DestinationCountry, request.AcceptsThirdCountry, request.EarliestDeparture, request.SubmittedAt,
        visible.Select(PersonView.From).ToList(),
        visible.Count < request.People.Count ? request.People.Count - visible.Count : null,
        request.OfferId is { } offerId ? new MatchView(offerId, request.MatchedSince ?? request.SubmittedAt) : null,
        request.UnmatchedReason,
        request.History);
}

public sealed record PersonView(
    Guid PersonId, string GivenName, string FamilyName, string Sex, DateOnly? BirthDate, int? Age, string Nationality,
    DocumentView Document, IReadOnlyList<string> Needs)
{
    public static PersonView From(StoredPerson person) => new(
        person.Id, person.GivenName, person.FamilyName, person.Sex, person.BirthDate, person.Age, person.Nationality,
        new DocumentView(person.DocumentKind, person.DocumentNumber, person.DocumentExpiresOn), person.Needs);
}

public sealed record DocumentView(string Kind, string? Number, DateOnly? ExpiresOn);

public sealed record MatchView(Guid OfferId, DateTimeOffset Since);
