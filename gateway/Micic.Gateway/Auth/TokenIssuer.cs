using System.IdentityModel.Tokens.Jwt;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Micic.ServiceDefaults.Auth;
using Micic.ServiceDefaults.ReferenceData;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Micic.Gateway.Auth;

/// <summary>
/// Issues signed JWTs to the organisations of <c>seeds/organisations.json</c> for their client credentials. A deployment
/// sets (and rotates) an organisation's secret with <c>Auth:ClientSecrets:{clientId}</c>; the seeded ones are for local runs.
/// </summary>
public sealed class TokenIssuer(SeedData seeds, IOptions<AuthOptions> options, IConfiguration configuration, TimeProvider clock)
{
    readonly SigningCredentials _credentials = new(options.Value.SecurityKey(), SecurityAlgorithms.HmacSha256);

    /// <summary>The organisation whose credentials these are, or null. Secrets are compared in constant time.</summary>
    public Organisation? Authenticate(string clientId, string clientSecret)
    {
        var organisation = seeds.Organisations.FirstOrDefault(o => o.ClientId == clientId);
        var expected = SHA256.HashData(Encoding.UTF8.GetBytes(organisation is null ? Guid.NewGuid().ToString() : SecretOf(organisation)));
        var given = SHA256.HashData(Encoding.UTF8.GetBytes(clientSecret));
        return CryptographicOperations.FixedTimeEquals(expected, given) ? organisation : null;
    }

    public string Issue(Organisation organisation)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var claims = new List<Claim>
        {
            new(JwtRegisteredClaimNames.Sub, organisation.Id),
            new(MicicClaims.Organisation, organisation.Id),
            new(MicicClaims.OrganisationName, organisation.Name),
            new(JwtRegisteredClaimNames.Jti, Guid.NewGuid().ToString()),
        };
        claims.AddRange(organisation.Roles.Select(role => new Claim(MicicClaims.Role, role)));
        claims.AddRange((organisation.Nationalities ?? []).Select(code => new Claim(MicicClaims.Nationality, code)));
        claims.AddRange((organisation.Sites ?? []).Select(code => new Claim(MicicClaims.Site, code)));

        var token = new JwtSecurityToken(options.Value.Issuer, options.Value.Audience, claims, now, now + options.Value.TokenLifetime, _credentials);
        return new JwtSecurityTokenHandler().WriteToken(token);
    }

    public int ExpiresInSeconds => (int)options.Value.TokenLifetime.TotalSeconds;

    /// <summary>
    /// Which credentials are in force, without keeping the secret: a revocation remembers it, and tokens are issued again
    /// once the secret has been rotated.
    /// </summary>
    public string Fingerprint(Organisation organisation) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(options.Value.SecurityKey().Key, Encoding.UTF8.GetBytes(SecretOf(organisation))));

    string SecretOf(Organisation organisation) => configuration[$"Auth:ClientSecrets:{organisation.ClientId}"] ?? organisation.ClientSecret;
}
