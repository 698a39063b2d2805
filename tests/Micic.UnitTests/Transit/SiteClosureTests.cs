using Micic.Transit.Domain;

namespace Micic.UnitTests.Transit;

public class SiteClosureTests
{
    static readonly DateTimeOffset Now = new(2011, 2, 24, 16, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_closure_for_some_hours_with_a_reason_can_be_made()
    {
        Assert.Empty(SiteClosure.Errors(new CloseSite(Now.AddHours(6), "Tunisia closes Ras Ajdir."), Now));
    }

    [Theory]
    [InlineData(-1, "until")]
    [InlineData(0, "until")]
    [InlineData(24 * 40, "until")]
    public void A_closure_that_ends_before_now_or_beyond_a_month_is_refused(int hours, string field)
    {
        var errors = SiteClosure.Errors(new CloseSite(Now.AddHours(hours), "Closed."), Now);

        Assert.Equal([field], errors.Keys);
    }

    [Fact]
    public void A_closure_needs_its_end_and_a_reason_of_reasonable_length()
    {
        Assert.Equal(["until", "reason"], SiteClosure.Errors(new CloseSite(null, " "), Now).Keys);
        Assert.Equal(["reason"], SiteClosure.Errors(new CloseSite(Now.AddHours(1), new string('x', 501)), Now).Keys);
    }

    [Fact]
    public void A_closure_is_in_force_from_its_start_until_its_end_or_its_reopening()
    {
        var closure = new SiteClosure(Guid.NewGuid(), "TN-RAS-AJDIR", Now, Now.AddHours(6), "Closed.", "transit-tun");

        Assert.False(closure.InForceAt(Now.AddMinutes(-1)));
        Assert.True(closure.InForceAt(Now));
        Assert.True(closure.InForceAt(Now.AddHours(5.9)));
        Assert.False(closure.InForceAt(Now.AddHours(6)));

        var reopened = closure with { ReopenedAt = Now.AddHours(2), ReopenedBy = "iom" };
        Assert.Equal(Now.AddHours(2), reopened.EndsAt);
        Assert.True(reopened.InForceAt(Now.AddHours(1)));
        Assert.False(reopened.InForceAt(Now.AddHours(3)));
    }
}
