using System.Net.Http.Json;
using System.Text.Json.Serialization;
using Micic.Gateway.Auth;
using Micic.ServiceDefaults.Auth;
using Micic.ServiceDefaults.ReferenceData;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Micic.Gateway.Apis;

/// <summary>
/// <c>POST /api/auth/token</c>: the shortcut of an organisation's machine client to the identity provider's
/// <c>client_credentials</c> grant, answered with the organisation's scopes beside the token. The provider decides;
/// this only translates.
/// </summary>
public static class TokenApi
{
    public const string RateLimitPolicy = "token";
    public const string IdentityClient = "identity";

    public static IEndpointRouteBuilder MapTokenApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/auth/token", IssueToken).WithTags("Authentication").AllowAnonymous().RequireRateLimiting(RateLimitPolicy);
        return app;
    }

    static async Task<Results<Ok<TokenResponse>, ValidationProblem, ProblemHttpResult>> IssueToken(TokenRequest body, AuthValidator validator,
        IHttpClientFactory clients, SeedData seeds, CancellationToken cancellationToken)
    {
        var errors = validator.Validate(body);
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors);

        using var answer = await clients.CreateClient(IdentityClient).PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials", ["client_id"] = body.ClientId!, ["client_secret"] = body.ClientSecret!,
        }), cancellationToken);
        if (!answer.IsSuccessStatusCode)
        {
            var refusal = await answer.Content.ReadFromJsonAsync<ProviderError>(cancellationToken);
            return answer.StatusCode is System.Net.HttpStatusCode.BadRequest or System.Net.HttpStatusCode.Unauthorized or System.Net.HttpStatusCode.Forbidden
                ? TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized,
                    title: refusal?.Description?.StartsWith("These credentials have been revoked", StringComparison.Ordinal) == true
                        ? "These credentials have been revoked." : "Unknown client or wrong secret.",
                    detail: refusal?.Description)
                : TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "The identity provider cannot issue tokens right now.");
        }
        var token = (await answer.Content.ReadFromJsonAsync<ProviderToken>(cancellationToken))!;
        var organisation = seeds.Organisations.Single(o => o.ClientId == body.ClientId);
        return TypedResults.Ok(new TokenResponse(token.AccessToken, "Bearer", token.ExpiresIn, organisation.Id,
            organisation.Roles.Where(role => role != Roles.Admin).ToList(), organisation.Nationalities ?? [], organisation.Sites ?? []));
    }

    sealed record ProviderToken([property: JsonPropertyName("access_token")] string AccessToken, [property: JsonPropertyName("expires_in")] int ExpiresIn);

    sealed record ProviderError([property: JsonPropertyName("error")] string? Error, [property: JsonPropertyName("error_description")] string? Description);
}

public sealed record TokenResponse(
    string AccessToken, string TokenType, int ExpiresIn, string Organisation, IReadOnlyList<string> Roles,
    IReadOnlyList<string> Nationalities, IReadOnlyList<string> Sites);
