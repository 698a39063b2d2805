using Micic.Replay;
using Micic.ServiceDefaults.ReferenceData;

namespace Micic.UnitTests.Replay;

public class CharterDeskTests
{
    static readonly DateTimeOffset Now = new(2011, 3, 1, 12, 0, 0, TimeSpan.Zero);
    static readonly TimeSpan MaxWait = TimeSpan.FromMinutes(1);
    static readonly Route Bus = new("iom-movements", "land", "LY-ZUWARA", "TN-RAS-AJDIR", Home: false, Seats: 50, Hours: 2);
    static readonly Route FlightsHome = new("iom-movements", "air", "TN-DJERBA-AIRPORT", To: null, Home: true, Seats: 180, Hours: 6);

    static readonly CharterDesk Desk = new(
        CrisisScenario.Load(Path.Combine(SeedData.FindFolder(null), "scenarios", "libya-2011.json")) with { Routes = [Bus, FlightsHome] },
        code => TestSeeds.Data.Places.GetValueOrDefault(code)?.Country,
        country => TestSeeds.Data.Places.Values.FirstOrDefault(p => p.Country == country && p.Kind == "airport")?.Code);

    static WaitingGroup Group(int size, string from = "LY-ZUWARA", string destination = "BGD", bool acceptsThirdCountry = true, double minutesWaited = 0) =>
        new(Guid.NewGuid(), size, from, destination, acceptsThirdCountry, Now.AddMinutes(-minutesWaited));

    [Fact]
    public void A_full_load_gets_a_full_vehicle_at_once_and_the_rest_waits_for_more_people()
    {
        var waiting = Enumerable.Range(0, 12).Select(_ => Group(5)).ToList(); // 60 people at Zuwara

        var plan = Desk.Plan(waiting, [], Now, MaxWait);

        var bus = Assert.Single(plan.Charters);
        Assert.Equal((Bus, "TN-RAS-AJDIR", "TUN", 50), (bus.Route, bus.ToPlace, bus.DestinationCountry, bus.Seats));
        Assert.Equal(10, plan.PeopleStillToCover);
    }

    [Fact]
    public void Once_the_longest_waiting_group_has_waited_long_enough_a_smaller_vehicle_goes_for_the_rest()
    {
        var plan = Desk.Plan([Group(4, minutesWaited: 2), Group(3)], [], Now, MaxWait);

        Assert.Equal(10, Assert.Single(plan.Charters).Seats); // seven people, seats rounded up to ten
        Assert.Equal(0, plan.PeopleStillToCover);
    }

    [Fact]
    public void Seats_already_on_their_way_are_not_chartered_twice()
    {
        var waiting = Enumerable.Range(0, 10).Select(_ => Group(6, minutesWaited: 5)).ToList(); // 60 people

        var plan = Desk.Plan(waiting, [new FreeSeats("LY-ZUWARA", "TUN", 60), new FreeSeats("LY-ZUWARA", "EGY", 40)], Now, MaxWait);

        Assert.Empty(plan.Charters);
        Assert.Equal(0, plan.PeopleStillToCover);
    }

    [Fact]
    public void Flights_home_go_to_each_destination_s_airport_and_never_to_the_country_they_leave()
    {
        var waiting = new[]
        {
            Group(2, "TN-DJERBA-AIRPORT", "BGD", minutesWaited: 5), Group(1, "TN-DJERBA-AIRPORT", "GHA", minutesWaited: 5),
            Group(3, "TN-DJERBA-AIRPORT", "TUN", minutesWaited: 5),
        };

        var plan = Desk.Plan(waiting, [], Now, MaxWait);

        Assert.Equal([("BD-DAC-AIRPORT", "BGD"), ("GH-ACC-AIRPORT", "GHA")], plan.Charters.Select(c => (c.ToPlace, c.DestinationCountry)));
        Assert.Equal(3, plan.PeopleWithoutRoute);
    }

    [Fact]
    public void A_group_that_will_not_go_through_a_third_country_has_no_route_from_a_place_served_only_by_the_border_bus()
    {
        var plan = Desk.Plan([Group(4, destination: "BGD", acceptsThirdCountry: false, minutesWaited: 5), Group(2, destination: "TUN", acceptsThirdCountry: false, minutesWaited: 5)],
            [], Now, MaxWait);

        Assert.Equal(10, Assert.Single(plan.Charters).Seats); // the bus to Tunisia, for the two going there
        Assert.Equal(4, plan.PeopleWithoutRoute);
    }
}
