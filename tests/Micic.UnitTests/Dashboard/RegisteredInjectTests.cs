using Micic.Contracts;
using Micic.Dashboard.Domain;
using Micic.ServiceDefaults.ReferenceData;

namespace Micic.UnitTests.Dashboard;

public class RegisteredInjectTests
{
    static readonly DateTimeOffset Start = new(2011, 2, 24, 6, 0, 0, TimeSpan.Zero);

    static IReadOnlyList<RegisteredInject> Libya() =>
        RegisteredInject.Of("libya-2011", ExercisePlan.Read(Path.Combine(SeedData.FindFolder(null), "scenarios", "libya-2011.json")), Start);

    [Fact]
    public void Each_inject_is_due_at_the_start_plus_its_offset_pending_in_the_plans_order()
    {
        var injects = Libya();

        Assert.True(injects.Count >= 8);
        Assert.All(injects, inject => Assert.Equal(RegisteredInject.Pending, inject.Status));
        Assert.Equal(Enumerable.Range(0, injects.Count), injects.Select(inject => inject.Position));
        var closed = injects.Single(inject => inject.Id == "ras-ajdir-closed");
        Assert.Equal(Start.AddHours(10), closed.DueAt);
        Assert.Equal("PT10H", closed.DueAfter);
    }

    [Fact]
    public void Delivering_records_crisis_and_real_time_once_and_announces_it()
    {
        var inject = Libya().Single(inject => inject.Id == "ras-ajdir-closed");
        var crisis = Start.AddHours(10.1);
        var real = DateTimeOffset.UtcNow;

        var (delivered, announced) = inject.Deliver(crisis, real, by: null);

        Assert.Equal(RegisteredInject.Delivered, delivered.Status);
        Assert.Equal((crisis, real), (delivered.DeliveredAt, delivered.DeliveredRealAt));
        Assert.Equal(("libya-2011", "ras-ajdir-closed", "border-closed", "transit-tun"),
            (announced.Scenario, announced.InjectId, announced.Kind, announced.ForOrganisation));
        Assert.Equal(crisis, announced.At);
        Assert.Throws<InvalidOperationException>(() => delivered.Deliver(crisis, real, "iom"));
    }

    [Theory]
    [InlineData("surge-benghazi", "60 more people come forward at LY-BEN-PORT")]
    [InlineData("ras-ajdir-closed", "TN-RAS-AJDIR is closed for 6 hours")]
    [InlineData("ferry-withdrawn", "the next sea offer from LY-BEN-PORT is withdrawn")]
    [InlineData("flight-delayed", "the next air departure from LY-TIP-AIRPORT is delayed by 4 hours")]
    [InlineData("consulate-bgd-asks", "message from consulate-bgd: \"Bangladesh asks")]
    public void The_live_page_says_what_happens_and_what_is_expected(string id, string says)
    {
        var inject = Libya().Single(inject => inject.Id == id);

        var line = RegisteredInject.AlertOf(inject.Deliver(inject.DueAt, DateTimeOffset.UtcNow, null).Event);

        Assert.StartsWith($"EXERCISE inject {id}", line);
        Assert.Contains(says, line);
        Assert.Contains(inject.ExpectedAction, line);
    }
}
