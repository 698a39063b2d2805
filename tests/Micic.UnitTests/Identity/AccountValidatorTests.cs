using Micic.Identity.Domain;

namespace Micic.UnitTests.Identity;

public class AccountValidatorTests
{
    readonly AccountValidator _validator = new(TestSeeds.Data);

    [Fact]
    public void A_revocation_names_a_known_organisation_and_says_why()
    {
        Assert.Empty(_validator.Validate(new RevokeOrganisation("consulate-bgd", "Laptop lost at Ras Ajdir")));
        Assert.Equal(["organisationId", "reason"], _validator.Validate(new RevokeOrganisation("no-such-organisation", null)).Keys.Order());
        Assert.Equal(["organisationId"], _validator.Validate(new RevokeOrganisation(null, "lost")).Keys);
        Assert.Equal(["reason"], _validator.Validate(new RevokeOrganisation("consulate-bgd", new string('x', 501))).Keys);
    }

    [Fact]
    public void An_invitation_names_a_person_and_some_of_the_organisation_s_roles()
    {
        var bangladesh = _validator.Organisation("consulate-bgd")!;
        Assert.Empty(_validator.Validate(new InviteAccount("rahim.uddin", ["consulate"]), bangladesh));
        Assert.Equal(["roles"], _validator.Validate(new InviteAccount("rahim.uddin", ["coordinator"]), bangladesh).Keys);
        Assert.Equal(["roles", "userName"], _validator.Validate(new InviteAccount(" ", null), bangladesh).Keys.Order());
        Assert.Null(_validator.Organisation("nobody"));
    }
}
