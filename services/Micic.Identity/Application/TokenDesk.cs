using System.Security.Claims;
using Micic.Identity.Domain;
using Micic.ServiceDefaults.Auth;
using Micic.ServiceDefaults.ReferenceData;
using Microsoft.AspNetCore.Identity;
using OpenIddict.Abstractions;

namespace Micic.Identity.Application;

/// <summary>A token's principal, or why none is given.</summary>
public sealed record TokenDecision(ClaimsPrincipal? Principal, string? Refusal, IEnumerable<string> Scopes)
{
    public static TokenDecision Refused(string why) => new(null, why, []);
}

/// <summary>Who gets a token, and what it says: people as they are at this moment (enabled, their roles now), machine clients unless cut off.</summary>
public sealed class TokenDesk(UserManager<StaffAccount> users, SeedData seeds, RevocationDesk revocations, SignInTrail trail, TimeProvider clock)
{
    /// <summary>
    /// The principal of the person signed in on the provider's pages, or null when that session no longer stands (the
    /// account disabled or its security stamp changed since).
    /// </summary>
    public async Task<ClaimsPrincipal?> ForSession(ClaimsPrincipal session, string clientId)
    {
        return await Holder(session) is { } account
            ? AccessTokens.ForPerson(account, OrganisationOf(account), Methods.ForToken(SessionMethods(session)), clientId)
            : null;
    }

    /// <summary>The person a sign-in session on the provider's pages belongs to, while it stands (enabled, same security stamp).</summary>
    public async Task<StaffAccount?> Holder(ClaimsPrincipal session) =>
        await users.GetUserAsync(session) is { } account && Refusal(account) is null
            && session.FindFirstValue("AspNet.Identity.SecurityStamp") == account.SecurityStamp
            ? account
            : null;

    /// <summary>What the person did to open the session: Identity names a password sign-in with its own claim type, the rest with "amr".</summary>
    public static IReadOnlyList<string> SessionMethods(ClaimsPrincipal session) =>
        session.Claims.Where(claim => claim.Type is MicicClaims.AuthenticationMethods or ClaimTypes.AuthenticationMethod).Select(claim => claim.Value).ToList();

    public TokenDecision ForMachine(string clientId)
    {
        var organisation = seeds.Organisations.Single(o => o.ClientId == clientId);
        if (revocations.Refuses(organisation))
        {
            var revocation = revocations.Of(organisation)!;
            return TokenDecision.Refused($"These credentials have been revoked on {revocation.RevokedAt:u}: {revocation.Reason}. " +
                "Tokens are issued again once the organisation's secret is rotated.");
        }
        return new TokenDecision(AccessTokens.ForMachine(organisation), null, []);
    }

    /// <summary>A code exchanged or a token refreshed: refused once the person is disabled or locked out.</summary>
    public async Task<TokenDecision> ForGrant(ClaimsPrincipal granted)
    {
        if (await users.FindByIdAsync(granted.GetClaim(MicicClaims.Subject) ?? "") is not { } account)
            return TokenDecision.Refused("The account no longer exists.");
        if (Refusal(account) is { } refusal)
            return TokenDecision.Refused(refusal);
        var methods = granted.GetClaims(MicicClaims.AuthenticationMethods).ToList();
        var principal = AccessTokens.ForPerson(account, OrganisationOf(account), methods, granted.GetClaim(MicicClaims.ClientId)!);
        return new TokenDecision(principal, null, granted.GetScopes());
    }

    public async Task SignedOut(ClaimsPrincipal session, CancellationToken cancellationToken)
    {
        if (await users.GetUserAsync(session) is { } account)
            await trail.Record(SignInKind.SignOut, account.UserName!, account, cancellationToken: cancellationToken);
    }

    string? Refusal(StaffAccount account) => account.StatusAt(clock.GetUtcNow()) switch
    {
        AccountStatus.Disabled => "The account is disabled.",
        AccountStatus.Locked => "The account is locked after too many failed sign-ins; try again later.",
        AccountStatus.Invited => "The invitation has not been accepted yet.",
        _ => null,
    };

    Organisation OrganisationOf(StaffAccount account) => seeds.Organisations.Single(o => o.Id == account.OrganisationId);
}
