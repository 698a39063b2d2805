using System.Security.Claims;
using Micic.Identity.Domain;
using Micic.ServiceDefaults.Auth;
using Micic.ServiceDefaults.ReferenceData;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Micic.Identity.Application;

/// <summary>
/// What a token says about its holder: a person (their id and name, the roles they hold and how they proved who they
/// are) or an organisation's machine client — and, for both, the organisation with its scopes (nationalities, sites).
/// </summary>
public static class AccessTokens
{
    public static ClaimsPrincipal ForPerson(StaffAccount account, Organisation organisation, IReadOnlyList<string> methods, string clientId)
    {
        var identity = Identity(account.Id.ToString(), account.UserName!, organisation, account.Roles, clientId);
        foreach (var method in methods)
            identity.AddClaim(new Claim(MicicClaims.AuthenticationMethods, method));
        return Principal(identity);
    }

    public static ClaimsPrincipal ForMachine(Organisation organisation) =>
        Principal(Identity(organisation.ClientId, organisation.Name, organisation, AccountRules.MachineRoles(organisation), organisation.ClientId));

    static ClaimsIdentity Identity(string subject, string name, Organisation organisation, IEnumerable<string> roles, string clientId)
    {
        var identity = new ClaimsIdentity("micic", MicicClaims.Name, MicicClaims.Role);
        identity.AddClaim(new Claim(MicicClaims.Subject, subject));
        identity.AddClaim(new Claim(MicicClaims.Name, name));
        identity.AddClaim(new Claim(MicicClaims.ClientId, clientId));
        identity.AddClaim(new Claim(MicicClaims.Organisation, organisation.Id));
        identity.AddClaim(new Claim(MicicClaims.OrganisationName, organisation.Name));
        foreach (var role in roles)
            identity.AddClaim(new Claim(MicicClaims.Role, role));
        foreach (var code in organisation.Nationalities ?? [])
            identity.AddClaim(new Claim(MicicClaims.Nationality, code));
        foreach (var code in organisation.Sites ?? [])
            identity.AddClaim(new Claim(MicicClaims.Site, code));
        return identity;
    }

    static ClaimsPrincipal Principal(ClaimsIdentity identity)
    {
        var principal = new ClaimsPrincipal(identity);
        principal.SetResources(Clients.ApiAudience);
        // Everything goes into the access token; the identity token (people only) says who and what they may do, so the
        // gateway's session can tell a page which parts to show without handing it a token.
        principal.SetDestinations(claim => claim.Type is MicicClaims.Subject or MicicClaims.Name or MicicClaims.AuthenticationMethods
                or MicicClaims.Organisation or MicicClaims.OrganisationName or MicicClaims.Role or MicicClaims.Nationality or MicicClaims.Site
            ? [Destinations.AccessToken, Destinations.IdentityToken]
            : [Destinations.AccessToken]);
        return principal;
    }
}
