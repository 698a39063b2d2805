using System.Security.Claims;
using Micic.Contracts;
using Micic.ServiceDefaults.Auth;
using Micic.Persistence.Data;
using Micic.Persistence.Messaging;
using Micic.ServiceDefaults.Http;
using Micic.ServiceDefaults.ReferenceData;
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
        sites.MapGet("/sites/{code}/expected", Expected);
        sites.MapGet("/sites/{code}/arrivals", Arrivals);
        sites.MapPost("/arrivals", LogArrival);
        transit.MapGet("/reconciliation/{manifestId:guid}", Reconcile)
            .RequireAuthorization(policy => policy.RequireRole(Roles.Transit, Roles.Coordinator, Roles.Consulate));
        return app;
    }

    /// <summary>A transit authority acts only at its own sites; coordinators everywhere.</summary>
    static bool ActsAt(this ClaimsPrincipal user, string siteCode) => user.IsCoordinator() || user.Sites().Contains(siteCode);

    static ProblemHttpResult OutsideSites(string siteCode) =>
        TypedResults.Problem(title: "Not your site.", detail: $"You do not act at {siteCode}.", statusCode: StatusCodes.Status403Forbidden);

    static async Task<Results<Ok<IReadOnlyList<ExpectedView>>, ProblemHttpResult>> Expected(
        string code, ClaimsPrincipal user, TransitStore store, SeedData seeds, CancellationToken cancellationToken)
    {
        if (!seeds.Places.ContainsKey(code))
            return Problems.NotFound("No such site.", $"There is no site {code}.");
        if (!user.ActsAt(code))
            return OutsideSites(code);
        var expected = await store.ExpectedAt(code, cancellationToken);
        return TypedResults.Ok<IReadOnlyList<ExpectedView>>(expected.Select(ExpectedView.From).ToList());
    }

    static async Task<Results<Ok<PagedList<ArrivalRecord>>, ValidationProblem, ProblemHttpResult>> Arrivals(
        string code, int? page, int? pageSize, ClaimsPrincipal user, TransitStore store, SeedData seeds,
        CancellationToken cancellationToken)
    {
        var (request, errors) = PageRequest.From(page, pageSize);
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors);
        if (!seeds.Places.ContainsKey(code))
            return Problems.NotFound("No such site.", $"There is no site {code}.");
        if (!user.ActsAt(code))
            return OutsideSites(code);
        var (items, total) = await store.ArrivalsAt(code, request, cancellationToken);
        return TypedResults.Ok(new PagedList<ArrivalRecord>(items, request.Page, request.PageSize, total));
    }

    /// <summary>
    /// Logs an arrival — an expected person or a walk-in — with screening and referrals. Where the site is not the
    /// person's destination, an onward request goes to Requests; where it is, the journey ends, and the group is
    /// completed once every member has arrived.
    /// </summary>
    static async Task<Results<Created<ArrivalLogged>, ValidationProblem, ProblemHttpResult>> LogArrival(
        LogArrival body, ClaimsPrincipal user, DbSession session, TransactionalOutbox outbox, TransitStore store, ArrivalValidator validator, SeedData seeds,
        TimeProvider clock, CancellationToken cancellationToken)
    {
        var errors = validator.Validate(body);
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors, title: "The arrival is not valid.");
        var site = seeds.Places[body.SiteCode!];
        if (!user.ActsAt(site.Code))
            return OutsideSites(site.Code);

        await session.BeginAsync(cancellationToken);
        ExpectedPerson? expected = null;
        if (body.PersonId is { } personId)
        {
            if ((expected = await store.FindExpected(site.Code, personId, cancellationToken)) is null)
                return Problems.NotFound("Not expected here.", $"Person {personId} is not expected at {site.Code}; log them as a walk-in.");
            if (await store.HasArrived(site.Code, personId, cancellationToken))
                return Problems.Conflict("Already arrived.", $"Person {personId} was already logged at {site.Code}.");
        }

        var needs = (body.Screening?.Needs ?? []).Concat(body.WalkIn?.Needs ?? []).Select(need => need!).Distinct().ToList();
        var now = clock.GetUtcNow();
        var arrival = new ArrivalRecord(
            Guid.CreateVersion7(now), site.Code, expected?.PersonId ?? Guid.CreateVersion7(now), expected?.RequestId, expected is null,
            expected?.GivenName ?? body.WalkIn!.GivenName!.Trim(), expected?.FamilyName ?? body.WalkIn!.FamilyName!.Trim(),
            expected?.Nationality ?? body.WalkIn!.Nationality!, body.ArrivedAt!.Value, needs,
            body.Onward is null ? null : Guid.CreateVersion7(now));
        var atDestination = expected is not null && expected.DestinationCountry == site.Country;

        await store.Insert(arrival, expected?.ManifestId, body.Screening?.Notes, user.OrganisationId(),
            (body.Referrals ?? []).Select(referral => (referral!.To!, referral.Consent!.Value)), cancellationToken);
        if (body.Onward is { } onward)
            await RequestOnwardJourney(outbox, store, arrival, expected, body, onward, user, now, cancellationToken);
        if (atDestination)
            foreach (var finished in await store.ReachedDestination(expected!.RequestId, expected.PersonId, arrival.ArrivedAt, cancellationToken))
                await outbox.Publish(new GroupArrivedAtDestination { RequestId = finished, At = arrival.ArrivedAt }, cancellationToken);
        await outbox.Publish(new PersonArrived
        {
            ArrivalId = arrival.Id, SiteCode = site.Code, RequestId = arrival.RequestId, PersonId = arrival.PersonId, WalkIn = arrival.WalkIn,
            Needs = needs.Aggregate(Needs.None, (all, name) => NeedNames.TryParse(name, out var need) ? all | need : all),
            AtDestination = atDestination, ArrivedAt = arrival.ArrivedAt,
        }, cancellationToken);
        await session.CommitAsync(cancellationToken);
        return TypedResults.Created($"/api/transit/sites/{site.Code}/arrivals", new ArrivalLogged(arrival.Id, arrival.PersonId, arrival.OnwardRequestId));
    }

    /// <summary>
    /// Asks Requests, point-to-point, for the onward journey. A known person is copied there from their own request; a
    /// walk-in's details travel in the command, to the one service that will hold them.
    /// </summary>
    static async Task RequestOnwardJourney(TransactionalOutbox outbox, TransitStore store, ArrivalRecord arrival, ExpectedPerson? expected,
        LogArrival body, Onward onward, ClaimsPrincipal user, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var onwardPerson = Guid.CreateVersion7(now);
        var walkIn = body.WalkIn;
        var endpoint = await outbox.SendEndpoint(RequestQueues.OnwardJourneyAddress);
        await endpoint.Send(new OnwardJourneyRequested
        {
            RequestId = arrival.OnwardRequestId!.Value,
            PersonId = onwardPerson,
            FromRequestId = expected?.RequestId,
            FromPersonId = expected?.PersonId,
            Walker = walkIn is null ? null : new Traveller
            {
                GivenName = walkIn.GivenName!.Trim(), FamilyName = walkIn.FamilyName!.Trim(), Sex = walkIn.Sex!, BirthDate = walkIn.BirthDate,
                Age = walkIn.Age, Nationality = walkIn.Nationality!, DocumentKind = walkIn.Document!.Kind!,
                DocumentNumber = walkIn.Document.Number, DocumentExpiresOn = walkIn.Document.ExpiresOn, Needs = arrival.Needs,
            },
            OrganisationId = user.OrganisationId(),
            CrisisId = walkIn?.CrisisId,
            PickupPlace = onward.PickupPlace!,
            DestinationCountry = onward.DestinationCountry!,
            ConsentToShareWithConsulate = onward.ConsentToShareWithConsulate ?? expected?.ConsentToShareWithConsulate ?? false,
            SubmittedAt = now,
        }, cancellationToken);
        await store.ContinueJourney(arrival.OnwardRequestId.Value, onwardPerson, expected?.RequestId, expected?.PersonId, cancellationToken);
    }

    /// <summary>
    /// Expected, arrived and missing for a departed movement. Consulates see only their nationals (where the group
    /// consented) among the missing; a transit authority only movements to its own sites.
    /// </summary>
    static async Task<Results<Ok<ReconciliationView>, ProblemHttpResult>> Reconcile(
        Guid manifestId, ClaimsPrincipal user, TransitStore store, CancellationToken cancellationToken)
    {
        var reconciliation = await store.Reconcile(manifestId, cancellationToken);
        if (reconciliation is null || !(user.IsCoordinator() || user.IsInRole(Roles.Consulate) || user.Sites().Contains(reconciliation.SiteCode)))
            return Problems.NotFound("No such movement.", $"No departed movement {manifestId} is visible to you.");

        var missing = reconciliation.Expected.Where(p => !reconciliation.Arrived.Contains(p.PersonId)).ToList();
        if (!user.IsCoordinator() && !user.Sites().Contains(reconciliation.SiteCode))
        {
            var nationalities = user.Nationalities();
            missing = missing.Where(p => p.ConsentToShareWithConsulate && nationalities.Contains(p.Nationality)).ToList();
        }
        return TypedResults.Ok(new ReconciliationView(manifestId, reconciliation.SiteCode, reconciliation.Expected.Count, reconciliation.Arrived.Count,
            missing.Select(p => p.PersonId).ToList(), missing.Select(ExpectedView.From).ToList()));
    }
}

public sealed record ArrivalLogged(Guid ArrivalId, Guid PersonId, Guid? OnwardRequestId);

public sealed record ExpectedView(Guid PersonId, Guid RequestId, Guid ManifestId, string GivenName, string FamilyName, string Nationality, DateTimeOffset DepartedAt)
{
    public static ExpectedView From(ExpectedPerson p) => new(p.PersonId, p.RequestId, p.ManifestId, p.GivenName, p.FamilyName, p.Nationality, p.DepartedAt);
}

public sealed record ReconciliationView(Guid ManifestId, string SiteCode, int Expected, int Arrived, IReadOnlyList<Guid> Missing, IReadOnlyList<ExpectedView> MissingPeople);
