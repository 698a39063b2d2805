using Micic.Contracts;
using Micic.Dashboard.Domain;

namespace Micic.UnitTests.Dashboard;

/// <summary>Which pairs of groups "vulnerable first" compares: only those that could have taken the same seat.</summary>
public class SeatEligibilityTests
{
    static readonly DateTimeOffset Start = new(2011, 3, 1, 0, 0, 0, TimeSpan.Zero);

    static DateTimeOffset At(double hour) => Start.AddHours(hour);

    static SeatSeeker Group(Needs needs = Needs.None, int people = 4, bool thirdCountry = false, params string[] nationalities) =>
        SeatSeeker.Of("LY-ZUWARA", "TUN", thirdCountry, nationalities.Length == 0 ? ["TUN"] : nationalities, needs, people);

    static SeatOffer Offer(
        string[]? nationalities = null, bool anyFamily = false, bool medical = false, bool children = false, int seats = 100, string destination = "TUN") =>
        new("LY-ZUWARA", destination, nationalities ?? [], anyFamily, medical, children, seats);

    /// <summary>The other group asked an hour earlier and was matched on its offer an hour after the vulnerable one: one pair it won, if a pair.</summary>
    static VulnerableFirstFigure Race(SeatSeeker vulnerable, SeatOffer vulnerableTook, SeatSeeker other, SeatOffer otherTook) =>
        VulnerableFirst.Measure(
        [
            new Competitor("LY-ZUWARA>TUN", false, At(0), At(3), other, otherTook),
            new Competitor("LY-ZUWARA>TUN", true, At(1), At(2), vulnerable, vulnerableTook),
        ]);

    /// <summary>As <see cref="Race"/>, but the other group went first.</summary>
    static VulnerableFirstFigure Lost(SeatSeeker vulnerable, SeatOffer vulnerableTook, SeatSeeker other, SeatOffer otherTook) =>
        VulnerableFirst.Measure(
        [
            new Competitor("LY-ZUWARA>TUN", false, At(0), At(2), other, otherTook),
            new Competitor("LY-ZUWARA>TUN", true, At(1), At(3), vulnerable, vulnerableTook),
        ]);

    static readonly SeatOffer Open = Offer(medical: true, children: true);
    static readonly SeatOffer EgyptOnly = Offer(nationalities: ["EGY"], medical: true);

    [Fact]
    public void A_bangladeshi_medical_family_and_an_egyptian_family_on_an_egypt_only_charter_are_not_a_pair()
    {
        var bangladeshis = Group(Needs.Medical, 3, false, "BGD");
        var egyptians = Group(Needs.None, 4, false, "EGY");
        Assert.Equal(new VulnerableFirstFigure(0, 0), Lost(bangladeshis, Open, egyptians, EgyptOnly));
        // Without what each could take, the old measure counted it as a pair the vulnerable family lost.
        Assert.Equal(new VulnerableFirstFigure(1, 0), VulnerableFirst.Measure(
        [
            new Competitor("LY-ZUWARA>TUN", false, At(0), At(2)),
            new Competitor("LY-ZUWARA>TUN", true, At(1), At(3)),
        ]));
    }

    [Fact]
    public void Groups_from_the_same_place_to_the_same_destination_both_eligible_are_a_pair()
    {
        var bangladeshis = Group(Needs.Medical, 3, false, "BGD");
        var tunisians = Group();
        Assert.Equal(new VulnerableFirstFigure(1, 0), Lost(bangladeshis, Open, tunisians, Open));
        Assert.Equal(new VulnerableFirstFigure(1, 1), Race(bangladeshis, Open, tunisians, Offer(medical: true)));
    }

    [Fact]
    public void A_medical_group_is_compared_only_with_a_group_matched_on_an_offer_that_takes_medical_needs()
    {
        var medical = Group(Needs.Medical);
        Assert.Equal(new VulnerableFirstFigure(0, 0), Lost(medical, Open, Group(), Offer(medical: false)));
        Assert.Equal(new VulnerableFirstFigure(1, 0), Lost(medical, Open, Group(), Offer(medical: true)));
        Assert.Equal(new VulnerableFirstFigure(0, 0), Lost(Group(Needs.MedicalStretcher), Open, Group(), Offer(medical: false)));
    }

    [Fact]
    public void An_unaccompanied_child_is_compared_only_with_a_group_matched_on_an_offer_that_takes_unaccompanied_children()
    {
        var child = Group(Needs.UnaccompaniedChild, 1);
        Assert.Equal(new VulnerableFirstFigure(0, 0), Lost(child, Open, Group(), Offer(children: false)));
        Assert.Equal(new VulnerableFirstFigure(1, 0), Lost(child, Open, Group(), Offer(children: true)));
        // A separated child travels with an adult: no such rule.
        Assert.Equal(new VulnerableFirstFigure(1, 0), Lost(Group(Needs.SeparatedChild, 2), Open, Group(), Offer(children: false)));
    }

    [Fact]
    public void Each_must_be_eligible_for_the_offer_that_took_the_other()
    {
        // The vulnerable Tunisians went first on a charter for Egyptians' families; the Egyptians could not have taken it...
        var tunisians = Group(Needs.Pregnant);
        var egyptians = Group(Needs.None, 4, false, "EGY");
        Assert.Equal(new VulnerableFirstFigure(0, 0), Race(tunisians, Offer(nationalities: ["TUN"]), egyptians, Open));
        // ...but they could take one open to families of any nationality when one of them is Egyptian.
        var mixed = Group(Needs.Pregnant, 3, false, "EGY", "TUN");
        Assert.Equal(new VulnerableFirstFigure(1, 1), Race(mixed, Open, egyptians, Offer(nationalities: ["EGY"], anyFamily: true)));
        Assert.Equal(new VulnerableFirstFigure(0, 0), Race(mixed, Open, egyptians, Offer(nationalities: ["EGY"])));
    }

    [Fact]
    public void A_third_country_offer_counts_only_for_a_group_that_accepts_one()
    {
        var thirdCountry = Offer(destination: "MLT");
        Assert.Equal(new VulnerableFirstFigure(0, 0), Lost(Group(Needs.Pregnant), Open, Group(), thirdCountry));
        Assert.Equal(new VulnerableFirstFigure(1, 0), Lost(Group(Needs.Pregnant, thirdCountry: true), Open, Group(), thirdCountry));
    }

    [Fact]
    public void Only_an_offer_smaller_than_the_whole_group_rules_the_pair_out_not_the_seats_left_at_the_time()
    {
        Assert.Equal(new VulnerableFirstFigure(0, 0), Lost(Group(Needs.Pregnant, 9), Open, Group(), Offer(seats: 8)));
        Assert.Equal(new VulnerableFirstFigure(1, 0), Lost(Group(Needs.Pregnant, 8), Open, Group(), Offer(seats: 8)));
    }

    [Fact]
    public void Groups_that_took_no_seat_or_one_on_an_unknown_offer_are_compared_on_what_is_known()
    {
        var bangladeshis = Group(Needs.Medical, 3, false, "BGD");
        var egyptians = Group(Needs.None, 4, false, "EGY");
        // Both still waiting for the same seats: neither took one, and the vulnerable did not go first.
        Assert.Equal(new VulnerableFirstFigure(1, 0), VulnerableFirst.Measure(
        [
            new Competitor("LY-ZUWARA>TUN", false, At(0), null, egyptians),
            new Competitor("LY-ZUWARA>TUN", true, At(1), null, bangladeshis),
        ]));
        // The vulnerable one matched on an offer the Egyptians could take, the Egyptians never: a pair it won.
        Assert.Equal(new VulnerableFirstFigure(1, 1), VulnerableFirst.Measure(
        [
            new Competitor("LY-ZUWARA>TUN", false, At(0), null, egyptians),
            new Competitor("LY-ZUWARA>TUN", true, At(1), At(2), bangladeshis, Open),
        ]));
        // The Egyptians matched on an offer not known to the history: given the benefit of the doubt.
        Assert.Equal(new VulnerableFirstFigure(1, 0), Lost(bangladeshis, Open, egyptians, null!));
    }

    [Fact]
    public void Many_groups_alike_are_counted_as_pairs_one_by_one_would_count_them()
    {
        var random = new Random(11);
        SeatSeeker[] seekers = [Group(), Group(Needs.Medical, 3, false, "BGD"), Group(Needs.None, 2, false, "EGY"), Group(Needs.UnaccompaniedChild, 1)];
        SeatOffer[] offers = [Open, EgyptOnly, Offer(), Offer(children: true, seats: 2)];
        var groups = Enumerable.Range(0, 300).Select(_ =>
        {
            var asked = random.Next(0, 100);
            var matched = random.Next(0, 4) == 0 ? (double?)null : asked + random.Next(0, 50);
            var seeker = seekers[random.Next(seekers.Length)];
            var eligible = offers.Where(o => SeatEligibility.MayTake(seeker, o)).ToArray();
            return new Competitor("LY-ZUWARA>TUN", seeker.Medical || seeker.UnaccompaniedChild, At(asked), matched is { } m ? At(m) : null, seeker,
                matched is null ? null : eligible[random.Next(eligible.Length)]);
        }).ToList();
        long pairs = 0, first = 0;
        foreach (var v in groups.Where(g => g.Vulnerable))
            foreach (var o in groups.Where(g => !g.Vulnerable && g.SubmittedAt <= v.SubmittedAt && (g.MatchedAt is null || g.MatchedAt > v.SubmittedAt)
                && SeatEligibility.Comparable(v.Seeker, v.Took, g.Seeker, g.Took)))
            {
                pairs++;
                if (v.MatchedAt is { } vm && (o.MatchedAt is null || o.MatchedAt > vm))
                    first++;
            }
        Assert.True(pairs > 100, $"{pairs} pairs");
        Assert.Equal(new VulnerableFirstFigure(pairs, first), VulnerableFirst.Measure(groups));
    }
}
