using System.Security.Claims;
using Micic.Persistence.Data;
using Micic.Requests.Application;
using Micic.Requests.Domain;
using Micic.ServiceDefaults.Auth;
using Micic.ServiceDefaults.Http;
using Micic.ServiceDefaults.ReferenceData;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Micic.Requests.Apis;

/// <summary>
/// Crises: those of <c>seeds/</c> and those coordinators declared, with their alert level (1 watch, 2 restricted,
/// 3 voluntary departure, 4 mandatory departure) and its history. A seeded crisis has no level until its first
/// <c>PATCH</c> declares it (see <see cref="CrisisDeclarations.ChangeLevel"/>). Changing a crisis to the level it is at
/// already answers 200 with the crisis as it is: nothing changes and nothing is announced, so a coordinator's retry is harmless.
/// </summary>
public static class CrisesApi
{
    public static IEndpointRouteBuilder MapCrisesApi(this IEndpointRouteBuilder app)
    {
        var crises = app.MapGroup("/api/crises").WithTags("Crises").RequireAuthorization();
        crises.MapGet("/", List);
        crises.MapGet("/{id}", Get);
        crises.MapPost("/", Declare).WithIdempotencyKey<DeclareCrisis>().RequireAuthorization(policy => policy.RequireRole(Roles.Coordinator));
        crises.MapPatch("/{id}", ChangeLevel).RequireAuthorization(policy => policy.RequireRole(Roles.Coordinator));
        return app;
    }

    static async Task<Ok<List<CrisisView>>> List(SeedData seeds, CrisisDeclarations declarations, CancellationToken cancellationToken)
    {
        var declared = (await declarations.All(cancellationToken)).ToDictionary(crisis => crisis.Id);
        return TypedResults.Ok(seeds.Crises.Values.Select(crisis => CrisisView.Seeded(crisis, declared.GetValueOrDefault(crisis.Id)))
            .Concat(declared.Values.Where(crisis => !seeds.Crises.ContainsKey(crisis.Id)).Select(crisis => CrisisView.Declared(crisis)))
            .OrderBy(crisis => crisis.StartedAt).ToList());
    }

    static async Task<Results<Ok<CrisisView>, ProblemHttpResult>> Get(string id, SeedData seeds, CrisisDeclarations declarations,
        CancellationToken cancellationToken)
    {
        if (seeds.Crises.TryGetValue(id, out var seeded))
            return TypedResults.Ok(CrisisView.Seeded(seeded, await declarations.Find(id, cancellationToken), withHistory: true));
        return IsDeclaredId(id) && await declarations.Find(id, cancellationToken) is { } crisis
            ? TypedResults.Ok(CrisisView.Declared(crisis, withHistory: true))
            : NotFound(id);
    }

    /// <summary>Declares a crisis and announces it (<c>CrisisDeclared</c>) in one transaction.</summary>
    static async Task<Results<Created<CrisisDeclaredView>, ValidationProblem>> Declare(DeclareCrisis body, ClaimsPrincipal user,
        CrisisDeclarationRules rules, CrisisDeclarations declarations, CancellationToken cancellationToken)
    {
        var errors = rules.Validate(body);
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors, title: "The crisis cannot be declared.");
        var crisis = await declarations.Declare(body, user, cancellationToken);
        return TypedResults.Created($"/api/crises/{crisis.Id}", new CrisisDeclaredView(crisis.Id));
    }

    /// <summary>
    /// Moves a crisis to another alert level and announces it (<c>CrisisAlertLevelChanged</c>); a seeded crisis's first level
    /// declares it (<c>CrisisDeclared</c>), as <c>POST</c> would a new one.
    /// </summary>
    static async Task<Results<Ok<CrisisView>, ValidationProblem, ProblemHttpResult>> ChangeLevel(string id, ChangeAlertLevel? body, ClaimsPrincipal user,
        SeedData seeds, CrisisDeclarationRules rules, CrisisDeclarations declarations, CancellationToken cancellationToken)
    {
        var errors = rules.Validate(body);
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors, title: "The alert level cannot be changed.");
        var seeded = seeds.Crises.GetValueOrDefault(id);
        if (seeded is null && !IsDeclaredId(id))
            return NotFound(id);
        CrisisView View(DeclaredCrisis crisis) => seeded is null ? CrisisView.Declared(crisis, withHistory: true) : CrisisView.Seeded(seeded, crisis, withHistory: true);
        return await declarations.ChangeLevel(id, AlertLevel.Of(body!.AlertLevel)!, user, seeded, cancellationToken) switch
        {
            AlertLevelOutcome.Changed(var crisis) => TypedResults.Ok(View(crisis)),
            AlertLevelOutcome.Unchanged(var crisis) => TypedResults.Ok(View(crisis)),
            _ => NotFound(id),
        };
    }

    /// <summary>Declared crises are named by a GUID: any other id is answered without asking the database.</summary>
    static bool IsDeclaredId(string id) => Guid.TryParseExact(id, "D", out _);

    static ProblemHttpResult NotFound(string id) =>
        Problems.NotFound("No such crisis.", $"There is no crisis {(id.Length > 40 || PrintableText.HasControlCharacters(id) ? "with that id" : id)}.");
}

public sealed record CrisisDeclaredView(string Id);

/// <summary>
/// A crisis as <c>GET /api/crises</c> lists it: id, name, country and start, as for the seeded ones; a declared one also
/// with its areas, its alert level (number and name) and when it was declared, and, read alone, the history of its level.
/// </summary>
public sealed record CrisisView(string Id, string Name, string Country, DateTimeOffset StartedAt, IReadOnlyList<string>? Areas = null,
    int? AlertLevel = null, string? AlertLevelName = null, DateTimeOffset? DeclaredAt = null, IReadOnlyList<AlertLevelChangeView>? History = null)
{
    /// <summary>A crisis of the seeds: since it started; with its level once a coordinator has given it one (<paramref name="declared"/>).</summary>
    public static CrisisView Seeded(Crisis crisis, DeclaredCrisis? declared = null, bool withHistory = false) => declared is null
        ? new(crisis.Id, crisis.Name, crisis.Country, crisis.StartedAt)
        : Declared(declared, withHistory) with { StartedAt = crisis.StartedAt };

    public static CrisisView Declared(DeclaredCrisis crisis, bool withHistory = false) => new(
        crisis.Id, crisis.Name, crisis.Country, crisis.DeclaredAt, crisis.Areas, crisis.Level.Number, crisis.Level.Name, crisis.DeclaredAt,
        withHistory ? [.. crisis.History.Select(AlertLevelChangeView.Of)] : null);
}

/// <summary>One step of the level: <c>from</c> is absent for the declaration.</summary>
public sealed record AlertLevelChangeView(DateTimeOffset At, int? From, int To, string Level, ActorView By)
{
    public static AlertLevelChangeView Of(AlertLevelChange change) => new(change.At, change.From?.Number, change.To.Number, change.To.Name, change.By);
}
