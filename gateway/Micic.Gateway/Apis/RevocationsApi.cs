using System.Security.Claims;
using Micic.Gateway.Auth;
using Micic.ServiceDefaults.Auth;
using Micic.ServiceDefaults.Http;
using Micic.ServiceDefaults.ReferenceData;
using Micic.ServiceDefaults.Redis;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Micic.Gateway.Apis;

/// <summary>
/// Token revocation: a coordinator cuts off an organisation (a consulate's laptop is lost) and every token
/// it holds is refused at once by every gateway replica and every service.
/// </summary>
public static class RevocationsApi
{
    public static IEndpointRouteBuilder MapRevocationsApi(this IEndpointRouteBuilder app)
    {
        var revocations = app.MapGroup("/api/auth/revocations").WithTags("Authentication").RequireAuthorization(Roles.Coordinator);
        revocations.MapPost("/", Revoke);
        revocations.MapGet("/", (Revocations known) => TypedResults.Ok(known.All.Select(RevocationView.From).ToList()));
        return app;
    }

    static async Task<Results<Accepted<RevocationView>, ValidationProblem, ProblemHttpResult>> Revoke(
        RevokeOrganisation body, ClaimsPrincipal user, SeedData seeds, TokenIssuer issuer, Revocations revocations, AuthValidator validator, TimeProvider clock)
    {
        var errors = validator.Validate(body);
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors, title: "The revocation is not valid.");

        var organisation = seeds.Organisations.Single(o => o.Id == body.OrganisationId);
        var revocation = new Revocation(organisation.Id, body.Reason!.Trim(), clock.GetUtcNow(), user.OrganisationId(), issuer.Fingerprint(organisation));
        try
        {
            await revocations.Revoke(revocation);
        }
        catch (Exception exception) when (SharedRedis.IsUnreachable(exception))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Revocations cannot be stored right now.",
                detail: "Redis, where every instance reads revocations from, is unreachable. Nothing was revoked; try again in a moment.");
        }
        return TypedResults.Accepted("/api/auth/revocations", RevocationView.From(revocation));
    }
}


public sealed record RevocationView(string OrganisationId, string Reason, DateTimeOffset RevokedAt, string RevokedBy)
{
    public static RevocationView From(Revocation revocation) =>
        new(revocation.OrganisationId, revocation.Reason, revocation.RevokedAt, revocation.RevokedBy);
}
