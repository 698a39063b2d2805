using Micic.Gateway.Auth;

namespace Micic.UnitTests.Gateway;

public class AuthValidatorTests
{
    readonly AuthValidator _validator = new();

    [Fact]
    public void Signing_in_needs_both_the_client_id_and_the_secret()
    {
        Assert.Empty(_validator.Validate(new TokenRequest("iom-coordination", "dev-iom-secret")));
        Assert.Equal(["clientId", "clientSecret"], _validator.Validate(new TokenRequest(" ", null)).Keys.Order());
        Assert.Equal(["clientId", "clientSecret"], _validator.Validate(new TokenRequest(new string('x', 201), new string('x', 1001))).Keys.Order());
    }
}
