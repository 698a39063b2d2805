using Micic.Contracts;
using Micic.Dashboard.Domain;

namespace Micic.UnitTests.Dashboard;

/// <summary>The after-action report of a small, known operation, figure by figure.</summary>
public class AfterActionReportTests
{
    const string Crisis = "libya-2011";
    static readonly DateTimeOffset T0 = new(2011, 3, 1, 8, 0, 0, TimeSpan.Zero);
    static readonly Guid A = Guid.NewGuid(), B = Guid.NewGuid(), C = Guid.NewGuid(), D = Guid.NewGuid(), E = Guid.NewGuid(), Elsewhere = Guid.NewGuid();
    static readonly Guid Offer = Guid.NewGuid(), Manifest = Guid.NewGuid(), Arrival = Guid.NewGuid(), WalkIn = Guid.NewGuid();

    static EvacuationRequested Requested(Guid id, DateTimeOffset at, Needs needs, params NationalityCount[] people) => new()
    {
        RequestId = id, CrisisId = Crisis, PickupPlace = "LY-ZUWARA", DestinationCountry = "TUN", AcceptsThirdCountry = false,
        GroupSize = people.Sum(p => p.People), Nationalities = people, Needs = needs, HasElderly = false, SubmittedAt = at,
        ConsentToShareWithConsulate = true,
    };

    static EvacuationStatusChanged Status(Guid id, string status, int sequence, int size, DateTimeOffset at, string level = "none", int weight = 0) => new()
    {
        RequestId = id, Status = status, Sequence = sequence, GroupSize = size, Priority = weight, NeedLevel = level, NeedWeight = weight,
        OfferId = status == RequestStatus.Departed ? Offer : null, At = at,
    };

    static OfferCapacity Capacity(int allocated, long version, string status = OfferStatus.Open) =>
        new() { Status = status, Seats = 10, SeatsAllocated = allocated, DepartsAt = T0.AddHours(5), Version = version };

    /// <summary>
    /// A: a medical family of three (two Bangladeshis, an Egyptian), matched after 2 h, home after 10 h. B: a Bangladeshi
    /// alone, who asked an hour before A and was matched after A. C: an Egyptian family of four, one of whom did not
    /// board (D, waiting again). E: a family that cancelled. Elsewhere: another crisis.
    /// </summary>
    static CrisisHistory Operation() => Fold(OperationEvents());

    static CrisisHistory Fold(IEnumerable<object> events)
    {
        var history = new CrisisHistory();
        foreach (var message in events)
            history.Add(message);
        return history;
    }

    static object[] OperationEvents() =>
        [
            Status(A, RequestStatus.Pending, 1, 3, T0, "medical", 100), // a status change can come before its request
            Requested(A, T0, Needs.Medical, new NationalityCount("BGD", 2), new NationalityCount("EGY", 1)),
            Requested(B, T0.AddHours(-1), Needs.None, new NationalityCount("BGD", 1)),
            Requested(C, T0, Needs.None, new NationalityCount("EGY", 4)),
            Requested(E, T0, Needs.None, new NationalityCount("TUN", 2)),
            Requested(Elsewhere, T0, Needs.None, new NationalityCount("BGD", 5)) with { CrisisId = "other" },
            new OfferPublished
            {
                OfferId = Offer, OrganisationId = "greek-ferry", CrisisId = Crisis, Mode = "land", FromPlace = "LY-ZUWARA", ToPlace = "TN-RAS-AJDIR",
                DestinationCountry = "TUN", Eligibility = new OfferEligibility(), Capacity = Capacity(0, 1),
            },
            Status(C, RequestStatus.Matched, 2, 4, T0.AddHours(1)),
            Status(A, RequestStatus.Matched, 2, 3, T0.AddHours(2), "medical", 100),
            Status(B, RequestStatus.Matched, 2, 1, T0.AddHours(4)),
            Requested(D, T0, Needs.None, new NationalityCount("EGY", 1)) with { SplitFromRequestId = C },
            Status(C, RequestStatus.Departed, 3, 3, T0.AddHours(5)),
            Status(A, RequestStatus.Departed, 3, 3, T0.AddHours(5), "medical", 100),
            Status(B, RequestStatus.Departed, 3, 1, T0.AddHours(5)),
            Status(E, RequestStatus.Cancelled, 2, 2, T0.AddHours(3)),
            new SeatsHeld { OfferId = Offer, RequestId = B, Seats = 1, Capacity = Capacity(8, 4, OfferStatus.Departed) },
            new MovementDeparted { ManifestId = Manifest, OfferId = Offer, ToPlace = "TN-RAS-AJDIR", RequestIds = [A, B, C], Passengers = 7, DepartedAt = T0.AddHours(5) },
            new PeopleMissingAfterDeparture { ManifestId = Manifest, SiteCode = "TN-RAS-AJDIR", Missing = 1 },
            Status(A, RequestStatus.Completed, 4, 3, T0.AddHours(10), "medical", 100),
            new PersonArrived
            {
                ArrivalId = Arrival, SiteCode = "TN-RAS-AJDIR", RequestId = A, PersonId = Guid.NewGuid(), WalkIn = false, Needs = Needs.Medical,
                AtDestination = true, ArrivedAt = T0.AddHours(10),
            },
            new PersonArrived
            {
                ArrivalId = WalkIn, SiteCode = "TN-RAS-AJDIR", PersonId = Guid.NewGuid(), WalkIn = true, CrisisId = "other", Needs = Needs.None,
                AtDestination = false, ArrivedAt = T0.AddHours(10),
            },
            Referral(Arrival, "medical", "accepted", T0.AddHours(11)), // steps can come in any order: the latest wins
            Referral(Arrival, "medical", "routed", T0.AddHours(10)),
            Referral(WalkIn, "shelter", "routed", T0.AddHours(10)),
        ];

    static readonly Guid MedicalReferral = Guid.NewGuid(), ShelterReferral = Guid.NewGuid();

    static ReferralChanged Referral(Guid arrival, string service, string status, DateTimeOffset at) => new()
    {
        ReferralId = service == "medical" ? MedicalReferral : ShelterReferral, ArrivalId = arrival, SiteCode = "TN-RAS-AJDIR", Service = service,
        Status = status, DueBy = at.AddHours(4), BestInterestAssessment = false, At = at,
    };

    static AfterActionReport Report(IReadOnlySet<string>? nationalities = null) => Report(Operation(), nationalities);

    static AfterActionReport Report(CrisisHistory history, IReadOnlySet<string>? nationalities = null) =>
        AfterAction.Compile(history, Crisis, "Libya 2011", nationalities, T0.AddHours(12));

    [Fact]
    public void A_fold_foldedafter_any_event_and_taken_up_again_reports_what_one_fold_of_the_whole_history_does()
    {
        var events = OperationEvents();
        var egyptians = new HashSet<string> { "EGY" };
        string Told(CrisisHistory history) => System.Text.Json.JsonSerializer.Serialize(new[] { Report(history), Report(history, egyptians) });
        var whole = Told(Fold(events));
        for (var kept = 0; kept <= events.Length; kept++)
        {
            var folded = Fold(events[..kept]);
            var takenUp = Micic.Dashboard.Data.ReportCheckpoints.Decode(Micic.Dashboard.Data.ReportCheckpoints.Encode(folded));
            Assert.Equal(System.Text.Json.JsonSerializer.Serialize(folded.Checkpoint()), System.Text.Json.JsonSerializer.Serialize(takenUp.Checkpoint()));
            foreach (var message in events[kept..])
                takenUp.Add(message);
            Assert.True(whole == Told(takenUp), $"The report differs when the fold was kept after {kept} of {events.Length} events.");
        }
    }

    [Fact]
    public void A_checkpoint_taken_does_not_change_as_the_fold_goes_on()
    {
        var events = OperationEvents();
        var history = Fold(events[..10]);
        var checkpoint = history.Checkpoint();
        var taken = System.Text.Json.JsonSerializer.Serialize(checkpoint);
        foreach (var message in events[10..])
            history.Add(message);
        Assert.Equal(taken, System.Text.Json.JsonSerializer.Serialize(checkpoint));
        Assert.NotEqual(taken, System.Text.Json.JsonSerializer.Serialize(history.Checkpoint()));
    }

    [Fact]
    public void People_are_counted_as_the_requests_hold_them_a_passenger_who_did_not_board_on_their_own_request()
    {
        var people = Report().People;
        Assert.Equal(new PeopleFigures(Requested: 10, Matched: 7, Departed: 7, Completed: 3, Cancelled: 2, Missing: 1, NoShows: 1, Waiting: 1,
            OnwardJourneys: 0, Requests: 5, DistinctPeople: 10, DistinctDeparted: 7), people);
    }

    [Fact]
    public void An_onward_leg_counts_its_people_again_on_requests_but_each_person_once_among_people_evacuated()
    {
        // A's three went on from the transit site on a request of their own, and left again.
        var onward = Guid.NewGuid();
        var history = Fold(OperationEvents().Concat(
        [
            Requested(onward, T0.AddHours(11), Needs.Medical, new NationalityCount("BGD", 2), new NationalityCount("EGY", 1))
                with { OnwardFromRequestId = A, PickupPlace = "TN-RAS-AJDIR", DestinationCountry = "BGD" },
            Status(onward, RequestStatus.Matched, 1, 3, T0.AddHours(12), "medical", 100),
            Status(onward, RequestStatus.Departed, 2, 3, T0.AddHours(13), "medical", 100),
        ]));
        var people = Report(history).People;
        Assert.Equal((13, 10, 10, 7), (people.Requested, people.Departed, people.DistinctPeople, people.DistinctDeparted));
        Assert.Equal((6, 3), (people.Requests, people.OnwardJourneys));
        var page = Micic.Dashboard.Apis.ReportDocuments.Page(Report(history), "iom");
        Assert.Contains("3 went on from a transit site on a request of their own and count again there.", page);
    }

    [Fact]
    public void Waits_are_per_person_with_median_90th_and_95th_percentiles_in_hours()
    {
        var match = Report().WaitToMatch;
        static WaitGroup Rounded(WaitGroup w) => w with { P90 = Math.Round(w.P90!.Value, 6), P95 = Math.Round(w.P95!.Value, 6) };
        // A: 2 h × 3, B: 5 h × 1, C: 1 h × 3 → 1 1 1 2 2 2 5; p95: h = 6 × 0.95 = 5.7, 2 + 0.7 × (5 − 2)
        Assert.Equal(new WaitGroup(null, 7, 2, 3.2, 4.1), Rounded(match.Overall));
        Assert.Equal([new WaitGroup("medical", 3, 2, 2, 2), new WaitGroup("none", 4, 1, 3.8, 4.4)],
            match.ByNeed.Select(Rounded).OrderBy(w => w.Key));
        Assert.Equal(("EGY", 4, 1.0), match.ByNationality.Select(w => (w.Key!, w.People, w.Median!.Value)).First()); // most people first
        Assert.Equal(("BGD", 3, 2.0), match.ByNationality.Select(w => (w.Key!, w.People, w.Median!.Value)).Last());
        Assert.Equal(new WaitGroup(null, 3, 10, 10, 10), Report().WaitToArrival.Overall);
    }

    [Fact]
    public void Need_levels_come_heaviest_first()
    {
        Assert.Equal(["medical", "none"], Report().WaitToMatch.ByNeed.Select(w => w.Key));
    }

    [Fact]
    public void A_family_split_at_boarding_is_the_exception_and_says_why()
    {
        var families = Report().Families;
        Assert.Equal((3, 2), (families.Groups, families.KeptTogether));
        var exception = Assert.Single(families.Exceptions);
        Assert.Equal((C, 4, AfterActionReport.DidNotBoard), (exception.RequestId, exception.People, exception.Reason));
    }

    [Fact]
    public void The_vulnerable_group_went_first_against_two_of_the_three_who_had_waited_as_long()
    {
        var share = Report().VulnerableFirst;
        Assert.Equal((3L, 2L), (share.Pairs, share.VulnerableFirst));
        Assert.Equal(2.0 / 3, share.Share!.Value, 6);
    }

    [Fact]
    public void Referrals_offers_and_departures_belong_to_the_crisis()
    {
        var report = Report();
        var referral = Assert.Single(report.Referrals!.ByService);
        Assert.Equal(("medical", 1, 1, 0), (referral.Key, referral.Referrals, referral.Accepted, referral.Routed));
        Assert.Equal(new OfferFigures(Offers: 1, Withdrawn: 0, Movements: 1, Seats: 10, Used: 7), report.Offers);
        Assert.Equal([new TimelinePoint(T0.AddHours(5), 7)], report.EvacuationsOverTime.Items);
    }

    [Fact]
    public void Too_few_groups_per_nationality_is_said_rather_than_tested()
    {
        var fairness = Report().Fairness;
        Assert.Null(fairness.PValue);
        Assert.StartsWith("Too few groups", fairness.Finding);
    }

    [Fact]
    public void A_consulate_sees_its_nationals_and_nothing_per_movement_or_site()
    {
        var report = Report(new HashSet<string> { "BGD" });
        Assert.Equal((3, 3, 0), (report.People.Requested, report.WaitToMatch.Overall.People, report.People.NoShows));
        Assert.Equal(["BGD"], report.WaitToMatch.ByNationality.Select(w => w.Key));
        Assert.Null(report.People.Missing);
        Assert.Null(report.Referrals);
        Assert.Null(report.Offers);
        Assert.Contains(report.Notes, note => note.Contains("coordinators' report"));
        Assert.Equal(1, report.Families.Groups); // A, the only family with Bangladeshis
    }

    [Fact]
    public void A_consulate_counts_only_nationals_whose_group_agreed_to_sharing_with_it()
    {
        var history = Operation();
        // F: three Bangladeshis who did not agree, matched; G: one from before events said (an old event: not agreed).
        Guid f = Guid.NewGuid(), g = Guid.NewGuid();
        history.Add(Requested(f, T0, Needs.Pregnant, new NationalityCount("BGD", 3)) with { ConsentToShareWithConsulate = false });
        history.Add(Status(f, RequestStatus.Matched, 2, 3, T0.AddHours(1), "pregnant", 60));
        history.Add(Requested(g, T0, Needs.None, new NationalityCount("BGD", 1)) with { ConsentToShareWithConsulate = null });

        var report = AfterAction.Compile(history, Crisis, "Libya 2011", new HashSet<string> { "BGD" }, T0.AddHours(12));
        Assert.Equal((3, 3), (report.People.Requested, report.WaitToMatch.Overall.People)); // A's two and B, as before
        Assert.DoesNotContain(report.WaitToMatch.ByNeed, w => w.Key == "pregnant");
        Assert.DoesNotContain(report.Fairness.ByNeed, level => level.NeedLevel == "pregnant");
        Assert.Equal(1, report.Families.Groups);
        Assert.Contains(report.Notes, note => note.Contains("agreed to sharing"));
        // The whole operation counts everyone.
        Assert.Equal(14, AfterAction.Compile(history, Crisis, "Libya 2011", null, T0.AddHours(12)).People.Requested);
    }

    [Fact]
    public void A_consulates_report_names_no_request_and_shows_only_its_nationals_lines()
    {
        var report = Report(new HashSet<string> { "EGY" });
        var exception = Assert.Single(report.Families.Exceptions); // C, whose member did not board
        Assert.Null(exception.RequestId);
        Assert.Equal(AfterActionReport.DidNotBoard, exception.Reason);
        Assert.Equal(C, Assert.Single(Report().Families.Exceptions).RequestId); // coordinators see which
        Assert.All(report.Fairness.ByNeed.SelectMany(level => level.Nationalities), line => Assert.Equal("EGY", line.Key));
        Assert.All(report.WaitToMatch.ByNationality, line => Assert.Equal("EGY", line.Key));

        var json = System.Text.Json.JsonSerializer.Serialize(report);
        var page = Micic.Dashboard.Apis.ReportDocuments.Page(report, "consulate-egy");
        foreach (var id in new[] { A, B, C, D, E })
        {
            Assert.DoesNotContain(id.ToString(), json);
            Assert.DoesNotContain(id.ToString(), page);
        }
        Assert.Contains(C.ToString(), Micic.Dashboard.Apis.ReportDocuments.Page(Report(), "iom"));
    }

    [Fact]
    public void Groups_going_to_different_destinations_are_not_compared_for_fairness()
    {
        // Twelve groups of each of two nationalities, no needs: Bangladeshis go to Bangladesh, where seats are scarce,
        // Egyptians to Egypt. Waits differ by nationality within the need level — but no two of them could have taken
        // the same seat.
        var history = new CrisisHistory();
        var random = new Random(7);
        for (var i = 0; i < 24; i++)
        {
            var (nationality, destination, hours) = i % 2 == 0 ? ("BGD", "BGD", 20 + random.NextDouble()) : ("EGY", "EGY", 2 + random.NextDouble());
            var id = Guid.NewGuid();
            history.Add(Requested(id, T0, Needs.None, new NationalityCount(nationality, 1)) with { DestinationCountry = destination });
            history.Add(Status(id, RequestStatus.Matched, 1, 1, T0.AddHours(hours)));
        }
        var fairness = AfterAction.Compile(history, Crisis, "Libya 2011", null, T0.AddDays(2)).Fairness;
        Assert.True(fairness.PValueWithinNeedLevel < 0.001, fairness.Finding);
        Assert.Null(fairness.PValueWithinDestination); // one nationality per destination: nothing to compare there
        Assert.Null(fairness.PValue);
        Assert.StartsWith("Too few groups of each nationality among groups that could have taken the same seats", fairness.Finding);
        Assert.Equal(0, fairness.GroupsTested);
    }

    static readonly Guid OpenFerry = Guid.NewGuid(), EgyptCharter = Guid.NewGuid();

    static OfferPublished Published(Guid offer, OfferEligibility eligibility, int seats = 500) => new()
    {
        OfferId = offer, OrganisationId = "carrier", CrisisId = Crisis, Mode = "sea", FromPlace = "LY-ZUWARA", ToPlace = "TN-RAS-AJDIR",
        DestinationCountry = "TUN", Eligibility = eligibility, Capacity = Capacity(0, 1) with { Seats = seats },
    };

    static EvacuationStatusChanged MatchedOn(Guid id, Guid offer, DateTimeOffset at, int size = 1, string level = "none", int weight = 0) =>
        Status(id, RequestStatus.Matched, 1, size, at, level, weight) with { OfferId = offer };

    /// <summary>Twelve Egyptian and twelve Bangladeshi groups, no needs, all from Zuwara to Tunisia; Egyptians quickly matched.</summary>
    static CrisisHistory TwoNationalities(bool egyptiansOnTheirCharter)
    {
        var history = Fold([Published(OpenFerry, new OfferEligibility()), Published(EgyptCharter, new OfferEligibility { Nationalities = ["EGY"] })]);
        var random = new Random(7);
        for (var i = 0; i < 24; i++)
        {
            var (nationality, offer, hours) = i % 2 == 0 ? ("BGD", OpenFerry, 20 + random.NextDouble())
                : ("EGY", egyptiansOnTheirCharter ? EgyptCharter : OpenFerry, 2 + random.NextDouble());
            var id = Guid.NewGuid();
            history.Add(Requested(id, T0, Needs.None, new NationalityCount(nationality, 1)));
            history.Add(MatchedOn(id, offer, T0.AddHours(hours)));
        }
        return history;
    }

    [Fact]
    public void Egyptians_quicker_on_a_charter_only_they_could_take_is_not_unfairness()
    {
        var fairness = AfterAction.Compile(TwoNationalities(egyptiansOnTheirCharter: true), Crisis, "Libya 2011", null, T0.AddDays(2)).Fairness;
        Assert.True(fairness.PValueWithinNeedLevel < 0.001); // the old, broader comparison calls it a difference
        Assert.True(fairness.PValueWithinDestination < 0.001);
        Assert.Null(fairness.PValue); // Egyptians could take the charter, Bangladeshis not: never the same seats
        Assert.StartsWith("Too few groups of each nationality among groups that could have taken the same seats", fairness.Finding);
    }

    [Fact]
    public void Nationality_is_tested_among_groups_that_could_have_taken_the_same_seats()
    {
        var history = TwoNationalities(egyptiansOnTheirCharter: false);
        var fairness = AfterAction.Compile(history, Crisis, "Libya 2011", null, T0.AddDays(2)).Fairness;
        Assert.True(fairness.PValue < 0.001, fairness.Finding);
        Assert.StartsWith("Comparing only groups that could have taken the same seats", fairness.Finding);
        Assert.Contains("waits differed by nationality more than chance explains (24 groups, p < 0.001)", fairness.Finding);
        Assert.Equal(24, fairness.GroupsTested);
        Assert.True(fairness.ByNeed.Single().PValue < 0.001);

        // The Egyptian consulate's report asks the same of its nationals against everyone else.
        var egyptians = AfterAction.Compile(history, Crisis, "Libya 2011", new HashSet<string> { "EGY" }, T0.AddDays(2)).Fairness;
        Assert.Contains("waits differed between nationals of EGY and everyone else", egyptians.Finding);
        Assert.Equal(["EGY"], egyptians.ByNeed.Single().Nationalities.Select(n => n.Key)); // everyone else is tested, not shown
    }

    [Fact]
    public void A_bangladeshi_medical_family_does_not_lose_to_egyptians_on_an_egypt_only_charter()
    {
        // The Egyptian family asked first and was matched first, on a charter for Egyptians only: no seat the
        // Bangladeshi family could have taken. A Tunisian family on the open ferry, matched after it, is a pair it won.
        Guid egyptians = Guid.NewGuid(), bangladeshis = Guid.NewGuid(), tunisians = Guid.NewGuid();
        var history = Fold(
        [
            Published(OpenFerry, new OfferEligibility { AcceptsMedical = true }),
            Published(EgyptCharter, new OfferEligibility { Nationalities = ["EGY"], AcceptsMedical = true }),
            Requested(egyptians, T0, Needs.None, new NationalityCount("EGY", 4)),
            Requested(tunisians, T0, Needs.None, new NationalityCount("TUN", 3)),
            Requested(bangladeshis, T0.AddHours(1), Needs.Medical, new NationalityCount("BGD", 3)),
            MatchedOn(egyptians, EgyptCharter, T0.AddHours(2), 4),
            MatchedOn(bangladeshis, OpenFerry, T0.AddHours(3), 3, "medical", 100),
            MatchedOn(tunisians, OpenFerry, T0.AddHours(4), 3),
        ]);
        var share = Report(history).VulnerableFirst;
        Assert.Equal((1L, 1L), (share.Pairs, share.VulnerableFirst));
        Assert.Equal((2L, 1L), (share.PairsWhateverSeat, share.VulnerableFirstWhateverSeat)); // the old measure: lost to the Egyptians
        Assert.Equal("Of 1 pair of groups that could have taken the same seat (same pickup place and destination, each eligible for the offer that "
            + "took the other, the group without such needs having waited at least as long), the vulnerable group went first in 1 (100%).", share.Measure);
        Assert.Contains(share.Measure, Micic.Dashboard.Apis.ReportDocuments.Page(Report(history), "iom"));
    }
}
