using System.Security.Claims;
using Micic.Contracts;
using Micic.Manifests.Application;
using Micic.Manifests.Data;
using Micic.Manifests.Domain;
using Micic.ServiceDefaults;
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
        Guid? offerId, int? page, int? pageSize, ClaimsPrincipal user, ManifestStore store, CancellationToken cancellationToken)
    {
        var (request, errors) = PageRequest.From(page, pageSize);
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors);
        // An offerer lists its own offers' manifests; coordinators and consulates all (a consulate then reads its nationals' rows).
        var organisation = user.IsCoordinator() || user.IsInRole(Roles.Consulate) ? null : user.OrganisationId();
        var (items, total) = await store.List(offerId, organisation, request, cancellationToken);
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
        if (await store.Find(id, cancellationToken) is not { } manifest || !manifest.IsVisibleTo(user))
            return null;
        var visible = manifest.PassengersVisibleTo(user);
        await store.AuditRead(user.OrganisationId(), id, visible.Count, purpose, cancellationToken);
        await session.CommitAsync(cancellationToken);
        return (manifest, visible);
    }

    /// <summary>
    /// The consulate of a passenger's nationality records an emergency travel document (laissez-passer). A passenger
    /// outside its scope — another nationality, or a group that did not consent — is 404, as if absent.
    /// </summary>
    static async Task<Results<Ok<ManifestView>, ValidationProblem, ProblemHttpResult>> IssueTravelDocument(
        Guid id, TravelDocumentBody body, ClaimsPrincipal user, ManifestLifecycle lifecycle, ManifestStepValidator validator,
        CancellationToken cancellationToken)
    {
        var errors = validator.Validate(body);
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors, title: "The travel document is not valid.");
        if (!user.IsInRole(Roles.Consulate))
            return TypedResults.Problem(title: "Only a consulate issues travel documents.", statusCode: StatusCodes.Status403Forbidden);

        return Answer(await lifecycle.IssueTravelDocument(id, body.PersonId!.Value, body.Kind!, body.Number!, user, cancellationToken), user);
    }

    /// <summary>Closes the manifest for boarding; refused while a passenger still lacks a travel document.</summary>
    static async Task<Results<Ok<ManifestView>, ValidationProblem, ProblemHttpResult>> Close(
        Guid id, ClaimsPrincipal user, ManifestLifecycle lifecycle, CancellationToken cancellationToken) =>
        Answer(await lifecycle.Close(id, user, cancellationToken), user);

    /// <summary>Records a passenger as boarded or a no-show, while the manifest is closed for boarding.</summary>
    static async Task<Results<Ok<ManifestView>, ValidationProblem, ProblemHttpResult>> Board(
        Guid id, BoardingBody body, ClaimsPrincipal user, ManifestLifecycle lifecycle, ManifestStepValidator validator,
        CancellationToken cancellationToken)
    {
        var errors = validator.Validate(body);
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors, title: "The boarding record is not valid.");

        return Answer(await lifecycle.Board(id, body.PersonId!.Value, ManifestStepValidator.Recorded(body), user, cancellationToken), user);
    }

    /// <summary>The movement leaves: passengers not recorded as boarded are no-shows; who is on board is announced.</summary>
    static async Task<Results<Ok<ManifestView>, ValidationProblem, ProblemHttpResult>> Depart(
        Guid id, DepartureBody body, ClaimsPrincipal user, ManifestLifecycle lifecycle, ManifestStepValidator validator,
        CancellationToken cancellationToken)
    {
        var errors = validator.Validate(body);
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors, title: "The departure is not valid.");

        return Answer(await lifecycle.Depart(id, body.DepartedAt!.Value, user, cancellationToken), user);
    }

    static Results<Ok<ManifestView>, ValidationProblem, ProblemHttpResult> Answer(ManifestStep step, ClaimsPrincipal user) => step switch
    {
        ManifestStep.Taken(var manifest) => TypedResults.Ok(ManifestView.From(manifest, manifest.PassengersVisibleTo(user))),
        ManifestStep.Missing(var title, var detail) => Problems.NotFound(title, detail),
        ManifestStep.Refused(var refusal) => Problems.Conflict(refusal.Title, refusal.Detail),
        ManifestStep.Invalid(var field, var error) => TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [error] },
            title: "The request is not valid for this manifest."),
        _ => throw new InvalidOperationException($"Unknown step outcome {step}."),
    };

    static ProblemHttpResult NotFound(Guid id) => Problems.NotFound("No such manifest.", $"No manifest {id} is visible to you.");
}


public sealed record ManifestView(
    Guid Id, Guid OfferId, string Status, string Mode, string FromPlace, string ToPlace, DateTimeOffset DepartsAt, DateTimeOffset? DepartedAt,
    IReadOnlyList<PassengerView> Passengers, int OtherPassengers)
{
    public static ManifestView From(Manifest manifest, IReadOnlyList<Passenger> visible) => new(
        manifest.Id, manifest.OfferId, manifest.Status.WireName(), manifest.Mode, manifest.FromPlace, manifest.ToPlace, manifest.DepartsAt, manifest.DepartedAt,
        visible.Select(p => PassengerView.From(p, manifest.DepartsAt)).ToList(), manifest.Passengers.Count - visible.Count);
}

public sealed record PassengerView(
    Guid PersonId, Guid RequestId, string GivenName, string FamilyName, string Nationality, DocumentView Document,
    TravelDocumentView? TravelDocument, string Boarding, bool LacksTravelDocument)
{
    public static PassengerView From(Passenger p, DateTimeOffset departsAt) => new(
        p.PersonId, p.RequestId, p.GivenName, p.FamilyName, p.Nationality, new DocumentView(p.DocumentKind, p.DocumentNumber, p.DocumentExpiresOn),
        p.TravelDocumentNumber is null ? null : new TravelDocumentView(p.TravelDocumentKind!, p.TravelDocumentNumber), p.Boarding.WireName(),
        p.LacksTravelDocument(departsAt));
}

public sealed record DocumentView(string Kind, string? Number, DateOnly? ExpiresOn);
public sealed record TravelDocumentView(string Kind, string Number);
