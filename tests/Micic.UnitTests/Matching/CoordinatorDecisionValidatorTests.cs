using Micic.Matching.Domain;

namespace Micic.UnitTests.Matching;

public class CoordinatorDecisionValidatorTests
{
    readonly CoordinatorDecisionValidator _validator = new();

    [Fact]
    public void An_assignment_names_the_offer_and_says_why()
    {
        Assert.Empty(_validator.Validate(new AssignBody(Guid.NewGuid(), "Medical evacuation agreed with the carrier")));
        Assert.Equal(["offerId", "reason"], _validator.Validate(new AssignBody(null, "  ")).Keys.Order());
    }

    [Fact]
    public void A_release_says_why_in_at_most_500_characters()
    {
        Assert.Empty(_validator.Validate(new ReleaseBody("The family asked to wait for the father")));
        Assert.Equal(["reason"], _validator.Validate(new ReleaseBody(new string('x', 501))).Keys);
    }
}
