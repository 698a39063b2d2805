using Micic.Gateway.Auth;
using Micic.ServiceDefaults.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Micic.Gateway.Apis;

public static class TokenApi
{
    public const string RateLimitPolicy = "token";

    public static IEndpointRouteBuilder MapTokenApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/auth/token", IssueToken).WithTags("Authentication").AllowAnonymous().RequireRateLimiting(RateLimitPolicy);
        return app;
    }

    static Results<Ok<TokenResponse>, ValidationProblem, ProblemHttpResult> IssueToken(TokenRequest body, TokenIssuer issuer, Revocations revocations,
        AuthValidator validator)
    {
        var errors = validator.Validate(body);
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors);

        if (issuer.Authenticate(body.ClientId!, body.ClientSecret!) is not { } organisation)
            return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Unknown client or wrong secret.");
        if (revocations.Of(organisation.Id) is { } revocation && revocation.SecretFingerprint == issuer.Fingerprint(organisation))
            return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "These credentials have been revoked.",
                detail: $"Revoked on {revocation.RevokedAt:u}: {revocation.Reason}. Tokens are issued again once the organisation's secret is rotated.");

        return TypedResults.Ok(new TokenResponse(
            issuer.Issue(organisation), "Bearer", issuer.ExpiresInSeconds, organisation.Id, organisation.Roles,
            organisation.Nationalities ?? [], organisation.Sites ?? []));
    }
}


public sealed record TokenResponse(
    string AccessToken, string TokenType, int ExpiresIn, string Organisation, IReadOnlyList<string> Roles,
    IReadOnlyList<string> Nationalities, IReadOnlyList<string> Sites);
