using System.Security.Claims;
using Micic.Contracts;
using Micic.Persistence.Crises;
using Micic.ServiceDefaults.Auth;
using Micic.Persistence.Data;
using Micic.Persistence.Intake;
using Micic.Persistence.Messaging;
using Micic.ServiceDefaults.Http;
using Micic.ServiceDefaults.ReferenceData;
using Micic.Transit.Application;
using Micic.Transit.Data;
using Micic.Transit.Domain;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Micic.Transit.Apis;

public static class TransitApi
{
    public static IEndpointRouteBuilder MapTransitApi(this IEndpointRouteBuilder app)
    {
        var transit = app.MapGroup("/api/transit").WithTags("Transit");
        var sites = transit.MapGroup("/").RequireAuthorization(policy => policy.RequireRole(Roles.Transit, Roles.Coordinator));
        sites.MapGet("/sites/{code}", Site);
        sites.MapPost("/sites/{code}/closures", Close).WithIdempotencyKey<CloseSite>();
        sites.MapPost("/sites/{code}/reopen", Reopen);
        sites.MapGet("/sites/{code}/expected", Expected);
        sites.MapGet("/sites/{code}/arrivals", Arrivals);
        sites.MapPost("/arrivals", LogArrival).WithIdempotencyKey<LogArrival>();
        transit.MapGet("/reconciliation/{manifestId:guid}", Reconcile)
            .RequireAuthorization(policy => policy.RequireRole(Roles.Transit, Roles.Coordinator, Roles.Consulate));
        return app;
    }

    /// <summary>A transit authority acts only at its own sites; coordinators everywhere.</summary>
    internal static bool ActsAt(this ClaimsPrincipal user, string siteCode) => user.IsCoordinator() || user.Sites().Contains(siteCode);

    internal static ProblemHttpResult OutsideSites(string siteCode) =>
        TypedResults.Problem(title: "Not your site.", detail: $"You do not act at {siteCode}.", statusCode: StatusCodes.Status403Forbidden);

    /// <summary>A site as it stands: open, or closed until when and why, with its latest closures.</summary>
    static async Task<Results<Ok<SiteView>, ProblemHttpResult>> Site(string code, ClaimsPrincipal user, SiteClosures closures, SeedData seeds,
        CancellationToken cancellationToken)
    {
        if (!seeds.Places.TryGetValue(code, out var place))
            return Problems.NotFound("No such site.", $"There is no site {code}.");
        if (!user.ActsAt(code))
            return OutsideSites(code);
        return TypedResults.Ok(SiteView.Of(place, await closures.Read(code, cancellationToken)));
    }

    /// <summary>The site's State (its transit authority) or a coordinator closes it until a time: no arrival is logged there meanwhile.</summary>
    static async Task<Results<Created<SiteView>, ValidationProblem, ProblemHttpResult>> Close(string code, CloseSite body, ClaimsPrincipal user,
        SiteClosures closures, SeedData seeds, CancellationToken cancellationToken)
    {
        if (!seeds.Places.TryGetValue(code, out var place))
            return Problems.NotFound("No such site.", $"There is no site {code}.");
        if (!user.ActsAt(code))
            return OutsideSites(code);
        return await closures.Close(code, body, user.OrganisationId(), cancellationToken) switch
        {
            ClosureOutcome.Done(var site) => TypedResults.Created($"/api/transit/sites/{code}", SiteView.Of(place, site)),
            ClosureOutcome.Invalid(var errors) => TypedResults.ValidationProblem(errors, title: "The closure is not valid."),
            ClosureOutcome.Conflict(var site) => Problems.Conflict("The site is closed already.",
                $"{code} is closed until {site.InForce?.Until:yyyy-MM-dd HH:mm} UTC; reopen it first to close it until another time."),
            _ => throw new InvalidOperationException("Unknown closure outcome."),
        };
    }

    /// <summary>The site's State or a coordinator opens a closed site before its closure ends.</summary>
    static async Task<Results<Ok<SiteView>, ValidationProblem, ProblemHttpResult>> Reopen(string code, ReopenSite? body, ClaimsPrincipal user,
        SiteClosures closures, SeedData seeds, CancellationToken cancellationToken)
    {
        if (!seeds.Places.TryGetValue(code, out var place))
            return Problems.NotFound("No such site.", $"There is no site {code}.");
        if (!user.ActsAt(code))
            return OutsideSites(code);
        return await closures.Reopen(code, body ?? new ReopenSite(null), user.OrganisationId(), cancellationToken) switch
        {
            ClosureOutcome.Done(var site) => TypedResults.Ok(SiteView.Of(place, site)),
            ClosureOutcome.Invalid(var errors) => TypedResults.ValidationProblem(errors, title: "The reopening is not valid."),
            ClosureOutcome.Conflict => Problems.Conflict("The site is open.", $"{code} is not closed."),
            _ => throw new InvalidOperationException("Unknown closure outcome."),
        };
    }

    static async Task<Results<Ok<IReadOnlyList<ExpectedView>>, ProblemHttpResult>> Expected(
        string code, ClaimsPrincipal user, SiteReading reading, SeedData seeds, CancellationToken cancellationToken)
    {
        if (!seeds.Places.ContainsKey(code))
            return Problems.NotFound("No such site.", $"There is no site {code}.");
        if (!user.ActsAt(code))
            return OutsideSites(code);
        var expected = await reading.Expected(code, user, cancellationToken);
        return TypedResults.Ok<IReadOnlyList<ExpectedView>>(expected.Select(ExpectedView.From).ToList());
    }

    static async Task<Results<Ok<PagedList<ArrivalRecord>>, ValidationProblem, ProblemHttpResult>> Arrivals(
        string code, int? page, int? pageSize, ClaimsPrincipal user, SiteReading reading, SeedData seeds,
        CancellationToken cancellationToken)
    {
        var (request, errors) = PageRequest.From(page, pageSize);
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors);
        if (!seeds.Places.ContainsKey(code))
            return Problems.NotFound("No such site.", $"There is no site {code}.");
        if (!user.ActsAt(code))
            return OutsideSites(code);
        var (items, total) = await reading.Arrivals(code, request, user, cancellationToken);
        return TypedResults.Ok(new PagedList<ArrivalRecord>(items, request.Page, request.PageSize, total));
    }

    /// <summary>
    /// Logs an arrival — an expected person or a walk-in — with screening and referrals. Where the site is not the
    /// person's destination, an onward request goes to Requests; where it is, the journey ends, and the group is
    /// completed once every member has arrived. One the intake app queued carries its registrant ticket
    /// (<see cref="RegistrantTickets.Header"/>): one that is not a ticket issued by the platform (forged, altered, expired)
    /// is 400, another organisation's 403; when the person it names has been disabled since, the walk-in is held for
    /// review (202 <c>{status: "held"}</c>), not logged, and nothing is announced.
    /// </summary>
    static async Task<Results<Created<ArrivalLogged>, Accepted<SubmissionHeld>, ValidationProblem, ProblemHttpResult>> LogArrival(
        LogArrival body, ClaimsPrincipal user, HttpRequest http, Reception reception, HeldWalkIns held, RegistrantTickets tickets,
        Revocations revocations, ArrivalValidator validator, SeedData seeds, CrisisCatalogue crises, CancellationToken cancellationToken)
    {
        var errors = validator.Validate(body, await crises.Find(body.WalkIn?.CrisisId, cancellationToken));
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors, title: "The arrival is not valid.");
        var site = seeds.Places[body.SiteCode!];
        if (!user.ActsAt(site.Code))
            return OutsideSites(site.Code);

        var caller = Actor.Of(user);
        var sentBy = FieldWorker.Of(caller);
        Registration? registration = null;
        switch (tickets.Check(http, user, revocations))
        {
            case TicketCheck.Refused(var problem):
                return problem;
            case TicketCheck.Disabled(var registrant):
                return HeldReviewApi.Held(await held.Hold(body, registrant, sentBy, cancellationToken));
            case TicketCheck.Valid(var registrant):
                registration = new Registration(registrant.Worker, sentBy);
                break;
        }

        return await reception.LogArrival(body, site, user.OrganisationId(), cancellationToken, registration) switch
        {
            ArrivalOutcome.Logged(var arrival) => TypedResults.Created($"/api/transit/sites/{site.Code}/arrivals",
                new ArrivalLogged(arrival.Id, arrival.PersonId, arrival.OnwardRequestId)),
            ArrivalOutcome.Invalid(var problems) => TypedResults.ValidationProblem(problems, title: "The arrival is not valid."),
            ArrivalOutcome.Closed(var closure) => Problems.Conflict("The site is closed.",
                $"{site.Code} is closed until {closure.Until:yyyy-MM-dd HH:mm} UTC ({closure.Reason}); no one is received there until it opens."),
            ArrivalOutcome.NotExpected => Problems.NotFound("Not expected here.", $"Person {body.PersonId} is not expected at {site.Code}; log them as a walk-in."),
            _ => Problems.Conflict("Already arrived.", $"Person {body.PersonId} was already logged at {site.Code}."),
        };
    }

    /// <summary>
    /// Expected, arrived and missing for a departed movement. Consulates see only their nationals (where the group
    /// consented) among the missing; a transit authority only movements to its own sites.
    /// </summary>
    static async Task<Results<Ok<ReconciliationView>, ProblemHttpResult>> Reconcile(
        Guid manifestId, ClaimsPrincipal user, SiteReading reading, CancellationToken cancellationToken) =>
        await reading.Reconcile(manifestId, user, cancellationToken) is { Reconciliation: var all, Missing: var missing }
            ? TypedResults.Ok(new ReconciliationView(manifestId, all.SiteCode, all.Expected.Count, all.Arrived.Count,
                missing.Select(p => p.PersonId).ToList(), missing.Select(ExpectedView.From).ToList()))
            : Problems.NotFound("No such movement.", $"No departed movement {manifestId} is visible to you.");
}

/// <summary>A site as it stands (<c>GET /api/transit/sites/{code}</c>): <c>status</c> open or closed, the closure in force, the latest closures.</summary>
public sealed record SiteView(string Code, string Name, string Country, string Status, ClosureView? Closure, IReadOnlyList<ClosureView> Closures)
{
    public static SiteView Of(Place place, SiteState state) => new(place.Code, place.Name, place.Country, state.InForce is null ? "open" : "closed",
        state.InForce is { } closure ? ClosureView.Of(closure) : null, [.. state.Latest.Select(ClosureView.Of)]);
}

/// <summary>A closure: from <c>closedAt</c> until <c>until</c>, or <c>reopenedAt</c> when reopened earlier.</summary>
public sealed record ClosureView(Guid Id, DateTimeOffset ClosedAt, DateTimeOffset Until, string Reason, string ClosedBy, DateTimeOffset? ReopenedAt,
    DateTimeOffset EndsAt)
{
    public static ClosureView Of(SiteClosure closure) =>
        new(closure.Id, closure.ClosedAt, closure.Until, closure.Reason, closure.ClosedBy, closure.ReopenedAt, closure.EndsAt);
}

public sealed record ArrivalLogged(Guid ArrivalId, Guid PersonId, Guid? OnwardRequestId);

public sealed record ExpectedView(Guid PersonId, Guid RequestId, Guid ManifestId, string? GivenName, string? FamilyName, string Nationality, DateTimeOffset DepartedAt)
{
    public static ExpectedView From(ExpectedPerson p) => new(p.PersonId, p.RequestId, p.ManifestId, p.GivenName, p.FamilyName, p.Nationality, p.DepartedAt);
}

public sealed record ReconciliationView(Guid ManifestId, string SiteCode, int Expected, int Arrived, IReadOnlyList<Guid> Missing, IReadOnlyList<ExpectedView> MissingPeople);
