using System.Security.Cryptography;
using System.Text;
using Micic.Identity.Data;
using Micic.Identity.Domain;
using Micic.ServiceDefaults;
using Micic.ServiceDefaults.Auth;
using Micic.ServiceDefaults.ReferenceData;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;

namespace Micic.Identity.Application;

public sealed record AccountView(Guid Id, string UserName, string OrganisationId, IReadOnlyList<string> Roles, string Mfa, string Status,
    DateTimeOffset? LastSignInAt, DateTimeOffset? DisabledAt, string? DisabledReason)
{
    public static AccountView From(StaffAccount account, bool holdsPasskey, DateTimeOffset now) => new(account.Id, account.UserName!, account.OrganisationId,
        account.Roles, account.SecondFactor(holdsPasskey).WireName(), account.StatusName(now), account.LastSignInAt, account.DisabledAt, account.DisabledReason);
}

public sealed record Invitation(Guid Id, string InviteUrl, DateTimeOffset ExpiresAt);

/// <summary>An organisation's accounts as its admin (or a coordinator) manages them: invite, change roles, disable, enable.</summary>
public sealed class AccountAdministration(IdentityDb db, UserManager<StaffAccount> users, RevocationDesk revocations, SignInTrail trail,
    IOpenIddictTokenManager tokens, IOpenIddictAuthorizationManager authorizations, IConfiguration configuration, IOptions<ProviderOptions> options,
    TimeProvider clock)
{
    /// <summary>Whether <paramref name="actor"/> manages the accounts of <paramref name="organisationId"/>: its own admin, or a coordinator.</summary>
    public static bool Manages(System.Security.Claims.ClaimsPrincipal actor, string organisationId) =>
        actor.IsCoordinator() || actor.IsInRole(Roles.Admin) && actor.OrganisationId() == organisationId;

    public async Task<(IReadOnlyList<AccountView> Items, int Total)> List(string? organisationId, int page, int pageSize, CancellationToken cancellationToken)
    {
        var query = db.Users.AsNoTracking().Where(account => organisationId == null || account.OrganisationId == organisationId);
        var total = await query.CountAsync(cancellationToken);
        var items = await query.OrderBy(account => account.OrganisationId).ThenBy(account => account.NormalizedUserName)
            .Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(cancellationToken);
        var ids = items.Select(account => account.Id).ToList();
        var holders = (await db.UserPasskeys.Where(passkey => ids.Contains(passkey.UserId)).Select(passkey => passkey.UserId).Distinct()
            .ToListAsync(cancellationToken)).ToHashSet();
        var now = clock.GetUtcNow();
        return (items.Select(account => AccountView.From(account, holders.Contains(account.Id), now)).ToList(), total);
    }

    /// <summary>One account as the accounts API shows it.</summary>
    public async Task<AccountView> View(StaffAccount account, CancellationToken cancellationToken) =>
        AccountView.From(account, await db.UserPasskeys.AnyAsync(passkey => passkey.UserId == account.Id, cancellationToken), clock.GetUtcNow());

    public async Task<StaffAccount?> Find(Guid id, CancellationToken cancellationToken) => await db.Users.FindAsync([id], cancellationToken);

    /// <summary>A new account, invited: no password until the invitation is accepted, once, within its lifetime.</summary>
    public async Task<Invitation?> Invite(Organisation organisation, string userName, IReadOnlyList<string> roles, Actor by, CancellationToken cancellationToken)
    {
        if (await users.FindByNameAsync(userName) is not null)
            return null;
        var secret = Base64UrlSecret();
        var account = new StaffAccount
        {
            Id = Guid.CreateVersion7(), UserName = userName, OrganisationId = organisation.Id, Roles = [.. roles], CreatedAt = clock.GetUtcNow(),
            LockoutEnabled = true, InvitationHash = Hash(secret), InvitationExpiresAt = clock.GetUtcNow() + options.Value.InvitationLifetime,
        };
        trail.Add(SignInKind.Invited, userName, account, detail: string.Join(' ', roles), by: by.Name);
        var created = await users.CreateAsync(account);
        if (!created.Succeeded)
            return null;
        var url = new Uri(new Uri(configuration["Auth:Issuer"]!), $"account/invitation?token={account.Id:N}.{secret}");
        return new Invitation(account.Id, url.ToString(), account.InvitationExpiresAt.Value);
    }

    public async Task ChangeRoles(StaffAccount account, IReadOnlyList<string> roles)
    {
        account.Roles = [.. roles];
        // Tokens already issued carry the old roles for at most their 10 minutes; refreshes and new sign-ins carry the new ones.
        await users.UpdateAsync(account);
    }

    /// <summary>Within a second every token and session of this person is refused everywhere; refresh tokens and sign-in sessions end.</summary>
    public async Task Disable(StaffAccount account, string reason, Actor by, CancellationToken cancellationToken)
    {
        account.DisabledAt = clock.GetUtcNow();
        account.DisabledReason = reason;
        trail.Add(SignInKind.Disabled, account.UserName!, account, detail: reason, by: by.Name);
        await users.UpdateAsync(account);
        await users.UpdateSecurityStampAsync(account); // the provider's own sign-in session ends with it
        await revocations.RevokePerson(account, reason, by, cancellationToken);
        var subject = account.Id.ToString();
        await tokens.RevokeAsync(subject, client: null, status: null, type: null, cancellationToken);
        await authorizations.RevokeAsync(subject, client: null, status: null, type: null, cancellationToken);
    }

    public async Task Enable(StaffAccount account, string reason, Actor by)
    {
        account.DisabledAt = null;
        account.DisabledReason = null;
        trail.Add(SignInKind.Enabled, account.UserName!, account, detail: reason, by: by.Name);
        await users.UpdateAsync(account);
        await users.ResetAccessFailedCountAsync(account);
        await users.SetLockoutEndDateAsync(account, null);
    }

    /// <summary>The account an invitation link names, while the link is good: unused and within its lifetime.</summary>
    public async Task<StaffAccount?> Invited(string? token)
    {
        if (token is null || token.Split('.') is not [var id, var secret] || !Guid.TryParseExact(id, "N", out var accountId)
            || await users.FindByIdAsync(accountId.ToString()) is not { } account
            || account.InvitationHash is null || account.InvitationExpiresAt <= clock.GetUtcNow() || account.DisabledAt is not null
            || !CryptographicOperations.FixedTimeEquals(Convert.FromHexString(account.InvitationHash), Convert.FromHexString(Hash(secret))))
            return null;
        return account;
    }

    /// <summary>Sets the password and the authenticator, and spends the invitation.</summary>
    public async Task<IdentityResult> Accept(StaffAccount account, string password, string totpSecret, long step)
    {
        account.InvitationHash = null;
        account.InvitationExpiresAt = null;
        account.TotpSecret = totpSecret;
        account.TotpLastStep = step;
        account.TwoFactorEnabled = true;
        trail.Add(SignInKind.InvitationAccepted, account.UserName!, account);
        var result = await users.AddPasswordAsync(account, password);
        return result;
    }

    static string Base64UrlSecret() => Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));

    static string Hash(string secret) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
}
