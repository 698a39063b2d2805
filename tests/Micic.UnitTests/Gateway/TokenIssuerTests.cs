using System.IdentityModel.Tokens.Jwt;
using Micic.Gateway.Auth;
using Micic.ServiceDefaults.Auth;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Micic.UnitTests.Gateway;

public class TokenIssuerTests
{
    static readonly IOptions<AuthOptions> Key = Options.Create(new AuthOptions { SigningKey = Convert.ToBase64String(new byte[32]) });

    readonly TokenIssuer _issuer = new(TestSeeds.Data, Key, Configuration(), TimeProvider.System);

    static IConfiguration Configuration(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value))).Build();

    [Fact]
    public void Seeded_credentials_authenticate_their_organisation() =>
        Assert.Equal("consulate-bgd", _issuer.Authenticate("consulate-bgd", "dev-bgd-secret")?.Id);

    [Theory]
    [InlineData("consulate-bgd", "dev-egy-secret")]
    [InlineData("nobody", "dev-bgd-secret")]
    [InlineData("consulate-bgd", "")]
    public void Wrong_credentials_authenticate_nobody(string clientId, string secret) =>
        Assert.Null(_issuer.Authenticate(clientId, secret));

    [Fact]
    public void A_secret_set_in_configuration_replaces_the_seeded_one_and_changes_the_fingerprint()
    {
        var rotated = new TokenIssuer(TestSeeds.Data, Key, Configuration(("Auth:ClientSecrets:consulate-bgd", "rotated-after-the-loss")), TimeProvider.System);

        Assert.Null(rotated.Authenticate("consulate-bgd", "dev-bgd-secret"));
        var organisation = rotated.Authenticate("consulate-bgd", "rotated-after-the-loss")!;
        Assert.Equal("consulate-bgd", organisation.Id);
        Assert.NotEqual(_issuer.Fingerprint(organisation), rotated.Fingerprint(organisation));
        Assert.Equal(_issuer.Fingerprint(organisation), _issuer.Fingerprint(organisation));
        Assert.DoesNotContain("rotated", rotated.Fingerprint(organisation)); // the secret itself is never kept
    }

    [Fact]
    public void The_token_carries_roles_and_scopes()
    {
        var organisation = _issuer.Authenticate("transit-tunisia", "dev-tunisia-secret")!;
        var token = new JwtSecurityTokenHandler().ReadJwtToken(_issuer.Issue(organisation));

        Assert.Equal("transit-tun", token.Claims.Single(c => c.Type == MicicClaims.Organisation).Value);
        Assert.Equal(["transit"], token.Claims.Where(c => c.Type == MicicClaims.Role).Select(c => c.Value));
        Assert.Equal(["TN-RAS-AJDIR", "TN-CHOUCHA", "TN-DJERBA-AIRPORT"], token.Claims.Where(c => c.Type == MicicClaims.Site).Select(c => c.Value));
        Assert.Equal("micic-api", token.Audiences.Single());
    }
}
