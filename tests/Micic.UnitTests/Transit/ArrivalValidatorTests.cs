using Micic.Transit;
using Micic.Transit.Domain;
using Microsoft.Extensions.Options;

namespace Micic.UnitTests.Transit;

public class ArrivalValidatorTests
{
    static readonly DateTimeOffset Now = new(2011, 3, 3, 9, 0, 0, TimeSpan.Zero);
    static readonly TimeSpan Skew = new TransitOptions().ClockSkewTolerance;
    readonly ArrivalValidator _validator = new(TestSeeds.Data, new FixedClock(Now), Options.Create(new TransitOptions()));

    Dictionary<string, string[]> Validate(LogArrival arrival) => _validator.Validate(arrival, TestSeeds.Crisis(arrival.WalkIn?.CrisisId));

    static WalkIn Youssef(string nationality = "EGY", string? kind = "none") =>
        new("libya-2011", "Youssef", "Mansour", "M", null, 16, nationality, new WalkInDocument(kind, null, null), ["separated-child"]);

    [Fact]
    public void An_expected_person_arriving_with_screening_referrals_and_an_onward_leg_is_valid()
    {
        var arrival = new LogArrival("TN-DJERBA-AIRPORT", Now, Guid.NewGuid(), null, new Screening(["pregnant"], "24 weeks"),
            [new Referral("medical", true), new Referral("asylum", false)], new Onward("BGD", "TN-DJERBA-AIRPORT"));
        Assert.Empty(Validate(arrival));
    }

    [Fact]
    public void Exactly_one_of_an_expected_person_or_a_walk_in()
    {
        Assert.Contains("personId", Validate(new LogArrival("TN-RAS-AJDIR", Now, null, null, null, null, null)).Keys);
        Assert.Contains("personId", Validate(new LogArrival("TN-RAS-AJDIR", Now, Guid.NewGuid(), Youssef(), null, null, null)).Keys);
        Assert.Empty(Validate(new LogArrival("TN-RAS-AJDIR", Now, null, Youssef(), null, null, null)));
    }

    [Fact]
    public void Every_problem_is_named_by_its_field()
    {
        var errors = Validate(new LogArrival("XX-NOWHERE", Now.AddHours(2), null, Youssef("ZZZ", "visa"),
            new Screening(["hungry"], null), [new Referral("police", null)], new Onward("TUN", "EG-SALLOUM")));

        Assert.Equal(
            ["arrivedAt", "referrals[0].consent", "referrals[0].to", "screening.needs[0]", "siteCode", "walkIn.document.kind", "walkIn.nationality"],
            errors.Keys.Order());
    }

    [Fact]
    public void An_onward_leg_leaves_from_the_country_of_the_site_for_another_country()
    {
        Assert.Contains("onward.pickupPlace", Validate(new LogArrival("TN-RAS-AJDIR", Now, Guid.NewGuid(), null, null, null, new Onward("BGD", "EG-SALLOUM"))).Keys);
        Assert.Contains("onward.destinationCountry", Validate(new LogArrival("TN-RAS-AJDIR", Now, Guid.NewGuid(), null, null, null, new Onward("TUN", "TN-DJERBA-AIRPORT"))).Keys);
    }

    [Fact]
    public void An_arrival_may_be_dated_ahead_of_now_only_by_the_clock_skew_tolerance()
    {
        Assert.Equal(TimeSpan.FromMinutes(5), Skew);
        Assert.Empty(Validate(new LogArrival("TN-RAS-AJDIR", Now + Skew, null, Youssef(), null, null, null)));
        var errors = Validate(new LogArrival("TN-RAS-AJDIR", Now + Skew + TimeSpan.FromSeconds(1), null, Youssef(), null, null, null));
        Assert.Equal(["arrivedAt"], errors.Keys);
        Assert.Contains("future", errors["arrivedAt"].Single());
    }

    [Fact]
    public void Nobody_arrives_before_their_movement_departed_give_or_take_the_clock_skew_tolerance()
    {
        var departed = Now.AddHours(-3);
        Assert.Null(ArrivalTime.BeforeDeparture(departed.AddHours(2), departed, Skew));
        Assert.Null(ArrivalTime.BeforeDeparture(departed, departed, Skew));
        Assert.Null(ArrivalTime.BeforeDeparture(departed - Skew, departed, Skew)); // a device clock a little behind
        var early = ArrivalTime.BeforeDeparture(departed - Skew - TimeSpan.FromSeconds(1), departed, Skew);
        Assert.NotNull(early);
        Assert.Contains("2011-03-03 06:00:00Z", early);
        Assert.Contains("5 minutes", early);
        Assert.NotNull(ArrivalTime.BeforeDeparture(departed.AddDays(-1), departed, TimeSpan.Zero));
    }
}
