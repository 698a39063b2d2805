using Micic.Gateway.Auth;

namespace Micic.UnitTests.Gateway;

public class AuthValidatorTests
{
    readonly AuthValidator _validator = new(TestSeeds.Data);

    [Fact]
    public void Signing_in_needs_both_the_client_id_and_the_secret()
    {
        Assert.Empty(_validator.Validate(new TokenRequest("iom-coordination", "dev-iom-secret")));
        Assert.Equal(["clientId", "clientSecret"], _validator.Validate(new TokenRequest(" ", null)).Keys.Order());
    }

    [Fact]
    public void A_revocation_names_a_known_organisation_and_says_why()
    {
        Assert.Empty(_validator.Validate(new RevokeOrganisation("consulate-bgd", "Laptop lost at Ras Ajdir")));
        Assert.Equal(["organisationId", "reason"], _validator.Validate(new RevokeOrganisation("no-such-organisation", null)).Keys.Order());
        Assert.Equal(["organisationId"], _validator.Validate(new RevokeOrganisation(null, "lost")).Keys);
        Assert.Equal(["reason"], _validator.Validate(new RevokeOrganisation("consulate-bgd", new string('x', 501))).Keys);
    }
}
