using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.IdentityModel.Tokens;

namespace Micic.ServiceDefaults.Auth;

/// <summary>The roles an organisation's credentials carry, as seeds/organisations.json gives them.</summary>
public static class Roles
{
    public const string Coordinator = "coordinator";
    public const string Requester = "requester";
    public const string Offerer = "offerer";
    public const string Consulate = "consulate";
    public const string Transit = "transit";
    public const string Partner = "partner";

    public static readonly IReadOnlyList<string> All = [Coordinator, Requester, Offerer, Consulate, Transit, Partner];
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

/// <summary>Settings under <c>Auth</c>, shared by the gateway (which issues tokens) and every service (which validates them).</summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";

    /// <summary>Base64 HMAC-SHA256 key of at least 32 bytes; the AppHost generates one per data folder.</summary>
    public string SigningKey { get; set; } = "";
    public string Issuer { get; set; } = "micic";
    public string Audience { get; set; } = "micic-api";
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(8);

    public SymmetricSecurityKey SecurityKey()
    {
        byte[] bytes;
        try { bytes = Convert.FromBase64String(SigningKey); }
        catch (FormatException) { bytes = Encoding.UTF8.GetBytes(SigningKey); }
        if (bytes.Length < 32)
            throw new InvalidOperationException("Auth:SigningKey must be set to a key of at least 32 bytes (base64).");
        return new SymmetricSecurityKey(bytes);
    }
}

public static class AuthExtensions
{
    /// <summary>JWT bearer validation of Micic tokens, and one authorisation policy per role.</summary>
    public static IHostApplicationBuilder AddMicicAuthentication(this IHostApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(AuthOptions.Section).Get<AuthOptions>() ?? new AuthOptions();
        var key = options.SecurityKey();
        builder.Services.Configure<AuthOptions>(builder.Configuration.GetSection(AuthOptions.Section));

        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
            .AddJwtBearer(jwt =>
            {
                jwt.MapInboundClaims = false;
                jwt.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuer = options.Issuer,
                    ValidAudience = options.Audience,
                    IssuerSigningKey = key,
                    ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
                    NameClaimType = MicicClaims.Organisation,
                    RoleClaimType = MicicClaims.Role,
                    ClockSkew = TimeSpan.FromSeconds(30),
                };
                jwt.Events = new JwtBearerEvents
                {
                    OnTokenValidated = context =>
                    {
                        var revocations = context.HttpContext.RequestServices.GetRequiredService<Revocations>();
                        if (context.Principal?.FindFirstValue(MicicClaims.Organisation) is { } organisation
                            && revocations.Refuses(organisation, context.SecurityToken.ValidFrom))
                            context.Fail("This organisation's tokens have been revoked.");
                        return Task.CompletedTask;
                    },
                };
            });
        builder.Services.AddSingleton<Revocations>().AddHostedService(services => services.GetRequiredService<Revocations>());

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
