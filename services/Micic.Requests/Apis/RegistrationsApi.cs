using System.Security.Claims;
using Micic.Persistence.Data;
using Micic.Requests.Application;
using Micic.Requests.Data;
using Micic.Requests.Domain;
using Micic.ServiceDefaults.Auth;
using Micic.ServiceDefaults.Http;
using Micic.ServiceDefaults.ReferenceData;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Micic.Requests.Apis;

/// <summary>
/// The consular registry of nationals abroad (<see cref="ConsularRegistry"/>): a consulate registers, reads and erases
/// its own State's nationals; coordinators and consulates count them. Another State's registration is not found (404),
/// as for requests, so that its existence is not disclosed; registering or asking for another State's nationals is 403.
/// </summary>
public static class RegistrationsApi
{
    /// <summary>At most this many row errors are listed in a refused file's answer.</summary>
    const int MaxImportErrorsListed = 1000;

    public static IEndpointRouteBuilder MapRegistrationsApi(this IEndpointRouteBuilder app)
    {
        var registrations = app.MapGroup("/api/registrations").WithTags("Registrations");
        registrations.MapPost("/", Register)
            .WithIdempotencyKey<RegisterHousehold>()
            .RequireAuthorization(policy => policy.RequireRole(Roles.Consulate));
        registrations.MapPost("/import", Import)
            .WithIdempotencyKey()
            .RequireAuthorization(policy => policy.RequireRole(Roles.Consulate))
            .WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(CsvUpload.MaxBytes)); // routing applies it before the body is read
        registrations.MapGet("/", List).RequireAuthorization(policy => policy.RequireRole(Roles.Consulate));
        registrations.MapGet("/counts", Counts).RequireAuthorization(policy => policy.RequireRole(Roles.Consulate, Roles.Coordinator));
        registrations.MapGet("/{id:guid}", Get).RequireAuthorization(policy => policy.RequireRole(Roles.Consulate));
        registrations.MapDelete("/{id:guid}", Erase).RequireAuthorization(policy => policy.RequireRole(Roles.Consulate));
        return app;
    }

    /// <summary>Registers one household of the consulate's nationals: stored, then 201 with its id. Nothing is announced.</summary>
    static async Task<Results<Created<RegistrationCreated>, ValidationProblem, ProblemHttpResult>> Register(
        RegisterHousehold body, ClaimsPrincipal user, RegistrationValidator validator, ConsularRegistry registry, CancellationToken cancellationToken)
    {
        var errors = validator.Validate(body);
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors, title: "The registration is not valid.");
        if (!user.IsConsulateOf(body.Nationality!))
            return NotYourNationals(body.Nationality!);

        var id = (await registry.Register([body], user.OrganisationId(), cancellationToken))[0];
        return TypedResults.Created($"/api/registrations/{id}", new RegistrationCreated(id));
    }

    /// <summary>
    /// Registers the households of a CSV file (columns: see <see cref="RegistrationImporter"/>), all of them or none: any
    /// bad row refuses the file (400, each problem as <c>rows[n].column</c>), any household of another State's nationals
    /// too (403). 201 with the new registrations' ids, in the order their households first appear in the file.
    /// </summary>
    static async Task<Results<Created<RegistrationsImported>, ValidationProblem, ProblemHttpResult>> Import(
        HttpRequest http, ClaimsPrincipal user, RegistrationImporter importer, ConsularRegistry registry, CancellationToken cancellationToken)
    {
        var (reading, unreadable) = await CsvUpload.Read(http, importer.Read, cancellationToken);
        if (reading is null)
            return unreadable!;
        if (reading.Refusal is { } refusal)
            return TypedResults.ValidationProblem(refusal, title: "The file cannot be imported.");
        if (reading.Errors.Count > 0)
            return TypedResults.ValidationProblem(
                reading.Errors.Take(MaxImportErrorsListed).GroupBy(error => $"rows[{error.Row}].{error.Field}")
                    .ToDictionary(group => group.Key, group => group.Select(error => error.Message).ToArray()),
                title: "The file cannot be imported: nothing was registered.",
                detail: reading.Errors.Count > MaxImportErrorsListed ? $"{reading.Errors.Count} problems; the first {MaxImportErrorsListed} are listed." : null);
        if (reading.Households.FirstOrDefault(household => !user.IsConsulateOf(household.Registration.Nationality!)) is { Registration: not null } foreign)
            return Problems.Forbidden("Not your State's nationals.",
                $"The household of row {foreign.FirstRow} is of {foreign.Registration.Nationality}: a consulate registers only its own State's nationals. Nothing was registered.");

        var ids = await registry.Register([.. reading.Households.Select(household => household.Registration)], user.OrganisationId(), cancellationToken);
        return TypedResults.Created((string?)null, new RegistrationsImported(ids.Count, ids));
    }

    /// <summary>
    /// The consulate's nationals' registrations, with names, oldest first; <c>nationality</c> narrows it to one of its
    /// States' (another State's is 403). The read is audited.
    /// </summary>
    static async Task<Results<Ok<PagedList<RegistrationView>>, ValidationProblem, ProblemHttpResult>> List(
        string? countryOfResidence, string? area, string? nationality, int? page, int? pageSize, ClaimsPrincipal user, SeedData seeds,
        RegistrationValidator validator, ConsularRegistry registry, CancellationToken cancellationToken)
    {
        var (request, errors) = PageRequest.From(page, pageSize);
        CheckResidence(countryOfResidence, area, seeds, validator, errors);
        if (!string.IsNullOrEmpty(nationality) && !seeds.IsCountry(nationality))
            errors["nationality"] = ["Must be an ISO 3166-1 alpha-3 country code in capitals, e.g. BGD."];
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors);
        if (!string.IsNullOrEmpty(nationality) && !user.IsConsulateOf(nationality))
            return NotYourNationals(nationality);

        var (items, total) = await registry.List(user, Empty(countryOfResidence), Empty(area), Empty(nationality), request, cancellationToken);
        return TypedResults.Ok(new PagedList<RegistrationView>([.. items.Select(RegistrationView.From)], request.Page, request.PageSize, total));
    }

    /// <summary>How many households and people are registered, by country, nationality and area: no names. A consulate counts its own nationals.</summary>
    static async Task<Results<Ok<RegistrationCounts>, ValidationProblem>> Counts(
        string? countryOfResidence, ClaimsPrincipal user, SeedData seeds, RegistrationValidator validator, RegistrationStore store,
        CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        CheckResidence(countryOfResidence, null, seeds, validator, errors);
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors);
        return TypedResults.Ok(new RegistrationCounts(await store.Counts(user.CountedNationalities(), Empty(countryOfResidence), cancellationToken)));
    }

    static async Task<Results<Ok<RegistrationView>, ProblemHttpResult>> Get(
        Guid id, ClaimsPrincipal user, ConsularRegistry registry, CancellationToken cancellationToken) =>
        await registry.Read(id, user, cancellationToken) is { } registration
            ? TypedResults.Ok(RegistrationView.From(registration))
            : NotFound(id);

    /// <summary>Erases a registration on request: 204, and the erasure is in the audit trail.</summary>
    static async Task<Results<NoContent, ProblemHttpResult>> Erase(Guid id, ClaimsPrincipal user, ConsularRegistry registry, CancellationToken cancellationToken) =>
        await registry.Erase(id, user, cancellationToken) == ErasureOutcome.Erased ? TypedResults.NoContent() : NotFound(id);

    static void CheckResidence(string? countryOfResidence, string? area, SeedData seeds, RegistrationValidator validator, Dictionary<string, string[]> errors)
    {
        var country = Empty(countryOfResidence);
        if (country is not null && !seeds.IsCountry(country))
            errors["countryOfResidence"] = ["Must be an ISO 3166-1 alpha-3 country code in capitals, e.g. LBY."];
        if (Empty(area) is { } place && validator.AreaProblem(place, country) is { } problem)
            errors["area"] = [problem];
    }

    static string? Empty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    static ProblemHttpResult NotYourNationals(string nationality) =>
        Problems.Forbidden("Not your State's nationals.", $"A consulate registers and reads only its own State's nationals, not {nationality}'s.");

    static ProblemHttpResult NotFound(Guid id) => Problems.NotFound("No such registration.", $"No registration {id} is visible to you.");
}

public sealed record RegistrationCreated(Guid Id);

public sealed record RegistrationsImported(int Registered, IReadOnlyList<Guid> Registrations);

public sealed record RegistrationCounts(IReadOnlyList<RegistrationCount> Items);

public sealed record RegistrationView(
    Guid Id, string Nationality, string CountryOfResidence, string? Area, IReadOnlyList<RegisteredPersonView> Household, RegistrationContactView Contact,
    bool ConsentToContact, DateTimeOffset RegisteredAt, string RegisteredBy)
{
    public static RegistrationView From(ConsularRegistration registration) => new(
        registration.Id, registration.Nationality, registration.CountryOfResidence, registration.Area,
        [.. registration.Household.Select(person => new RegisteredPersonView(
            person.Id, person.GivenName, person.FamilyName, person.Sex, person.BirthDate,
            person.DocumentKind == "none" && person.DocumentNumber is null ? null : new DocumentView(person.DocumentKind, person.DocumentNumber, person.DocumentExpiresOn)))],
        new RegistrationContactView(registration.Phone, registration.Language), registration.ConsentToContact, registration.RegisteredAt,
        registration.OrganisationId);
}

public sealed record RegisteredPersonView(Guid PersonId, string GivenName, string FamilyName, string Sex, DateOnly? BirthDate, DocumentView? Document);

public sealed record RegistrationContactView(string Phone, string? Language);
