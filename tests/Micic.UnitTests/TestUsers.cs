using System.Security.Claims;
using Micic.ServiceDefaults.Auth;

namespace Micic.UnitTests;

/// <summary>Callers as their tokens describe them: an organisation, a role and, for a consulate, the nationalities it speaks for.</summary>
static class TestUsers
{
    public static ClaimsPrincipal User(string organisation, string role, params string[] nationalities) =>
        new(new ClaimsIdentity(
            [new Claim(MicicClaims.Organisation, organisation), new Claim(ClaimTypes.Role, role),
             .. nationalities.Select(n => new Claim(MicicClaims.Nationality, n))], "test"));
}
