using System.Security.Claims;
using Micic.Funds.Application;
using Micic.Funds.Domain;
using Micic.Persistence.Data;
using Micic.ServiceDefaults;
using Micic.ServiceDefaults.Auth;
using Micic.ServiceDefaults.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Micic.Funds.Apis;

public static class ClaimsApi
{
    public static IEndpointRouteBuilder MapClaimsApi(this IEndpointRouteBuilder app)
    {
        var claims = app.MapGroup("/api/claims").WithTags("Claims");
        claims.MapPost("/", Submit).WithIdempotencyKey<SubmitClaim>().RequireAuthorization(policy => policy.RequireRole(Roles.Transit, Roles.Partner));
        claims.MapGet("/", List).RequireAuthorization(policy => policy.RequireRole(Roles.Transit, Roles.Partner, Roles.Coordinator));
        claims.MapGet("/{id:guid}", Get).RequireAuthorization(policy => policy.RequireRole(Roles.Transit, Roles.Partner, Roles.Coordinator));
        var decisions = claims.MapGroup("/{id:guid}").RequireAuthorization(Roles.Coordinator);
        decisions.MapPost("/approve", Approve);
        decisions.MapPost("/reject", Reject);
        return app;
    }

    /// <summary>A claim for reimbursement; at a site, only one where the claimant works (another State's site is 403).</summary>
    static async Task<Results<Created<ClaimView>, ValidationProblem, ProblemHttpResult>> Submit(
        SubmitClaim body, ClaimsPrincipal user, ClaimValidator validator, ClaimsDesk desk, CancellationToken cancellationToken)
    {
        var (claim, errors) = validator.Validate(body);
        if (claim is null)
            return TypedResults.ValidationProblem(errors, title: "The claim is not valid.");
        if (claim.SiteCode is { } site && !desk.MayClaimAt(user, site))
            return Problems.Forbidden("Not your site.", $"You do not work at {site}: claim for your own sites.");
        var submitted = await desk.Submit(claim, user, cancellationToken);
        return TypedResults.Created($"/api/claims/{submitted.Id}", ClaimView.Of(submitted));
    }

    static async Task<Results<Ok<PagedList<ClaimView>>, ValidationProblem>> List(
        string? status, int? page, int? pageSize, ClaimsPrincipal user, ClaimsDesk desk, CancellationToken cancellationToken)
    {
        var (request, errors) = PageRequest.From(page, pageSize);
        status = new ListFilters(errors).OneOf("status", status, WireNames<ClaimStatus>.All);
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors);
        var (items, total) = await desk.List(user, status is null ? null : WireNames<ClaimStatus>.Parse(status), request, cancellationToken);
        return TypedResults.Ok(new PagedList<ClaimView>(items.Select(ClaimView.Of).ToList(), request.Page, request.PageSize, total));
    }

    static async Task<Results<Ok<ClaimView>, ProblemHttpResult>> Get(Guid id, ClaimsPrincipal user, ClaimsDesk desk, CancellationToken cancellationToken) =>
        await desk.Find(id, user, cancellationToken) is { } claim ? TypedResults.Ok(ClaimView.Of(claim)) : NoSuchClaim(id);

    /// <summary>Approves a pending claim, charging the fund named: in its currency, within its balance and restrictions, or 409 and nothing changes.</summary>
    static async Task<Results<Ok<ClaimView>, ValidationProblem, ProblemHttpResult>> Approve(
        Guid id, ApproveClaim? body, ClaimsPrincipal user, ClaimValidator validator, ClaimsDesk desk, CancellationToken cancellationToken)
    {
        var errors = validator.Validate(body);
        return errors.Count > 0
            ? TypedResults.ValidationProblem(errors, title: "The approval is not valid.")
            : Answer(await desk.Approve(id, body!.FundId!.Value, user, cancellationToken), id, body.FundId.Value);
    }

    static async Task<Results<Ok<ClaimView>, ValidationProblem, ProblemHttpResult>> Reject(
        Guid id, RejectClaim? body, ClaimsPrincipal user, ClaimValidator validator, ClaimsDesk desk, CancellationToken cancellationToken)
    {
        var errors = validator.Validate(body);
        return errors.Count > 0
            ? TypedResults.ValidationProblem(errors, title: "The rejection is not valid.")
            : Answer(await desk.Reject(id, body!.Reason!.Trim(), user, cancellationToken), id, null);
    }

    static Results<Ok<ClaimView>, ValidationProblem, ProblemHttpResult> Answer(ClaimDecision decision, Guid id, Guid? fundId) => decision switch
    {
        ClaimDecision.Taken(var claim) => TypedResults.Ok(ClaimView.Of(claim)),
        ClaimDecision.Refused(var refusal) => Problems.Conflict(refusal.Title, refusal.Detail),
        ClaimDecision.FundMissing => FundsApi.NoSuchFund(fundId ?? Guid.Empty),
        _ => NoSuchClaim(id),
    };

    static ProblemHttpResult NoSuchClaim(Guid id) => Problems.NotFound("No such claim.", $"There is no claim {id} you can see.");
}

public sealed record ClaimView(Guid Id, string OrganisationId, string? SiteCode, string Category, decimal Amount, string Currency, int People,
    DateOnly From, DateOnly To, string? Note, string Status, DateTimeOffset SubmittedAt, Guid? FundId, string? Reason, DateTimeOffset? DecidedAt)
{
    public static ClaimView Of(ReimbursementClaim claim) => new(claim.Id, claim.OrganisationId, claim.SiteCode, claim.Category.WireName(), claim.Amount.Amount,
        claim.Amount.Currency, claim.People, claim.From, claim.To, claim.Note, claim.Status.WireName(), claim.SubmittedAt, claim.FundId, claim.Reason,
        claim.DecidedAt);
}
