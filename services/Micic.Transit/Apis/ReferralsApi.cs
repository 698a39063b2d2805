using System.Security.Claims;
using Micic.ServiceDefaults;
using Micic.ServiceDefaults.Auth;
using Micic.ServiceDefaults.Http;
using Micic.ServiceDefaults.ReferenceData;
using Micic.Transit.Application;
using Micic.Transit.Data;
using Micic.Transit.Domain;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Micic.Transit.Apis;

public static class ReferralsApi
{
    public static IEndpointRouteBuilder MapReferralsApi(this IEndpointRouteBuilder app)
    {
        var referrals = app.MapGroup("/api/referrals").WithTags("Referrals")
            .RequireAuthorization(policy => policy.RequireRole(Roles.Transit, Roles.Coordinator, Roles.Partner));
        referrals.MapGet("/partners", Partners);
        referrals.MapGet("/", List);
        var work = referrals.MapGroup("/{id:guid}").RequireAuthorization(Roles.Partner);
        work.MapPost("/accept", Accept);
        work.MapPost("/decline", Decline);
        work.MapPost("/complete", Complete);
        return app;
    }

    /// <summary>
    /// Referrals, oldest first: a partner's own (with the person, as far as the service needs), a transit authority's
    /// sites' (without), or all for coordinators.
    /// </summary>
    static async Task<Results<Ok<PagedList<ReferralView>>, ValidationProblem, ProblemHttpResult>> List(
        string? status, string? service, string? siteCode, int? page, int? pageSize, ClaimsPrincipal user, ReferralDesk desk, SeedData seeds,
        CancellationToken cancellationToken)
    {
        var (request, errors) = PageRequest.From(page, pageSize);
        var filters = new ListFilters(errors);
        status = filters.OneOf("status", status, WireNames<ReferralStatus>.All);
        service = filters.OneOf("service", service, WireNames<ReferralService>.All);
        siteCode = filters.Place("siteCode", siteCode, seeds);
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors);
        // As everywhere in Transit, another State's site is named as refused, not answered with an empty list.
        if (siteCode is not null && user.IsInRole(Roles.Transit) && !user.ActsAt(siteCode))
            return TransitApi.OutsideSites(siteCode);

        var (items, total) = await desk.List(user, status is null ? null : WireNames<ReferralStatus>.Parse(status),
            service is null ? null : WireNames<ReferralService>.Parse(service), siteCode, request, cancellationToken);
        var showPerson = user.IsInRole(Roles.Partner) && !user.IsCoordinator();
        return TypedResults.Ok(new PagedList<ReferralView>(items.Select(referral => ReferralView.From(referral, showPerson)).ToList(),
            request.Page, request.PageSize, total));
    }

    static async Task<Results<Ok<ReferralView>, ValidationProblem, ProblemHttpResult>> Accept(
        Guid id, ClaimsPrincipal user, ReferralDesk desk, CancellationToken cancellationToken) =>
        Answer(await desk.Accept(id, user, cancellationToken), id);

    static async Task<Results<Ok<ReferralView>, ValidationProblem, ProblemHttpResult>> Decline(
        Guid id, DeclineReferral? body, ClaimsPrincipal user, ReferralDesk desk, ReferralStepValidator validator, CancellationToken cancellationToken)
    {
        var errors = validator.Validate(body);
        return errors.Count > 0
            ? TypedResults.ValidationProblem(errors, title: "The decline is not valid.")
            : Answer(await desk.Decline(id, user, cancellationToken), id);
    }

    static async Task<Results<Ok<ReferralView>, ValidationProblem, ProblemHttpResult>> Complete(
        Guid id, CompleteReferral? body, ClaimsPrincipal user, ReferralDesk desk, ReferralStepValidator validator, CancellationToken cancellationToken)
    {
        var errors = validator.Validate(body);
        return errors.Count > 0
            ? TypedResults.ValidationProblem(errors, title: "The outcome is not valid.")
            : Answer(await desk.Complete(id, body!.Outcome!.Trim(), user, cancellationToken), id);
    }

    // What a partner sees after its own step: the referral, without the person once it has moved on to another partner.
    static Results<Ok<ReferralView>, ValidationProblem, ProblemHttpResult> Answer(ReferralStep step, Guid id) => step switch
    {
        ReferralStep.Taken(var referral) => TypedResults.Ok(ReferralView.From(referral, showPerson: false)),
        ReferralStep.Refused(var refusal) => Problems.Conflict(refusal.Title, refusal.Detail),
        _ => Problems.NotFound("No such referral.", $"No referral {id} is routed to you."),
    };

    /// <summary>
    /// The roster: partners offering a service (or any), covering a site (at the site itself, or anywhere in its
    /// country), in the order referrals are routed to them.
    /// </summary>
    static Results<Ok<IReadOnlyList<PartnerView>>, ValidationProblem> Partners(string? service, string? siteCode, SeedData seeds)
    {
        var errors = new Dictionary<string, string[]>();
        var filters = new ListFilters(errors);
        service = filters.OneOf("service", service, WireNames<ReferralService>.All);
        siteCode = filters.Place("siteCode", siteCode, seeds);
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors);

        var wanted = service is null ? Enum.GetValues<ReferralService>() : [WireNames<ReferralService>.Parse(service)];
        var site = siteCode is null ? null : seeds.Places[siteCode];
        var partners = Partner.Roster(seeds).Where(partner => wanted.Any(offered =>
                site is null ? partner.Services.Contains(offered) : partner.CoversAtSite(offered, site.Code) || partner.CoversInCountry(offered, site.Country)))
            .Select(PartnerView.From).ToList();
        return TypedResults.Ok<IReadOnlyList<PartnerView>>(partners);
    }
}

public sealed record ReferralView(
    Guid Id, string Service, string Status, string SiteCode, string? PartnerId, DateTimeOffset CreatedAt, DateTimeOffset DueBy,
    bool BestInterestAssessment, string? Outcome, PersonView? Person)
{
    public static ReferralView From(StoredReferral referral, bool showPerson) => new(
        referral.Id, referral.Service.WireName(), referral.Status.WireName(), referral.SiteCode, referral.PartnerId, referral.CreatedAt, referral.DueBy,
        referral.BestInterestAssessment, referral.Outcome,
        showPerson
            ? new PersonView(referral.PersonId, referral.Person.GivenName, referral.Person.FamilyName, referral.Person.Age, referral.Person.Sex,
                referral.Person.Nationality, ReferralNeeds.For(referral.Service, referral.Person.Needs), referral.SiteCode)
            : null);
}

/// <summary>The person as a partner is told of them: nothing beyond what the service needs.</summary>
public sealed record PersonView(Guid PersonId, string? GivenName, string? FamilyName, int? Age, string? Sex, string Nationality,
    IReadOnlyList<string> Needs, string SiteCode);

public sealed record PartnerView(string OrganisationId, string Name, IReadOnlyList<string> Services, IReadOnlyList<string> Sites, IReadOnlyList<string> Countries)
{
    public static PartnerView From(Partner partner) =>
        new(partner.OrganisationId, partner.Name, partner.Services.Select(service => service.WireName()).ToList(), partner.Sites, partner.Countries);
}
