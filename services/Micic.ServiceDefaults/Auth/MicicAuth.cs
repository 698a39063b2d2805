using System.Security.Claims;
using System.Security.Cryptography;
using Micic.ServiceDefaults.Settings;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Micic.ServiceDefaults.Auth;

/// <summary>The roles of seeds/organisations.json; a person holds some of their organisation's.</summary>
public static class Roles
{
    public const string Coordinator = "coordinator";
    public const string Requester = "requester";
    public const string Offerer = "offerer";
    public const string Consulate = "consulate";
    public const string Transit = "transit";
    public const string Partner = "partner";

    /// <summary>Manages its own organisation's accounts; held by people only, never by a machine client.</summary>
    public const string Admin = "admin";

    public static readonly IReadOnlyList<string> All = [Coordinator, Requester, Offerer, Consulate, Transit, Partner, Admin];
}

/// <summary>Claim names in Micic's tokens.</summary>
public static class MicicClaims
{
    /// <summary>The person's id, or a machine client's id.</summary>
    public const string Subject = "sub";
    /// <summary>The person's user name, or the machine client's organisation name.</summary>
    public const string Name = "name";
    /// <summary>The client the token was issued to; a machine client's token names itself as its subject.</summary>
    public const string ClientId = "client_id";
    /// <summary>How the person proved who they are (RFC 8176: <c>pwd</c>, <c>otp</c>, <c>mfa</c>, <c>hwk</c>).</summary>
    public const string AuthenticationMethods = "amr";
    public const string Organisation = "org";
    public const string OrganisationName = "org_name";
    public const string Role = "role";
    public const string Nationality = "nationality";
    public const string Site = "site";
}

/// <summary>The cookies of the browser's sessions, all on the gateway's origin.</summary>
public static class MicicCookies
{
    /// <summary>The identity provider's own sign-in (its pages remember the person for the next client that asks).</summary>
    public const string ProviderSignIn = "micic.signin";
}

/// <summary>
/// Settings under <c>Auth</c>, read by the gateway and every service to check the identity provider's tokens. Only the
/// provider holds the private key; everyone else is given its public keys.
/// </summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";

    /// <summary>The provider's origin as clients see it (the gateway's), e.g. <c>https://micic.example.org/</c>.</summary>
    public string Issuer { get; set; } = "";

    public string Audience { get; set; } = "micic-api";

    /// <summary>
    /// The public keys tokens may be signed with, as PEM (several during a key rotation). The AppHost gives the provider's
    /// own; a deployment gives the public half of the key it gives the provider.
    /// </summary>
    public string SigningKeys { get; set; } = "";

    public IReadOnlyList<SecurityKey> PublicKeys()
    {
        const string begin = "-----BEGIN PUBLIC KEY-----";
        var blocks = SigningKeys.Split(begin, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(block => block.Length > 0).Select(block => begin + "\n" + block).ToList();
        if (blocks.Count == 0)
            throw new InvalidOperationException("Auth:SigningKeys must hold the identity provider's public key (PEM).");
        return blocks.Select(pem =>
        {
            var rsa = RSA.Create();
            rsa.ImportFromPem(pem);
            return (SecurityKey)new RsaSecurityKey(rsa) { KeyId = KeyIds.Of(rsa) };
        }).ToList();
    }
}

/// <summary>A key's id: the base64url SHA-256 of its public part, the same wherever it is computed.</summary>
public static class KeyIds
{
    public static string Of(RSA rsa) => Base64UrlEncoder.Encode(SHA256.HashData(rsa.ExportSubjectPublicKeyInfo()))[..16];
}

public static class AuthExtensions
{
    /// <summary>
    /// JWT bearer validation of the identity provider's tokens (issuer, audience, lifetime and an RS256 signature by one
    /// of its keys; nothing else, <c>alg: none</c> included), revocations of organisations and people, and one
    /// authorisation policy per role.
    /// </summary>
    public static IHostApplicationBuilder AddMicicAuthentication(this IHostApplicationBuilder builder)
    {
        var settings = builder.Settings();
        var options = settings.Section<AuthOptions>(AuthOptions.Section,
            auth => [string.IsNullOrWhiteSpace(auth.Audience) ? $"{SettingsCheck.Named($"{AuthOptions.Section}:Audience")} must not be empty." : null]);
        settings.PublicUrl($"{AuthOptions.Section}:Issuer", "the identity provider's origin as clients see it (the gateway's), e.g. https://micic.example.org/");
        var keys = settings.Readable($"{AuthOptions.Section}:SigningKeys", "the identity provider's public key (PEM, BEGIN PUBLIC KEY; several during a key rotation)",
            _ => options.PublicKeys()) ?? [];
        builder.Services.Configure<AuthOptions>(builder.Configuration.GetSection(AuthOptions.Section));

        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
            .AddJwtBearer(jwt =>
            {
                jwt.MapInboundClaims = false;
                // Tokens expire in real time, even on an exercise's crisis clock.
                jwt.TimeProvider = TimeProvider.System;
                jwt.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuer = options.Issuer,
                    ValidAudience = options.Audience,
                    IssuerSigningKeys = keys,
                    ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
                    NameClaimType = MicicClaims.Name,
                    RoleClaimType = MicicClaims.Role,
                    RequireExpirationTime = true,
                    RequireSignedTokens = true,
                    ClockSkew = TimeSpan.FromSeconds(30),
                };
                jwt.Events = new JwtBearerEvents
                {
                    OnTokenValidated = context =>
                    {
                        var revocations = context.HttpContext.RequestServices.GetRequiredService<Revocations>();
                        // The provider's tokens say when they were issued (iat) and carry no nbf.
                        var issuedAt = context.SecurityToken is JsonWebToken { IssuedAt: var iat } && iat != DateTime.MinValue ? iat : context.SecurityToken.ValidFrom;
                        if (context.Principal is { } principal && revocations.Refuses(principal, new DateTimeOffset(issuedAt, TimeSpan.Zero)))
                            context.Fail("This token has been revoked.");
                        return Task.CompletedTask;
                    },
                };
            });
        builder.Services.AddSingleton<Revocations>().AddHostedService(services => services.GetRequiredService<Revocations>());
        builder.Services.AddHealthChecks().AddCheck<RevocationsLoaded>("revocations", tags: ["ready"]);

        var authorization = builder.Services.AddAuthorizationBuilder();
        foreach (var role in Roles.All)
            authorization.AddPolicy(role, policy => policy.RequireRole(role));
        return builder;
    }

    public static string OrganisationId(this ClaimsPrincipal user) =>
        user.FindFirstValue(MicicClaims.Organisation) ?? throw new InvalidOperationException("The token names no organisation.");

    public static bool IsCoordinator(this ClaimsPrincipal user) => user.IsInRole(Roles.Coordinator);

    public static IReadOnlySet<string> Nationalities(this ClaimsPrincipal user) =>
        user.FindAll(MicicClaims.Nationality).Select(claim => claim.Value).ToHashSet();

    public static IReadOnlySet<string> Sites(this ClaimsPrincipal user) =>
        user.FindAll(MicicClaims.Site).Select(claim => claim.Value).ToHashSet();
}
