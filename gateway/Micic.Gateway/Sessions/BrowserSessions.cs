using System.Globalization;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text.Json.Serialization;
using Micic.ServiceDefaults.Auth;
using Micic.ServiceDefaults.Redis;
using Micic.ServiceDefaults.Settings;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Yarp.ReverseProxy.Transforms;
using Yarp.ReverseProxy.Transforms.Builder;

namespace Micic.Gateway.Sessions;

/// <summary>
/// The gateway as backend for frontend: the dashboard and the intake app sign people in through the identity provider
/// (the <c>micic-web</c> client) and hold only a cookie; the tokens stay here, are attached to every call the gateway
/// forwards and renewed before they expire. A call made with the cookie must carry <see cref="CsrfHeader"/>, which another
/// site's page cannot send, and the cookie is not sent by other sites at all (SameSite=Strict).
/// </summary>
public static class BrowserSessions
{
    public const string CookieScheme = "session";
    public const string SignInScheme = "oidc";
    public const string Scheme = "bearer-or-session";
    public const string CsrfHeader = "X-Micic-Csrf";
    public const string WebClient = "micic-web";
    const string CookieName = "micic.session";

    /// <summary>The <c>reason</c> of the 401 answered to a session whose person has been disabled.</summary>
    public const string AccountDisabled = "account-disabled";

    public static WebApplicationBuilder AddBrowserSessions(this WebApplicationBuilder builder)
    {
        // Checked, with the token settings, by AddMicicAuthentication.
        var issuer = builder.Configuration["Auth:Issuer"] ?? "";
        var secret = builder.Configuration[$"Auth:ClientSecrets:{WebClient}"] is { Length: > 0 } configured ? configured
            : builder.Environment.IsDevelopment() ? "dev-web-secret" : null;
        if (secret is null)
            builder.Settings().Add($"{SettingsCheck.Named($"Auth:ClientSecrets:{WebClient}")} is not set: outside Development the gateway's secret at the identity provider must be given, nothing seeded is trusted.");
        secret ??= "";
        // Sessions are read by every gateway replica.
        builder.AddSharedDataProtection("micic-gateway");

        builder.Services.AddAuthentication(options =>
            {
                options.DefaultScheme = Scheme;
                options.DefaultChallengeScheme = Scheme;
            })
            .AddPolicyScheme(Scheme, "A bearer token, else the browser's session", policy => policy.ForwardDefaultSelector = context =>
                context.Request.Headers.Authorization.Count > 0 ? JwtBearerDefaults.AuthenticationScheme : CookieScheme)
            .AddCookie(CookieScheme, cookie =>
            {
                cookie.Cookie.Name = CookieName;
                cookie.Cookie.HttpOnly = true;
                cookie.Cookie.SameSite = SameSiteMode.Strict;
                cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                cookie.ExpireTimeSpan = TimeSpan.FromHours(12);
                cookie.SlidingExpiration = false;
                cookie.Events.OnRedirectToLogin = context => context.HttpContext.Items.ContainsKey(AccountDisabled)
                    ? Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "This account is disabled.",
                        detail: "An administrator of your organisation disabled it; the session has ended.",
                        extensions: new Dictionary<string, object?> { ["reason"] = AccountDisabled }).ExecuteAsync(context.HttpContext)
                    : Refuse(context.Response, StatusCodes.Status401Unauthorized);
                cookie.Events.OnRedirectToAccessDenied = context => Refuse(context.Response, StatusCodes.Status403Forbidden);
                cookie.Events.OnValidatePrincipal = async context =>
                {
                    // A disabled person's (or a revoked organisation's) session ends at once, like their tokens.
                    var revocations = context.HttpContext.RequestServices.GetRequiredService<Revocations>();
                    var issued = context.Properties.IssuedUtc ?? DateTimeOffset.MinValue;
                    if (context.Principal is { } principal && revocations.Refuses(principal, issued))
                    {
                        // Said distinctly, once (the cookie goes with this answer): a device then erases what it keeps for that person.
                        if (principal.FindFirstValue(MicicClaims.Organisation) is { } organisation && !revocations.Refuses(organisation, null, issued))
                            context.HttpContext.Items[AccountDisabled] = true;
                        context.RejectPrincipal();
                        await context.HttpContext.SignOutAsync(CookieScheme);
                    }
                };
            })
            .AddOpenIdConnect(SignInScheme, oidc =>
            {
                oidc.Authority = issuer;
                oidc.RequireHttpsMetadata = issuer.StartsWith("https:", StringComparison.Ordinal);
                oidc.ClientId = WebClient;
                oidc.ClientSecret = secret;
                oidc.ResponseType = "code";
                // The code comes back in the address (PKCE protects it), not as a self-posting form: that form's inline
                // script is what the pages' Content Security Policy forbids.
                oidc.ResponseMode = "query";
                oidc.UsePkce = true;
                oidc.SaveTokens = true;
                oidc.MapInboundClaims = false;
                oidc.Scope.Add("offline_access");
                oidc.SignInScheme = CookieScheme;
                oidc.CallbackPath = "/signin-oidc";
                oidc.SignedOutCallbackPath = "/signout-callback-oidc";
                oidc.TokenValidationParameters.NameClaimType = MicicClaims.Name;
                oidc.TokenValidationParameters.RoleClaimType = MicicClaims.Role;
                // The round trip to the sign-in pages is same-site: these cookies need not be SameSite=None (which browsers drop over HTTP).
                oidc.CorrelationCookie.SameSite = SameSiteMode.Lax;
                oidc.NonceCookie.SameSite = SameSiteMode.Lax;
                // Secure when the gateway is reached over TLS; a local run over plain HTTP would otherwise never get them back.
                oidc.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                oidc.NonceCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                oidc.Events.OnRedirectToIdentityProvider = context =>
                {
                    if (context.Request.Query["lang"] is [{ } language])
                        context.ProtocolMessage.UiLocales = language;
                    return Task.CompletedTask;
                };
            });
        builder.Services.AddSingleton<SessionTokens>();
        return builder;
    }

    /// <summary>
    /// A call to the API made with the session's cookie that changes something must say so with <see cref="CsrfHeader"/>.
    /// The provider's own pages (<c>/account</c>, <c>/connect</c>) are not API calls: their forms carry their own
    /// anti-forgery tokens, and a person whose session cookie lingers must still be able to sign in again.
    /// </summary>
    public static IApplicationBuilder UseCsrfCheck(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (context.Request.Path.StartsWithSegments("/api")
            && !HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method) && !HttpMethods.IsOptions(context.Request.Method)
            && context.Request.Headers.Authorization.Count == 0 && context.Request.Cookies.ContainsKey(CookieName)
            && context.Request.Headers[CsrfHeader] != "1")
        {
            await Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Missing the anti-forgery header.",
                detail: $"Calls made with a browser session that change something carry '{CsrfHeader}: 1'.").ExecuteAsync(context);
            return;
        }
        await next(context);
    });

    /// <summary>The session's access token on every call the gateway forwards for it (the page never sees it).</summary>
    public static void AttachSessionTokens(TransformBuilderContext transforms) => transforms.AddRequestTransform(async transform =>
    {
        var context = transform.HttpContext;
        if (context.Request.Headers.Authorization.Count > 0 || context.User.Identity?.AuthenticationType is null
            || !context.Request.Cookies.ContainsKey(CookieName))
            return;
        if (await context.RequestServices.GetRequiredService<SessionTokens>().Current(context) is { } token)
            transform.ProxyRequest.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
    });

    static Task Refuse(HttpResponse response, int status) =>
        Results.Problem(statusCode: status, title: status == StatusCodes.Status401Unauthorized ? "Sign in first." : "Not allowed.").ExecuteAsync(response.HttpContext);
}

/// <summary>The session's tokens: the access token while it has more than a minute left, else a new one from its refresh token.</summary>
public sealed class SessionTokens(IHttpClientFactory clients, IConfiguration configuration, IHostEnvironment environment, TimeProvider clock)
{
    public async Task<string?> Current(HttpContext context)
    {
        var session = await context.AuthenticateAsync(BrowserSessions.CookieScheme);
        if (!session.Succeeded || session.Properties is not { } properties)
            return null;
        var expiresAt = DateTimeOffset.TryParse(properties.GetTokenValue("expires_at"), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at)
            ? at : DateTimeOffset.MinValue;
        if (expiresAt - clock.GetUtcNow() > TimeSpan.FromMinutes(1))
            return properties.GetTokenValue("access_token");

        using var answer = await clients.CreateClient(Apis.TokenApi.IdentityClient).PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token", ["refresh_token"] = properties.GetTokenValue("refresh_token") ?? "",
            ["client_id"] = BrowserSessions.WebClient,
            ["client_secret"] = configuration[$"Auth:ClientSecrets:{BrowserSessions.WebClient}"] is { Length: > 0 } secret ? secret
                : environment.IsDevelopment() ? "dev-web-secret" : "",
        }));
        if (!answer.IsSuccessStatusCode)
        {
            // Disabled, or the session outlived its refresh token: signed out, and the call goes on without a token (401).
            await context.SignOutAsync(BrowserSessions.CookieScheme);
            return null;
        }
        var renewed = (await answer.Content.ReadFromJsonAsync<Renewed>())!;
        properties.UpdateTokenValue("access_token", renewed.AccessToken);
        if (renewed.RefreshToken is not null)
            properties.UpdateTokenValue("refresh_token", renewed.RefreshToken);
        properties.UpdateTokenValue("expires_at", clock.GetUtcNow().AddSeconds(renewed.ExpiresIn).ToString("o", CultureInfo.InvariantCulture));
        await context.SignInAsync(BrowserSessions.CookieScheme, session.Principal!, properties);
        return renewed.AccessToken;
    }

    sealed record Renewed([property: JsonPropertyName("access_token")] string AccessToken, [property: JsonPropertyName("refresh_token")] string? RefreshToken,
        [property: JsonPropertyName("expires_in")] int ExpiresIn);
}
