using System.Security.Claims;
using Micic.Contracts;
using Micic.Manifests.Data;
using Micic.Manifests.Domain;
using Micic.ServiceDefaults.Auth;
using Micic.Persistence.Data;
using Micic.Persistence.Messaging;
using Micic.ServiceDefaults.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Micic.Manifests.Apis;

public static class ManifestsApi
{
    public static IEndpointRouteBuilder MapManifestsApi(this IEndpointRouteBuilder app)
    {
        var manifests = app.MapGroup("/api/manifests").WithTags("Manifests")
            .RequireAuthorization(policy => policy.RequireRole(Roles.Coordinator, Roles.Offerer, Roles.Consulate));
        manifests.MapGet("/", List);
        manifests.MapGet("/{id:guid}", Get);
        manifests.MapGet("/{id:guid}/passengers.csv", Export);
        manifests.MapPost("/{id:guid}/travel-documents", IssueTravelDocument);
        manifests.MapPost("/{id:guid}/close", Close);
        manifests.MapPost("/{id:guid}/boarding", Board);
        manifests.MapPost("/{id:guid}/depart", Depart);
        return app;
    }

    static async Task<Results<Ok<PagedList<ManifestSummary>>, ValidationProblem>> List(
        Guid? offerId, int? page, int? pageSize, ClaimsPrincipal user, DbSession session, ManifestStore store, CancellationToken cancellationToken)
    {
        var (request, errors) = PageRequest.From(page, pageSize);
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors);
        // An offerer lists its own offers' manifests; coordinators and consulates all (a consulate then reads its nationals' rows).
        var organisation = user.IsCoordinator() || user.IsInRole(Roles.Consulate) ? null : user.OrganisationId();
        await session.BeginAsync(cancellationToken);
        var (items, total) = await store.List(session, offerId, organisation, request, cancellationToken);
        await session.CommitAsync(cancellationToken);
        return TypedResults.Ok(new PagedList<ManifestSummary>(items, request.Page, request.PageSize, total));
    }

    static async Task<Results<Ok<ManifestView>, ProblemHttpResult>> Get(
        Guid id, ClaimsPrincipal user, DbSession session, ManifestStore store, CancellationToken cancellationToken) =>
        await ReadVisible(id, user, session, store, "manifest-view", cancellationToken) is { } read
            ? TypedResults.Ok(ManifestView.From(read.Manifest, read.Visible))
            : NotFound(id);

    static async Task<Results<FileContentHttpResult, ProblemHttpResult>> Export(
        Guid id, ClaimsPrincipal user, DbSession session, ManifestStore store, CancellationToken cancellationToken) =>
        await ReadVisible(id, user, session, store, "passengers-csv", cancellationToken) is { } read
            ? TypedResults.File(PassengerCsv.Write(read.Visible), "text/csv; charset=utf-8", $"manifest-{id}-passengers.csv")
            : NotFound(id);

    /// <summary>A manifest and the passengers the caller may see, the read audited; null when it is not visible to them.</summary>
    static async Task<(Manifest Manifest, IReadOnlyList<Passenger> Visible)?> ReadVisible(
        Guid id, ClaimsPrincipal user, DbSession session, ManifestStore store, string purpose, CancellationToken cancellationToken)
    {
        await session.BeginAsync(cancellationToken);
        if (await store.Find(session, id, cancellationToken) is not { } manifest || !manifest.IsVisibleTo(user))
            return null;
        var visible = manifest.PassengersVisibleTo(user);
        await store.AuditRead(session, user.OrganisationId(), id, visible.Count, purpose, cancellationToken);
        await session.CommitAsync(cancellationToken);
        return (manifest, visible);
    }

    /// <summary>
    /// The consulate of a passenger's nationality records an emergency travel document (laissez-passer). A passenger
    /// outside its scope — another nationality, or a group that did not consent — is 404, as if absent.
    /// </summary>
    static async Task<Results<Ok<ManifestView>, ValidationProblem, ProblemHttpResult>> IssueTravelDocument(
        Guid id, TravelDocumentBody body, ClaimsPrincipal user, DbSession session, ManifestStore store, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (body.PersonId is null)
            errors["personId"] = ["Required."];
        if (body.Kind != "laissez-passer")
            errors["kind"] = ["Must be laissez-passer."];
        if (string.IsNullOrWhiteSpace(body.Number) || body.Number.Length > 40)
            errors["number"] = ["Required, at most 40 characters."];
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors, title: "The travel document is not valid.");
        if (!user.IsInRole(Roles.Consulate))
            return TypedResults.Problem(title: "Only a consulate issues travel documents.", statusCode: StatusCodes.Status403Forbidden);

        await session.BeginAsync(cancellationToken);
        if (await store.Find(session, id, cancellationToken, forUpdate: true) is not { } manifest || !manifest.IsVisibleTo(user))
            return NotFound(id);
        if (manifest.PassengersVisibleTo(user).SingleOrDefault(p => p.PersonId == body.PersonId) is not { } passenger)
            return Problems.NotFound("No such passenger.", $"No passenger {body.PersonId} of your nationals is on manifest {id}.");
        if (manifest.Status == ManifestStatus.Departed)
            return Problems.Conflict("The movement has departed.", $"Manifest {id} departed; travel documents can no longer be added.");

        await store.RecordTravelDocument(session, id, passenger.PersonId, body.Kind!, body.Number!, user.OrganisationId(), cancellationToken);
        var updated = (await store.Find(session, id, cancellationToken))!;
        await session.CommitAsync(cancellationToken);
        return TypedResults.Ok(ManifestView.From(updated, updated.PassengersVisibleTo(user)));
    }

    /// <summary>Closes the manifest for boarding; refused while a passenger still lacks a travel document.</summary>
    static async Task<Results<Ok<ManifestView>, ProblemHttpResult>> Close(
        Guid id, ClaimsPrincipal user, DbSession session, TransactionalOutbox outbox, ManifestStore store, CancellationToken cancellationToken)
    {
        await session.BeginAsync(cancellationToken);
        if (await store.Find(session, id, cancellationToken, forUpdate: true) is not { } manifest || !manifest.IsRunBy(user))
            return NotFound(id);
        if (manifest.Status != ManifestStatus.Open)
            return Problems.Conflict("The manifest is not open.", $"Manifest {id} is {manifest.Status}.");
        var lacking = manifest.Passengers.Where(p => p.LacksTravelDocument(manifest.DepartsAt)).Select(p => p.PersonId).ToList();
        if (lacking.Count > 0)
            return Problems.Conflict("Passengers lack a travel document.",
                $"{lacking.Count} passenger(s) need a laissez-passer from their consulate first: {string.Join(", ", lacking)}.");

        await store.SetStatus(session, id, ManifestStatus.Closed, departedAt: null, cancellationToken);
        await outbox.Publish(new ManifestClosed
        {
            ManifestId = id, OfferId = manifest.OfferId, RequestIds = manifest.Passengers.Select(p => p.RequestId).Distinct().ToList(),
        }, cancellationToken);
        var closed = (await store.Find(session, id, cancellationToken))!;
        await session.CommitAsync(cancellationToken);
        return TypedResults.Ok(ManifestView.From(closed, closed.Passengers));
    }

    /// <summary>
    /// Records a passenger as boarded or a no-show, while the manifest is closed for boarding. A no-show's seat is
    /// released and they go back to matching on their own, keeping their place; their family is not held back.
    /// </summary>
    static async Task<Results<Ok<ManifestView>, ValidationProblem, ProblemHttpResult>> Board(
        Guid id, BoardingBody body, ClaimsPrincipal user, DbSession session, TransactionalOutbox outbox, ManifestStore store, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (body.PersonId is null)
            errors["personId"] = ["Required."];
        if (body.Status is not (Boarding.Boarded or Boarding.NoShow))
            errors["status"] = ["Must be boarded or no-show."];
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors, title: "The boarding record is not valid.");

        await session.BeginAsync(cancellationToken);
        if (await store.Find(session, id, cancellationToken, forUpdate: true) is not { } manifest || !manifest.IsRunBy(user))
            return NotFound(id);
        if (manifest.Passengers.SingleOrDefault(p => p.PersonId == body.PersonId) is not { } passenger)
            return Problems.NotFound("No such passenger.", $"No passenger {body.PersonId} is on manifest {id}.");
        if (manifest.Status != ManifestStatus.Closed)
            return Problems.Conflict("Boarding is not open.", manifest.Status == ManifestStatus.Open
                ? $"Close manifest {id} before boarding."
                : $"Manifest {id} has {manifest.Status}.");
        if (passenger.Boarding == Boarding.NoShow)
            return Problems.Conflict("The passenger was recorded as a no-show.", "They are back in matching on their own request.");

        await store.Board(session, id, passenger.PersonId, body.Status!, cancellationToken);
        if (body.Status == Boarding.NoShow)
            await PublishNoShow(outbox, manifest, passenger, cancellationToken);
        var updated = (await store.Find(session, id, cancellationToken))!;
        await session.CommitAsync(cancellationToken);
        return TypedResults.Ok(ManifestView.From(updated, updated.Passengers));
    }

    /// <summary>The movement leaves: passengers not recorded as boarded are no-shows; who is on board is announced.</summary>
    static async Task<Results<Ok<ManifestView>, ValidationProblem, ProblemHttpResult>> Depart(
        Guid id, DepartureBody body, ClaimsPrincipal user, DbSession session, TransactionalOutbox outbox, ManifestStore store, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (body.DepartedAt is not { } departedAt || departedAt > clock.GetUtcNow().AddMinutes(5))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["departedAt"] = ["Required, and not in the future."] });

        await session.BeginAsync(cancellationToken);
        if (await store.Find(session, id, cancellationToken, forUpdate: true) is not { } manifest || !manifest.IsRunBy(user))
            return NotFound(id);
        if (manifest.Status != ManifestStatus.Closed)
            return Problems.Conflict("The manifest is not closed for boarding.", $"Manifest {id} is {manifest.Status}.");
        if (departedAt < manifest.ClosedAt?.AddMinutes(-5)) // the same allowance for clocks as above
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["departedAt"] = [$"Must not be before the manifest was closed for boarding ({manifest.ClosedAt:O})."],
            }, title: "The departure time is not valid.");

        foreach (var missed in manifest.Passengers.Where(p => p.Boarding == Boarding.Expected))
        {
            await store.Board(session, id, missed.PersonId, Boarding.NoShow, cancellationToken);
            await PublishNoShow(outbox, manifest, missed, cancellationToken);
        }
        await store.SetStatus(session, id, ManifestStatus.Departed, departedAt, cancellationToken);
        var aboard = manifest.Passengers.Where(p => p.Boarding == Boarding.Boarded).ToList();
        await outbox.Publish(new MovementDeparted
        {
            ManifestId = id, OfferId = manifest.OfferId, ToPlace = manifest.ToPlace, RequestIds = aboard.Select(p => p.RequestId).Distinct().ToList(),
            Passengers = aboard.Count, DepartedAt = departedAt,
        }, cancellationToken);
        var departed = (await store.Find(session, id, cancellationToken))!;
        await session.CommitAsync(cancellationToken);
        return TypedResults.Ok(ManifestView.From(departed, departed.Passengers));
    }

    static Task PublishNoShow(TransactionalOutbox outbox, Manifest manifest, Passenger passenger, CancellationToken cancellationToken) =>
        outbox.Publish(new PassengerNoShow
        {
            ManifestId = manifest.Id, OfferId = manifest.OfferId, RequestId = passenger.RequestId, PersonId = passenger.PersonId,
        }, cancellationToken);

    static ProblemHttpResult NotFound(Guid id) => Problems.NotFound("No such manifest.", $"No manifest {id} is visible to you.");
}

public sealed record TravelDocumentBody(Guid? PersonId, string? Kind, string? Number);
public sealed record BoardingBody(Guid? PersonId, string? Status);
public sealed record DepartureBody(DateTimeOffset? DepartedAt);

public sealed record ManifestView(
    Guid Id, Guid OfferId, string Status, string Mode, string FromPlace, string ToPlace, DateTimeOffset DepartsAt, DateTimeOffset? DepartedAt,
    IReadOnlyList<PassengerView> Passengers, int OtherPassengers)
{
    public static ManifestView From(Manifest manifest, IReadOnlyList<Passenger> visible) => new(
        manifest.Id, manifest.OfferId, manifest.Status, manifest.Mode, manifest.FromPlace, manifest.ToPlace, manifest.DepartsAt, manifest.DepartedAt,
        visible.Select(p => PassengerView.From(p, manifest.DepartsAt)).ToList(), manifest.Passengers.Count - visible.Count);
}

public sealed record PassengerView(
    Guid PersonId, Guid RequestId, string GivenName, string FamilyName, string Nationality, DocumentView Document,
    TravelDocumentView? TravelDocument, string Boarding, bool LacksTravelDocument)
{
    public static PassengerView From(Passenger p, DateTimeOffset departsAt) => new(
        p.PersonId, p.RequestId, p.GivenName, p.FamilyName, p.Nationality, new DocumentView(p.DocumentKind, p.DocumentNumber, p.DocumentExpiresOn),
        p.TravelDocumentNumber is null ? null : new TravelDocumentView(p.TravelDocumentKind!, p.TravelDocumentNumber), p.Boarding,
        p.LacksTravelDocument(departsAt));
}

public sealed record DocumentView(string Kind, string? Number, DateOnly? ExpiresOn);
public sealed record TravelDocumentView(string Kind, string Number);
