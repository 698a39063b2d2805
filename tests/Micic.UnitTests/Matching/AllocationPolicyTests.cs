using Micic.Contracts;
using Micic.Matching.Domain;

namespace Micic.UnitTests.Matching;

public class AllocationPolicyTests
{
    static readonly DateTimeOffset Now = new(2011, 3, 2, 12, 0, 0, TimeSpan.Zero);

    static WaitingGroup Group(int size = 4, Needs needs = Needs.None, string[]? nationalities = null, string destination = "BGD",
        bool thirdCountry = false, double hoursWaiting = 0, DateTimeOffset? earliest = null) => new(
        Guid.NewGuid(), "libya-2011", "LY-TIP-PORT", destination, thirdCountry, earliest, size, nationalities ?? ["BGD"], needs,
        Priority.NeedWeight(needs, hasElderly: false), Now.AddHours(-hoursWaiting));

    static AvailableOffer Offer(int seats = 50, string destination = "BGD", double departsInHours = 24, string from = "LY-TIP-PORT",
        string[]? nationalities = null, bool familyOfAnyNationality = false, bool medical = false, bool children = false) => new(
        Guid.NewGuid(), "libya-2011", true, from, destination, Now.AddHours(departsInHours), seats,
        new OfferEligibility
        {
            Nationalities = nationalities ?? [],
            FamilyMembersOfAnyNationality = familyOfAnyNationality,
            AcceptsMedical = medical,
            AcceptsUnaccompaniedChildren = children,
        });

    [Fact]
    public void Reading_the_waiting_list_a_chunk_at_a_time_in_rank_order_serves_the_same_groups_as_reading_it_all()
    {
        // Waits of up to five days and every need weight, so that a long wait and a heavy need often tie to the whole hour —
        // where a read stopped one chunk too early would seat another group. 500 lists, each read in chunks of 1 to 40.
        var random = new Random(2011);
        Needs[] needs = [Needs.None, Needs.None, Needs.None, Needs.Medical, Needs.UnaccompaniedChild, Needs.TraffickingSurvivor, Needs.Pregnant];
        for (var list = 0; list < 500; list++)
        {
            var waiting = Enumerable.Range(0, random.Next(1, 300))
                .Select(_ => Group(size: random.Next(1, 7), needs: needs[random.Next(needs.Length)], hoursWaiting: random.NextDouble() * 120))
                .ToList();
            var offer = Offer(seats: random.Next(1, 120), medical: true, children: true);
            var inRankOrder = waiting.OrderBy(g => Priority.RanksFrom(g.NeedWeight, g.SubmittedAt)).ThenBy(g => g.RequestId).ToList();
            var chunk = random.Next(1, 41);

            var read = new List<WaitingGroup>();
            IReadOnlyList<WaitingGroup> served;
            while (true)
            {
                var next = inRankOrder.Skip(read.Count).Take(chunk).ToList();
                read.AddRange(next);
                served = AllocationPolicy.ShareCapacity(offer, read, Now);
                if (next.Count < chunk || AllocationPolicy.ReadFarEnough(offer, served, next[^1]))
                    break;
            }

            Assert.Equal(AllocationPolicy.ShareCapacity(offer, waiting, Now).Select(g => g.RequestId), served.Select(g => g.RequestId));
        }
    }

    [Fact]
    public void A_family_with_a_member_of_another_nationality_boards_a_state_charter_that_takes_family_members()
    {
        var family = Group(nationalities: ["BGD", "EGY"]);
        Assert.Equal(Fit.Fits, AllocationPolicy.Judge(family, Offer(nationalities: ["BGD"], familyOfAnyNationality: true), Now).Fit);
        Assert.Equal(Fit.NotEligible, AllocationPolicy.Judge(family, Offer(nationalities: ["BGD"], familyOfAnyNationality: false), Now).Fit);
        Assert.Equal(Fit.NotEligible, AllocationPolicy.Judge(Group(nationalities: ["EGY"]), Offer(nationalities: ["BGD"], familyOfAnyNationality: true), Now).Fit);
    }

    [Fact]
    public void An_unaccompanied_child_goes_only_on_offers_that_accept_them()
    {
        var child = Group(size: 1, needs: Needs.UnaccompaniedChild);
        var (offer, reason) = AllocationPolicy.Choose(child, [Offer(departsInHours: 2), Offer(departsInHours: 30, children: true)], Now);
        Assert.True(offer!.Eligibility.AcceptsUnaccompaniedChildren);
        Assert.Null(reason);
        Assert.Equal("not eligible: unaccompanied child", AllocationPolicy.Choose(child, [Offer()], Now).Reason);
    }

    [Fact]
    public void Medical_cases_need_an_offer_that_accepts_them() =>
        Assert.Equal(Fit.NotEligible, AllocationPolicy.Judge(Group(needs: Needs.MedicalStretcher), Offer(), Now).Fit);

    [Fact]
    public void A_large_family_is_skipped_for_smaller_groups_that_fit_and_served_by_the_next_offer()
    {
        var large = Group(size: 9, needs: Needs.Medical);
        var small = Enumerable.Range(0, 3).Select(_ => Group(size: 2)).ToList();
        var first = Offer(seats: 8, medical: true);

        var served = AllocationPolicy.ShareCapacity(first, [large, .. small], Now);

        Assert.Equal(small.Select(g => g.RequestId).Order(), served.Select(g => g.RequestId).Order());
        Assert.Equal([large.RequestId], AllocationPolicy.ShareCapacity(Offer(seats: 20, medical: true), [large], Now).Select(g => g.RequestId));
    }

    [Fact]
    public void Capacity_goes_to_the_highest_priority_first_and_earlier_submission_breaks_ties()
    {
        var waitedLong = Group(size: 1, hoursWaiting: 70);      // 70
        var pregnant = Group(size: 1, needs: Needs.Pregnant);  // 60
        var medical = Group(size: 1, needs: Needs.Medical);    // 100
        var earlier = Group(size: 1, hoursWaiting: 5.5);       // 5, submitted earlier
        var later = Group(size: 1, hoursWaiting: 5.2);         // 5

        var served = AllocationPolicy.ShareCapacity(Offer(seats: 4, medical: true), [later, pregnant, earlier, waitedLong, medical], Now);

        Assert.Equal([medical, waitedLong, pregnant, earlier], served);
    }

    [Fact]
    public void Priority_and_decision_do_not_depend_on_nationality()
    {
        var bangladeshi = Group(size: 3, needs: Needs.Pregnant, nationalities: ["BGD"], destination: "BGD", hoursWaiting: 3);
        var nigerian = bangladeshi with { RequestId = Guid.NewGuid(), Nationalities = ["NGA"], DestinationCountry = "NGA" };
        Assert.Equal(bangladeshi.PriorityAt(Now), nigerian.PriorityAt(Now));

        var toDhaka = Offer(seats: 3, destination: "BGD");
        var toLagos = toDhaka with { OfferId = Guid.NewGuid(), DestinationCountry = "NGA" };
        Assert.Equal(Fit.Fits, AllocationPolicy.Judge(bangladeshi, toDhaka, Now).Fit);
        Assert.Equal(Fit.Fits, AllocationPolicy.Judge(nigerian, toLagos, Now).Fit);
    }

    [Fact]
    public void A_direct_offer_comes_before_a_third_country_one_then_the_earliest_departure()
    {
        var group = Group(thirdCountry: true);
        var viaMalta = Offer(destination: "MLT", departsInHours: 2);
        var laterDirect = Offer(departsInHours: 48);
        var soonerDirect = Offer(departsInHours: 30);

        Assert.Same(soonerDirect, AllocationPolicy.Choose(group, [viaMalta, laterDirect, soonerDirect], Now).Offer);
        Assert.Same(viaMalta, AllocationPolicy.Choose(group, [viaMalta], Now).Offer);
        Assert.Null(AllocationPolicy.Choose(Group(thirdCountry: false), [viaMalta], Now).Offer);
    }

    [Fact]
    public void Offers_that_leave_too_early_or_have_left_are_not_eligible()
    {
        Assert.Equal(Fit.NotEligible, AllocationPolicy.Judge(Group(), Offer(departsInHours: -1), Now).Fit);
        Assert.Equal(Fit.NotEligible, AllocationPolicy.Judge(Group(earliest: Now.AddDays(3)), Offer(departsInHours: 24), Now).Fit);
    }

    [Theory]
    [InlineData("no offers", "no offer from LY-TIP-PORT")]
    [InlineData("other place", "no offer from LY-TIP-PORT")]
    [InlineData("other destination", "no offer to BGD")]
    [InlineData("not eligible", "not eligible: medical care needed")]
    [InlineData("full", "no capacity left")]
    public void An_unmatched_group_says_why(string situation, string reason)
    {
        var group = Group(size: 4, needs: Needs.Medical);
        AvailableOffer[] offers = situation switch
        {
            "no offers" => [],
            "other place" => [Offer(from: "LY-BEN-PORT", medical: true)],
            "other destination" => [Offer(destination: "EGY", medical: true), Offer(from: "LY-BEN-PORT", medical: true)],
            "not eligible" => [Offer(), Offer(destination: "EGY")],
            _ => [Offer(seats: 3, medical: true), Offer()],
        };
        Assert.Equal(reason, AllocationPolicy.Choose(group, offers, Now).Reason);
    }

    [Fact]
    public void An_account_of_capacity_counts_only_if_newer_than_what_the_board_holds()
    {
        var offer = Offer(seats: 50) with { Version = 7 };
        OfferCapacity Account(long version, int allocated, string status = OfferStatus.Open) =>
            new() { Status = status, Seats = 50, SeatsAllocated = allocated, DepartsAt = Now.AddHours(30), Version = version };

        Assert.Same(offer, offer.With(Account(version: 6, allocated: 40)));
        Assert.Same(offer, offer.With(Account(version: 7, allocated: 40)));
        var newer = offer.With(Account(version: 8, allocated: 40));
        Assert.Equal((10, 8L, Now.AddHours(30), true), (newer.SeatsAvailable, newer.Version, newer.DepartsAt, newer.IsOpen));
        Assert.False(offer.With(Account(version: 9, allocated: 0, OfferStatus.Withdrawn)).IsOpen);
    }

    [Fact]
    public void A_released_group_is_told_who_released_it_when_and_why_and_what_happens_next()
    {
        var at = new DateTimeOffset(2011, 3, 2, 9, 30, 15, TimeSpan.FromHours(2));
        Assert.Equal(
            "released by iom at 2011-03-02 07:30 UTC (family asked to wait): not put back on that offer unless a coordinator assigns it; " +
            "it is tried on any other offer from LY-TIP-PORT as soon as one has seats — none suits it now: no offer to BGD",
            UnmatchedReason.Released("iom", at, "family asked to wait", "LY-TIP-PORT", UnmatchedReason.NoOfferTo("BGD")));
        Assert.EndsWith("as soon as one has seats — there is none yet",
            UnmatchedReason.Released("iom", at, "family asked to wait", "LY-TIP-PORT", UnmatchedReason.NoOfferFrom("LY-TIP-PORT")));
    }

    [Fact]
    public void Five_hundred_groups_shared_out_in_one_round_get_the_seats_each_would_get_arriving_alone()
    {
        // 500 groups of every size and need, some waiting for hours, some the offer cannot take (medical, another
        // destination); 600 seats. In one round the policy serves them in one pass; alone, each seat would go to the
        // waiting group of highest priority that still fits, one decision at a time.
        var random = new Random(26);
        Needs[] needs = [Needs.None, Needs.None, Needs.None, Needs.Medical, Needs.Pregnant, Needs.UnaccompaniedChild, Needs.Wheelchair];
        var groups = Enumerable.Range(0, 500)
            .Select(_ => Group(size: random.Next(1, 7), needs: needs[random.Next(needs.Length)], destination: random.Next(10) == 0 ? "EGY" : "BGD",
                hoursWaiting: random.Next(0, 48 * 60) / 60.0))
            .ToList();
        var offer = Offer(seats: 600, children: true);

        var inOneRound = AllocationPolicy.ShareCapacity(offer, groups, Now).Select(group => group.RequestId).ToList();

        var alone = new List<Guid>();
        var waiting = groups.ToList();
        var seatsLeft = offer.SeatsAvailable;
        while (waiting
                   .Where(group => AllocationPolicy.Judge(group, offer with { SeatsAvailable = seatsLeft }, Now).Fit == Fit.Fits)
                   .OrderByDescending(group => Priority.At(group.NeedWeight, group.SubmittedAt, Now)).ThenBy(group => group.SubmittedAt)
                   .FirstOrDefault() is { } next)
        {
            alone.Add(next.RequestId);
            seatsLeft -= next.GroupSize;
            waiting.Remove(next);
        }

        Assert.True(inOneRound.Count > 100);
        Assert.DoesNotContain(groups.Where(group => group.NeedsMedicalCare || group.DestinationCountry == "EGY").Select(group => group.RequestId),
            inOneRound.Contains);
        Assert.Equal(alone.Order(), inOneRound.Order());
    }
}
