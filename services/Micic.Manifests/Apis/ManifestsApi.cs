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
using Micic.ServiceDefaults.Documents;
using Micic.ServiceDefaults.Exercises;
using Micic.ServiceDefaults.ReferenceData;
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
        manifests.MapGet("/{id:guid}/passengers.xlsx", ExportWorkbook).LimitedPerOrganisation();
        manifests.MapGet("/{id:guid}/passengers.pdf", Print).LimitedPerOrganisation();
        manifests.MapPost("/{id:guid}/travel-documents", IssueTravelDocument);
        manifests.MapPost("/{id:guid}/close", Close);
        manifests.MapPost("/{id:guid}/boarding", Board).WithDescription(
            "One passenger, {personId, status: boarded|no-show}, answered with the manifest; or the carrier's boarding list, " +
            "{passengers: [{personId, status}]} with 1 to 1,000 passengers each named once, recorded all or none and answered with the " +
            "manifest in figures {id, offerId, status, recorded, boarded, noShows, expected, totalPassengers}.");
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
        Guid id, ClaimsPrincipal user, ManifestReading reading, CancellationToken cancellationToken) =>
        await reading.Read(id, user, "manifest-view", cancellationToken) is { } sight ? TypedResults.Ok(ManifestView.From(sight)) : NotFound(id);

    static async Task<Results<FileContentHttpResult, ProblemHttpResult>> Export(
        Guid id, ClaimsPrincipal user, ManifestReading reading, CancellationToken cancellationToken) =>
        await reading.Read(id, user, "passengers-csv", cancellationToken) is { } sight
            ? TypedResults.File(PassengerCsv.Write(sight.Shown, sight.Warnings), "text/csv; charset=utf-8", $"manifest-{id}-passengers.csv")
            : NotFound(id);

    static async Task<Results<FileContentHttpResult, ProblemHttpResult>> ExportWorkbook(
        Guid id, ClaimsPrincipal user, ManifestReading reading, SeedData seeds, TimeProvider clock, ExerciseMode exercise, CancellationToken cancellationToken) =>
        await reading.Read(id, user, "passengers-xlsx", cancellationToken) is { } sight
            ? TypedResults.File(PassengerDocuments.Workbook(sight, seeds, clock.GetUtcNow(), exercise), Workbook.ContentType, $"manifest-{id}-passengers.xlsx")
            : NotFound(id);

    /// <summary>The manifest on A4, to print and tick at the gate; names in any script as typed.</summary>
    static async Task<Results<FileContentHttpResult, ProblemHttpResult>> Print(
        Guid id, ClaimsPrincipal user, ManifestReading reading, SeedData seeds, PdfPrinter printer, TimeProvider clock, CancellationToken cancellationToken) =>
        await reading.Read(id, user, "passengers-pdf", cancellationToken) is { } sight
            ? TypedResults.File(await printer.Print(PassengerDocuments.Page(sight, seeds, user.OrganisationId(), clock.GetUtcNow()), cancellationToken),
                PdfPrinter.ContentType, $"manifest-{id}-passengers.pdf")
            : NotFound(id);

    /// <summary>
    /// The consulate of a passenger's nationality records an emergency travel document (laissez-passer). A passenger
    /// outside its scope — another nationality, or a group that did not consent — is 404, as if absent; one its
    /// organisation sees as the carrier of the movement is 403.
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

    /// <summary>
    /// Records a passenger as boarded or a no-show, while the manifest is closed for boarding: one (<c>{personId, status}</c>,
    /// answered with the manifest), or the carrier's boarding list of up to 1,000 (<c>{passengers: [{personId, status}]}</c>,
    /// all recorded or none, answered with the manifest's figures).
    /// </summary>
    static async Task<Results<Ok<ManifestView>, Ok<BoardingSummary>, ValidationProblem, ProblemHttpResult>> Board(
        Guid id, BoardingBody body, ClaimsPrincipal user, ManifestLifecycle lifecycle, ManifestStepValidator validator,
        CancellationToken cancellationToken)
    {
        var errors = validator.Validate(body);
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors, title: "The boarding record is not valid.");

        var recorded = ManifestStepValidator.Recorded(body);
        if (body.Passengers is null)
            return await lifecycle.Board(id, recorded[0], user, cancellationToken) switch
            {
                ManifestStep.Taken(var manifest) => TypedResults.Ok(View(manifest, user)),
                ManifestStep.Invalid(var invalid) => Invalid(invalid),
                var step => NotTaken(step),
            };
        return await lifecycle.Board(id, recorded, user, cancellationToken) switch
        {
            ManifestStep.Taken(var manifest) => TypedResults.Ok(BoardingSummary.From(manifest, recorded.Count)),
            ManifestStep.Invalid(var invalid) => Invalid(invalid),
            var step => NotTaken(step),
        };
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
        ManifestStep.Taken(var manifest) => TypedResults.Ok(View(manifest, user)),
        ManifestStep.Invalid(var errors) => Invalid(errors),
        _ => NotTaken(step),
    };

    static ValidationProblem Invalid(Dictionary<string, string[]> errors) =>
        TypedResults.ValidationProblem(errors, title: "The request is not valid for this manifest.");

    static ManifestView View(Manifest manifest, ClaimsPrincipal user) => ManifestView.From(new ManifestSight(manifest, manifest.PassengersVisibleTo(user)));

    /// <summary>Why a step was not taken, as the problem the caller gets.</summary>
    static ProblemHttpResult NotTaken(ManifestStep step) => step switch
    {
        ManifestStep.Missing(var title, var detail) => Problems.NotFound(title, detail),
        ManifestStep.Refused(var refusal) => Problems.Conflict(refusal.Title, refusal.Detail),
        ManifestStep.Forbidden(var title, var detail) => Problems.Forbidden(title, detail),
        _ => throw new InvalidOperationException($"Unknown step outcome {step}."),
    };

    static ProblemHttpResult NotFound(Guid id) => Problems.NotFound("No such manifest.", $"No manifest {id} is visible to you.");
}


/// <summary>
/// A manifest as the caller may see it: the passengers shown, plus <c>otherPassengers</c> they may not see, plus
/// <c>awaitingDetails</c> (people matched to the movement whose details are still arriving) make <c>totalPassengers</c>.
/// <c>warnings</c> point at passengers shown who carry the same document.
/// </summary>
public sealed record ManifestView(
    Guid Id, Guid OfferId, string Status, string Mode, string FromPlace, string ToPlace, DateTimeOffset DepartsAt, DateTimeOffset? DepartedAt,
    IReadOnlyList<PassengerView> Passengers, int OtherPassengers, int AwaitingDetails, int TotalPassengers, string? Note,
    IReadOnlyList<ManifestWarningView> Warnings)
{
    public static ManifestView From(ManifestSight sight)
    {
        var manifest = sight.Manifest;
        return new(manifest.Id, manifest.OfferId, manifest.Status.WireName(), manifest.Mode, manifest.FromPlace, manifest.ToPlace, manifest.DepartsAt,
            manifest.DepartedAt, sight.Shown.Select(p => PassengerView.From(p, manifest.DepartsAt)).ToList(), sight.Others, sight.AwaitingDetails,
            sight.Total, sight.AwaitingDetails > 0 ? $"The details of {sight.AwaitingDetails} passenger(s) are still arriving." : null,
            sight.Warnings.Select(w => new ManifestWarningView(SameDocument.Kind, w.PersonIds, w.RequestIds)).ToList());
    }
}

public sealed record PassengerView(
    Guid PersonId, Guid RequestId, string? GivenName, string? FamilyName, string Nationality, DocumentView Document,
    TravelDocumentView? TravelDocument, string Boarding, bool LacksTravelDocument)
{
    public static PassengerView From(Passenger p, DateTimeOffset departsAt) => new(
        p.PersonId, p.RequestId, p.GivenName, p.FamilyName, p.Nationality, new DocumentView(p.DocumentKind, p.DocumentNumber, p.DocumentExpiresOn),
        p.TravelDocumentNumber is null ? null : new TravelDocumentView(p.TravelDocumentKind!, p.TravelDocumentNumber), p.Boarding.WireName(),
        p.LacksTravelDocument(departsAt));
}

/// <summary>
/// What a carrier's boarding list came to: how many passengers it recorded, and the manifest in figures — boarded, no-shows,
/// still expected (no-shows at departure) of all its passengers. No names: the carrier holds its list, and
/// <c>GET /api/manifests/{id}</c> shows the manifest.
/// </summary>
public sealed record BoardingSummary(Guid Id, Guid OfferId, string Status, int Recorded, int Boarded, int NoShows, int Expected, int TotalPassengers)
{
    public static BoardingSummary From(Manifest manifest, int recorded) => new(manifest.Id, manifest.OfferId, manifest.Status.WireName(), recorded,
        manifest.Passengers.Count(p => p.Boarding == Boarding.Boarded), manifest.Passengers.Count(p => p.Boarding == Boarding.NoShow),
        manifest.Passengers.Count(p => p.Boarding == Boarding.Expected), manifest.PassengerCount);
}

/// <summary>Something the carrier must check before boarding, about the passengers named by id (never what their document is).</summary>
public sealed record ManifestWarningView(string Kind, IReadOnlyList<Guid> PersonIds, IReadOnlyList<Guid> RequestIds);

public sealed record DocumentView(string Kind, string? Number, DateOnly? ExpiresOn);
public sealed record TravelDocumentView(string Kind, string Number);
