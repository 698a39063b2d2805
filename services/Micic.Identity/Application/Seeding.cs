using System.Text.Json;
using Micic.Identity.Data;
using Micic.Identity.Domain;
using Micic.ServiceDefaults.ReferenceData;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Micic.Identity.Application;

/// <summary>A development user of <c>seeds/users.json</c>.</summary>
public sealed record SeededUser(string UserName, string Password, string OrganisationId, IReadOnlyList<string> Roles, string? TotpSecret);

/// <summary>
/// At start, after the migrations: the clients (every organisation's machine client with its current secret, the
/// command-line client and the gateway's), and on a fresh database in Development the users of <c>seeds/users.json</c>.
/// Several instances starting together do it once, under an advisory lock.
/// </summary>
public sealed class Seeding(IServiceScopeFactory scopes, NpgsqlDataSource dataSource, SeedData seeds, IConfiguration configuration,
    IHostEnvironment environment, ILogger<Seeding> logger) : IHostedService
{
    const long AdvisoryLockKey = 0x4D49_4349_4349; // "MICICI"

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using (var take = new NpgsqlCommand($"SELECT pg_advisory_lock({AdvisoryLockKey})", connection))
            await take.ExecuteNonQueryAsync(cancellationToken);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var applications = scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>();
            var issuer = new Uri(configuration["Auth:Issuer"]!);
            foreach (var client in Descriptors(issuer))
                await Register(applications, client, cancellationToken);
            if (environment.IsDevelopment())
                await SeedUsers(scope.ServiceProvider, cancellationToken);
        }
        finally
        {
            await using var release = new NpgsqlCommand($"SELECT pg_advisory_unlock({AdvisoryLockKey})", connection);
            await release.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    IEnumerable<OpenIddictApplicationDescriptor> Descriptors(Uri issuer)
    {
        var development = environment.IsDevelopment();
        foreach (var organisation in seeds.Organisations)
        {
            var machine = new OpenIddictApplicationDescriptor
            {
                ClientId = organisation.ClientId, DisplayName = organisation.Name, ClientType = ClientTypes.Confidential,
                ClientSecret = DeploymentSettings.SecretOf(configuration, organisation.ClientId, organisation.ClientSecret, development),
                Permissions = { Permissions.Endpoints.Token, Permissions.Endpoints.Revocation, Permissions.GrantTypes.ClientCredentials },
            };
            yield return machine;
        }

        var cli = new OpenIddictApplicationDescriptor
        {
            ClientId = Clients.Cli, DisplayName = "Micic command line and scripts", ClientType = ClientTypes.Public,
            RedirectUris = { new Uri(Clients.CliRedirect) },
            Requirements = { Requirements.Features.ProofKeyForCodeExchange },
        };
        cli.Permissions.UnionWith(PeoplePermissions);
        yield return cli;

        var web = new OpenIddictApplicationDescriptor
        {
            ClientId = Clients.Web, DisplayName = "Micic dashboard and intake app", ClientType = ClientTypes.Confidential,
            ClientSecret = DeploymentSettings.SecretOf(configuration, Clients.Web, "dev-web-secret", development),
            RedirectUris = { new Uri(issuer, Clients.WebCallbackPath) },
            PostLogoutRedirectUris = { new Uri(issuer, Clients.WebSignedOutPath) },
            Requirements = { Requirements.Features.ProofKeyForCodeExchange },
        };
        web.Permissions.UnionWith(PeoplePermissions);
        yield return web;
    }

    static readonly string[] PeoplePermissions =
    [
        Permissions.Endpoints.Authorization, Permissions.Endpoints.Token, Permissions.Endpoints.Revocation, Permissions.Endpoints.EndSession,
        Permissions.GrantTypes.AuthorizationCode, Permissions.GrantTypes.RefreshToken, Permissions.ResponseTypes.Code,
        Permissions.Scopes.Profile, Permissions.Prefixes.Scope + Scopes.OfflineAccess,
    ];

    /// <summary>Creates the client, or brings it in line: a rotated secret replaces the stored hash, an unchanged one keeps it.</summary>
    static async Task Register(IOpenIddictApplicationManager applications, OpenIddictApplicationDescriptor descriptor, CancellationToken cancellationToken)
    {
        if (await applications.FindByClientIdAsync(descriptor.ClientId!, cancellationToken) is not { } existing)
        {
            await applications.CreateAsync(descriptor, cancellationToken);
            return;
        }
        if (descriptor.ClientSecret is { } secret && await applications.ValidateClientSecretAsync(existing, secret, cancellationToken))
        {
            var stored = new OpenIddictApplicationDescriptor();
            await applications.PopulateAsync(stored, existing, cancellationToken);
            descriptor.ClientSecret = stored.ClientSecret;
        }
        await applications.UpdateAsync(existing, descriptor, cancellationToken);
    }

    async Task SeedUsers(IServiceProvider services, CancellationToken cancellationToken)
    {
        var db = services.GetRequiredService<IdentityDb>();
        if (await db.Users.AnyAsync(cancellationToken))
            return;
        var file = Path.Combine(SeedData.FindFolder(configuration["Seeds:Path"]), "users.json");
        if (!File.Exists(file))
            return;
        var users = JsonSerializer.Deserialize<List<SeededUser>>(await File.ReadAllTextAsync(file, cancellationToken), JsonSerializerOptions.Web) ?? [];
        var manager = services.GetRequiredService<UserManager<StaffAccount>>();
        var clock = services.GetRequiredService<TimeProvider>();
        foreach (var seeded in users)
        {
            var organisation = seeds.Organisations.Single(o => o.Id == seeded.OrganisationId);
            var account = new StaffAccount
            {
                Id = Guid.CreateVersion7(), UserName = seeded.UserName, OrganisationId = organisation.Id, Roles = [.. seeded.Roles],
                TotpSecret = seeded.TotpSecret, CreatedAt = clock.GetUtcNow(), LockoutEnabled = true,
                TwoFactorEnabled = AccountRules.RequiresSecondFactor(organisation, seeded.Roles) || seeded.TotpSecret is not null,
            };
            var created = await manager.CreateAsync(account, seeded.Password);
            if (!created.Succeeded)
                throw new InvalidDataException($"users.json: {seeded.UserName}: {string.Join(" ", created.Errors.Select(e => e.Description))}");
        }
        logger.LogInformation("Seeded {Count} development users from {File}", users.Count, file);
    }
}
