using System.Security.Claims;
using Micic.Gateway.Sessions;
using Micic.ServiceDefaults.Auth;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Micic.Gateway.Apis;

/// <summary>The browser's session: sign in (through the identity provider's pages), who is signed in, sign out.</summary>
public static class SessionApi
{
    public static IEndpointRouteBuilder MapSessionApi(this IEndpointRouteBuilder app)
    {
        var session = app.MapGroup("/api/session").WithTags("Authentication");
        session.MapGet("/login", SignIn).AllowAnonymous();
        session.MapGet("/", Current).RequireAuthorization();
        session.MapPost("/logout", (Delegate)SignOut).RequireAuthorization();
        return app;
    }

    /// <summary>Starts the sign-in; afterwards the browser returns to <paramref name="returnUrl"/>, which must be a page of Micic.</summary>
    static IResult SignIn(string? returnUrl, HttpContext context) =>
        Results.Challenge(new AuthenticationProperties { RedirectUri = returnUrl is { Length: > 0 } && IsLocal(returnUrl) ? returnUrl : "/" },
            [BrowserSessions.SignInScheme]);

    /// <summary>Who is signed in and what they may do, so a page shows only what the person can use; never a token.</summary>
    static Ok<SessionView> Current(ClaimsPrincipal user) => TypedResults.Ok(new SessionView(
        user.FindFirstValue(MicicClaims.Subject)!, user.Identity?.Name ?? "", user.FindFirstValue(MicicClaims.Organisation) ?? "",
        user.FindFirstValue(MicicClaims.OrganisationName) ?? "", Values(user, MicicClaims.Role), Values(user, MicicClaims.Nationality),
        Values(user, MicicClaims.Site), Values(user, MicicClaims.AuthenticationMethods)));

    static List<string> Values(ClaimsPrincipal user, string claim) => user.FindAll(claim).Select(found => found.Value).ToList();

    static async Task<NoContent> SignOut(HttpContext context)
    {
        await context.SignOutAsync(BrowserSessions.CookieScheme);
        // The provider's sign-in ends in this browser too (same origin): otherwise "Sign in" would take the next person
        // at this laptop straight back into the session without a password.
        context.Response.Cookies.Delete(MicicCookies.ProviderSignIn, new CookieOptions { Path = "/", HttpOnly = true, SameSite = SameSiteMode.Lax });
        return TypedResults.NoContent();
    }

    static bool IsLocal(string url) => url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal);
}

public sealed record SessionView(string Id, string Name, string OrganisationId, string OrganisationName, IReadOnlyList<string> Roles,
    IReadOnlyList<string> Nationalities, IReadOnlyList<string> Sites, IReadOnlyList<string> Methods);
