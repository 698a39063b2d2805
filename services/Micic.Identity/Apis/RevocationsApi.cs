using System.Security.Claims;
using Micic.Identity.Application;
using Micic.Identity.Domain;
using Micic.ServiceDefaults.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Micic.Identity.Apis;

/// <summary>
/// Token revocation: a coordinator cuts off an organisation (a consulate's laptop is lost) and every token it holds is
/// refused at once by every gateway replica and every service; its machine client gets tokens again once its secret is rotated.
/// </summary>
public static class RevocationsApi
{
    public static IEndpointRouteBuilder MapRevocationsApi(this IEndpointRouteBuilder app)
    {
        var revocations = app.MapGroup("/api/auth/revocations").WithTags("Authentication").RequireAuthorization(Roles.Coordinator);
        revocations.MapPost("/", Revoke);
        revocations.MapGet("/", (Revocations known) => TypedResults.Ok(known.All.Where(r => r.UserId is null).Select(RevocationView.From).ToList()));
        return app;
    }

    static async Task<Results<Accepted<RevocationView>, ValidationProblem>> Revoke(RevokeOrganisation body, ClaimsPrincipal user, AccountValidator validator,
        RevocationDesk desk, CancellationToken cancellationToken)
    {
        var errors = validator.Validate(body);
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors, title: "The revocation is not valid.");
        var revocation = await desk.RevokeOrganisation(validator.Organisation(body.OrganisationId)!, body.Reason!.Trim(), Actor.Of(user), cancellationToken);
        return TypedResults.Accepted("/api/auth/revocations", RevocationView.From(revocation));
    }
}

public sealed record RevocationView(string OrganisationId, string Reason, DateTimeOffset RevokedAt, string RevokedBy)
{
    public static RevocationView From(Revocation revocation) =>
        new(revocation.OrganisationId, revocation.Reason, revocation.RevokedAt, revocation.RevokedBy);
}
