using Micic.Identity.Application;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Micic.Identity.Apis;

/// <summary>
/// The OpenID Connect endpoints OpenIddict validates and hands to us: who may have a code or a token is decided by
/// <see cref="TokenDesk"/>; OpenIddict checks the protocol (clients, redirect URIs, PKCE, codes used once) before.
/// </summary>
public static class ConnectApi
{
    public static IEndpointRouteBuilder MapConnectApi(this IEndpointRouteBuilder app)
    {
        var connect = app.MapGroup("/connect").AllowAnonymous().ExcludeFromDescription();
        connect.MapMethods("/authorize", [HttpMethods.Get, HttpMethods.Post], Authorize);
        connect.MapPost("/token", Exchange);
        connect.MapMethods("/logout", [HttpMethods.Get, HttpMethods.Post], SignOut);
        return app;
    }

    /// <summary>A code for the person signed in here; the sign-in page first when nobody is (or the session has ended).</summary>
    static async Task<IResult> Authorize(HttpContext context, TokenDesk desk)
    {
        var request = context.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("Not an OpenID Connect request.");
        var session = await context.AuthenticateAsync(IdentityConstants.ApplicationScheme);
        var principal = session.Succeeded ? await desk.ForSession(session.Principal, request.ClientId!) : null;
        if (principal is null)
        {
            await context.SignOutAsync(IdentityConstants.ApplicationScheme);
            return Results.Challenge(new AuthenticationProperties { RedirectUri = context.Request.PathBase + context.Request.Path + context.Request.QueryString },
                [IdentityConstants.ApplicationScheme]);
        }
        principal.SetScopes(request.GetScopes());
        return Results.SignIn(principal, authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    static async Task<IResult> Exchange(HttpContext context, TokenDesk desk)
    {
        var request = context.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("Not an OpenID Connect request.");
        TokenDecision decision;
        if (request.IsClientCredentialsGrantType())
            decision = desk.ForMachine(request.ClientId!);
        else
        {
            // A code or refresh token OpenIddict has already checked; the person is looked at again, as they are now.
            var granted = await context.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
            decision = await desk.ForGrant(granted.Principal!);
        }
        if (decision.Principal is { } principal)
        {
            if (!request.IsClientCredentialsGrantType())
                principal.SetScopes(decision.Scopes);
            return Results.SignIn(principal, authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        }
        return Results.Forbid(new AuthenticationProperties(new Dictionary<string, string?>
        {
            [OpenIddictServerAspNetCoreConstants.Properties.Error] = request.IsClientCredentialsGrantType() ? Errors.InvalidClient : Errors.InvalidGrant,
            [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = decision.Refusal,
        }), [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
    }

    static async Task<IResult> SignOut(HttpContext context, TokenDesk desk, CancellationToken cancellationToken)
    {
        var session = await context.AuthenticateAsync(IdentityConstants.ApplicationScheme);
        if (session.Succeeded)
            await desk.SignedOut(session.Principal, cancellationToken);
        await context.SignOutAsync(IdentityConstants.ApplicationScheme);
        return Results.SignOut(new AuthenticationProperties { RedirectUri = "/" }, [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
    }
}
