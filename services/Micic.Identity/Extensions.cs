using Micic.Identity.Application;
using Micic.Identity.Data;
using Micic.Identity.Domain;
using Micic.Persistence.Data;
using Micic.ServiceDefaults.Auth;
using Micic.ServiceDefaults.Redis;
using Micic.ServiceDefaults.Settings;
using Micic.ServiceDefaults.ReferenceData;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Micic.Identity;

public static class Extensions
{
    public static WebApplicationBuilder AddIdentityServices(this WebApplicationBuilder builder)
    {
        var settings = builder.Settings();
        var seeds = new SeedData(SeedData.FindFolder(builder.Configuration["Seeds:Path"]));
        // Stand-ins while a setting is wrong: the host stops, naming each, before it serves.
        var provider = builder.AddCheckedOptions<ProviderOptions>(ProviderOptions.Section, ProviderOptions.Check);
        var keys = DeploymentSettings.Keys(builder.Configuration, settings, seeds);
        var issuer = settings.PublicUrl("Auth:Issuer", "the gateway's public origin, e.g. https://micic.example.org/") ?? new Uri("http://127.0.0.1/");

        builder.AddMicicDatabase("identitydb", typeof(Extensions).Assembly);
        builder.Services.AddDbContext<IdentityDb>((services, db) => db
            .UseNpgsql(services.GetRequiredService<NpgsqlDataSource>())
            .UseOpenIddict<Guid>());
        // Sign-in, tokens and second factors run on real time, even in an exercise on the crisis clock.
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddHttpContextAccessor();

        // Cookies (the sign-in session, antiforgery) are readable by every replica.
        builder.AddSharedDataProtection("micic-identity");

        builder.Services.AddAuthentication().AddIdentityCookies(cookies => cookies.ApplicationCookie!.Configure(cookie =>
        {
            cookie.Cookie.Name = MicicCookies.ProviderSignIn;
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Lax;
            cookie.LoginPath = "/account/login";
            cookie.ExpireTimeSpan = TimeSpan.FromHours(12);
            cookie.SlidingExpiration = false;
        }));
        builder.Services.AddIdentityCore<StaffAccount>(identity =>
            {
                identity.Lockout.MaxFailedAccessAttempts = provider.FailuresBeforeLockout;
                identity.Lockout.DefaultLockoutTimeSpan = provider.LockoutAfterFailures;
                identity.Lockout.AllowedForNewUsers = true;
                identity.Password.RequiredLength = 12;
                identity.Password.RequireNonAlphanumeric = false;
                identity.Password.RequireUppercase = false;
                identity.Password.RequireDigit = false;
                identity.User.RequireUniqueEmail = false;
                identity.Tokens.ProviderMap[TotpTokenProvider.Name] = new TokenProviderDescriptor(typeof(TotpTokenProvider));
                // Version 3 of Identity's schema keeps passkeys (AspNetUserPasskeys, migration 0002).
                identity.Stores.SchemaVersion = IdentitySchemaVersions.Version3;
            })
            .AddEntityFrameworkStores<IdentityDb>()
            .AddSignInManager();
        builder.Services.AddTransient<TotpTokenProvider>();
        builder.Services.AddPasskeys(builder.Configuration);

        builder.Services.AddOpenIddict()
            .AddCore(core => core.UseEntityFrameworkCore().UseDbContext<IdentityDb>().ReplaceDefaultEntities<Guid>())
            .AddServer(server =>
            {
                server.SetIssuer(issuer);
                server.SetAuthorizationEndpointUris("connect/authorize")
                    .SetTokenEndpointUris("connect/token")
                    .SetRevocationEndpointUris("connect/revoke")
                    .SetEndSessionEndpointUris("connect/logout");
                server.AllowClientCredentialsFlow().AllowAuthorizationCodeFlow().AllowRefreshTokenFlow();
                server.RequireProofKeyForCodeExchange();
                server.RegisterScopes("openid", "profile", "offline_access");
                server.AddSigningKey(keys.Signing).AddEncryptionKey(keys.Encryption);
                // Services read the access token themselves (issuer, audience, signature): a signed JWT, not an encrypted one.
                server.DisableAccessTokenEncryption();
                server.SetAccessTokenLifetime(provider.AccessTokenLifetime).SetRefreshTokenLifetime(provider.RefreshTokenLifetime)
                    .SetAuthorizationCodeLifetime(TimeSpan.FromMinutes(2));
                var aspNetCore = server.UseAspNetCore()
                    .EnableAuthorizationEndpointPassthrough()
                    .EnableTokenEndpointPassthrough()
                    .EnableEndSessionEndpointPassthrough();
                // Behind the gateway the provider is reached over plain HTTP on loopback; TLS ends at the gateway or in front of it.
                if (issuer.Scheme == Uri.UriSchemeHttp)
                    aspNetCore.DisableTransportSecurityRequirement();
            });

        builder.Services.Configure<ForwardedHeadersOptions>(forwarded =>
        {
            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
            forwarded.KnownIPNetworks.Clear();
            forwarded.KnownProxies.Clear();
        });
        builder.Services.AddRazorPages();

        builder.Services.AddScoped<SignInTrail>();
        builder.Services.AddScoped<SignInDesk>();
        builder.Services.AddScoped<TokenDesk>();
        builder.Services.AddScoped<RevocationDesk>();
        builder.Services.AddScoped<AccountAdministration>();
        builder.Services.AddSingleton<AccountValidator>();
        builder.Services.AddHostedService<Seeding>();
        builder.Services.AddHostedService<RevocationRestorer>();
        return builder;
    }

    /// <summary>
    /// Passkeys as ASP.NET Core Identity verifies them, with the person verified on the authenticator every time (a PIN or
    /// a fingerprint): that is what lets a passkey stand in for the password and the code.
    /// </summary>
    static void AddPasskeys(this IServiceCollection services, IConfiguration configuration)
    {
        var settings = configuration.GetSection(PasskeySettings.Section).Get<PasskeySettings>() ?? new PasskeySettings();
        services.AddSingleton(settings);
        services.TryAddScoped<IPasskeyHandler<StaffAccount>, PasskeyHandler<StaffAccount>>();
        services.Configure<IdentityPasskeyOptions>(passkeys =>
        {
            passkeys.ServerDomain = string.IsNullOrWhiteSpace(settings.ServerDomain) ? null : settings.ServerDomain;
            passkeys.UserVerificationRequirement = "required";
            // Discoverable: the sign-in page asks no user name, the authenticator offers the person's own passkeys.
            passkeys.ResidentKeyRequirement = "required";
            passkeys.ValidateOrigin = ceremony => ValueTask.FromResult(PasskeyRules.Accepts(ceremony.Origin, ceremony.CrossOrigin,
                $"{ceremony.HttpContext.Request.Scheme}://{ceremony.HttpContext.Request.Host}", settings.Origins));
        });
        services.AddScoped<PasskeyEnrolment>();
    }
}
