using Micic.Contracts;
using Micic.Dashboard.Data;
using Micic.Dashboard.Domain;

namespace Micic.UnitTests.Dashboard;

/// <summary>The exercise's objectives measured from a small, known history, and rated by the one HSEEP rule.</summary>
public class ExerciseEvaluationTests
{
    const string Crisis = "libya-2011";
    static readonly DateTimeOffset T0 = new(2011, 2, 21, 6, 0, 0, TimeSpan.Zero);
    static readonly TimeSpan Window = TimeSpan.FromHours(24);

    static EvacuationRequested Requested(Guid id, DateTimeOffset at, Needs needs = Needs.None, int people = 1, string pickup = "LY-BEN-PORT") => new()
    {
        RequestId = id, CrisisId = Crisis, PickupPlace = pickup, DestinationCountry = "EGY", AcceptsThirdCountry = false, GroupSize = people,
        Nationalities = [new NationalityCount("EGY", people)], Needs = needs, HasElderly = false, SubmittedAt = at, ConsentToShareWithConsulate = true,
    };

    static EvacuationStatusChanged Status(Guid id, string status, int sequence, DateTimeOffset at, Guid? offer = null) => new()
    {
        RequestId = id, Status = status, Sequence = sequence, GroupSize = 1, Priority = 0, NeedLevel = "none", NeedWeight = 0, OfferId = offer, At = at,
    };

    static OfferCapacity Capacity(string status, long version) =>
        new() { Status = status, Seats = 100, SeatsAllocated = 0, DepartsAt = T0.AddDays(1), Version = version };

    static OfferPublished Published(Guid offer) => new()
    {
        OfferId = offer, OrganisationId = "greek-ferry", CrisisId = Crisis, Mode = "sea", FromPlace = "LY-BEN-PORT", ToPlace = "EG-SALLOUM",
        DestinationCountry = "EGY", Eligibility = new OfferEligibility(), Capacity = Capacity(OfferStatus.Open, 1),
    };

    static CrisisHistory Fold(IEnumerable<object> events)
    {
        var history = new CrisisHistory();
        foreach (var message in events)
            history.Add(message);
        return history;
    }

    static MeasureScope Scope(CrisisHistory history, DateTimeOffset now) =>
        new(history, AfterAction.Compile(history, Crisis, "Libya 2011", null, now), now, Window);

    static ExerciseObjective Objective(string metric, double? atMost = null, double? atLeast = null) =>
        new(metric, "Capability", "Text.", metric, new ObjectiveTarget(atMost, atLeast));

    [Fact]
    public void Every_metric_an_objective_can_name_has_a_measure()
    {
        Assert.Equal(ObjectiveMetrics.Known.Order(StringComparer.Ordinal), ObjectiveMeasures.ByMetric.Keys.Order(StringComparer.Ordinal));
        // Each runs on an empty history, saying there is nothing to measure rather than failing.
        var scope = Scope(new CrisisHistory(), T0);
        foreach (var metric in ObjectiveMetrics.Known)
        {
            var measurement = ObjectiveMeasures.Measure(metric, scope);
            Assert.Null(measurement.Value);
            Assert.NotEmpty(Assert.Single(measurement.Evidence));
        }
    }

    [Theory]
    [InlineData(12d, null, 9.5, Rating.P)]
    [InlineData(12d, null, 12d, Rating.P)]
    [InlineData(12d, null, 13.2, Rating.S)] // missed by exactly 10 %
    [InlineData(12d, null, 13.3, Rating.M)]
    [InlineData(12d, null, 18d, Rating.M)] // by exactly 50 %
    [InlineData(12d, null, 18.1, Rating.U)]
    [InlineData(null, 100d, 100d, Rating.P)]
    [InlineData(null, 100d, 90d, Rating.S)]
    [InlineData(null, 100d, 89.9, Rating.M)]
    [InlineData(null, 95d, 47.5, Rating.M)]
    [InlineData(null, 95d, 47d, Rating.U)]
    [InlineData(null, 80d, 0d, Rating.U)]
    [InlineData(0d, null, 0d, Rating.P)]
    [InlineData(0d, null, 0.1, Rating.U)] // a target of nought admits no miss in proportion
    public void An_objective_is_rated_by_how_far_it_missed_its_target(double? atMost, double? atLeast, double measured, Rating expected) =>
        Assert.Equal(expected, ObjectiveRating.Rate(new ObjectiveTarget(atMost, atLeast), measured));

    [Fact]
    public void Nothing_to_measure_is_unable_to_be_performed() =>
        Assert.Equal(Rating.U, ObjectiveRating.Rate(new ObjectiveTarget(AtMost: 12), null));

    [Fact]
    public void A_medical_group_still_waiting_counts_until_now()
    {
        var (a, b, c, d) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var history = Fold(
        [
            Requested(a, T0, Needs.Medical), Status(a, RequestStatus.Matched, 2, T0.AddHours(2)),
            Requested(b, T0, Needs.MedicalStretcher), Status(b, RequestStatus.Matched, 2, T0.AddHours(4)),
            Requested(c, T0, Needs.Medical), // still waiting at T0 + 30 h
            Requested(d, T0, Needs.None), Status(d, RequestStatus.Matched, 2, T0.AddHours(1)), // no medical need: not counted
        ]);
        var measured = ObjectiveMeasures.Measure(ObjectiveMetrics.MedicalWaitP90Hours, Scope(history, T0.AddHours(30)));
        // Per group: 2, 4, 30 h; the 90th percentile interpolates between 4 and 30 at 0.8: 24.8 h.
        Assert.Equal(24.8, measured.Value);
        Assert.Equal("p90 24.8 crisis hours from asking to a seat over 3 groups with a medical need (2 matched, 1 still waiting, counted until now).",
            measured.Evidence[0]);
        Assert.Equal("Slowest 30 h; fastest 2 h.", measured.Evidence[1]);

        var median = ObjectiveMeasures.Measure(ObjectiveMetrics.WaitMedianHours, Scope(history, T0.AddHours(30)));
        Assert.Equal(3, median.Value); // 1, 2, 4, 30 h
    }

    [Fact]
    public void Groups_released_from_a_withdrawn_offer_are_timed_until_they_are_matched_again()
    {
        var (ferry, bus) = (Guid.NewGuid(), Guid.NewGuid());
        var (a, b, c, d) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var withdrawnAt = T0.AddHours(14);
        var history = Fold(
        [
            Published(ferry), Published(bus),
            Requested(a, T0), Status(a, RequestStatus.Pending, 1, T0), Status(a, RequestStatus.Matched, 2, T0.AddHours(1), ferry),
            Status(a, RequestStatus.Pending, 3, withdrawnAt, bus), Status(a, RequestStatus.Matched, 4, withdrawnAt.AddHours(2), bus),
            Requested(b, T0), Status(b, RequestStatus.Matched, 2, T0.AddHours(1), ferry),
            // Read out of order: the rematch before the release.
            Status(b, RequestStatus.Matched, 4, withdrawnAt.AddHours(5), bus), Status(b, RequestStatus.Pending, 3, withdrawnAt),
            Requested(c, T0), Status(c, RequestStatus.Matched, 2, T0.AddHours(1), ferry), Status(c, RequestStatus.Pending, 3, withdrawnAt), // still waiting
            Requested(d, T0), Status(d, RequestStatus.Matched, 2, T0.AddHours(1), bus), // never on the ferry
            new OfferWithdrawn { OfferId = ferry, Reason = "engine failure", Capacity = Capacity(OfferStatus.Withdrawn, 5) },
        ]);
        var measured = ObjectiveMeasures.Measure(ObjectiveMetrics.RematchP90Hours, Scope(history, withdrawnAt.AddHours(10)));
        // 2, 5 and 10 (still waiting) hours: the 90th percentile is 5 + 0.8 × 5 = 9 h.
        Assert.Equal(9, measured.Value);
        Assert.StartsWith("p90 9 crisis hours from release to a new seat over 3 groups released from 1 withdrawn offer (2 matched again, 1 still waiting",
            measured.Evidence[0]);

        // A checkpoint of the fold keeps the steps: taken up again, it measures the same.
        var again = ReportCheckpoints.Decode(ReportCheckpoints.Encode(history));
        Assert.Equal(9, ObjectiveMeasures.Measure(ObjectiveMetrics.RematchP90Hours, Scope(again, withdrawnAt.AddHours(10))).Value);
    }

    static ReferralChanged Referral(Guid id, Guid arrival, string status, DateTimeOffset at, DateTimeOffset due, bool child = true) => new()
    {
        ReferralId = id, ArrivalId = arrival, SiteCode = "TN-CHOUCHA", Service = child ? "child-protection" : "medical", Status = status, DueBy = due,
        BestInterestAssessment = child, At = at,
    };

    static PersonArrived Arrived(Guid arrival, Guid request, Guid person, string site, DateTimeOffset at) => new()
    {
        ArrivalId = arrival, SiteCode = site, RequestId = request, PersonId = person, WalkIn = false, Needs = Needs.UnaccompaniedChild,
        AtDestination = false, ArrivedAt = at,
    };

    [Fact]
    public void A_child_referral_is_in_time_when_accepted_by_its_due_time()
    {
        var request = Guid.NewGuid();
        var arrival = Guid.NewGuid();
        var (inTime, late, never, notDue, adult) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var at = T0.AddHours(28);
        var history = Fold(
        [
            Requested(request, T0, Needs.UnaccompaniedChild), Arrived(arrival, request, Guid.NewGuid(), "TN-CHOUCHA", at),
            Referral(inTime, arrival, "routed", at, at.AddHours(1)), Referral(inTime, arrival, "accepted", at.AddMinutes(40), at.AddHours(1)),
            Referral(inTime, arrival, "completed", at.AddHours(5), at.AddHours(1)),
            Referral(late, arrival, "accepted", at.AddHours(3), at.AddHours(1)),
            Referral(never, arrival, "routed", at, at.AddHours(1)),
            Referral(notDue, arrival, "routed", at.AddHours(9), at.AddHours(10)),
            Referral(adult, arrival, "routed", at, at.AddHours(1), child: false),
        ]);
        var measured = ObjectiveMeasures.Measure(ObjectiveMetrics.ChildReferralsInTimePercent, Scope(history, at.AddHours(9.5)));
        Assert.Equal(33.3, measured.Value);
        Assert.Equal(
        [
            "1 of 3 child referrals due were accepted by a partner within their due time.",
            "1 was accepted late, 2 h after its due time.",
            "1 was past due and still not accepted (routed, declined or with no partner to route to).",
            "1 more is open and not yet due: not counted.",
        ], measured.Evidence);
    }

    [Fact]
    public void Check_ins_count_the_households_asked_that_answered()
    {
        var (a, b, c, d) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var history = Fold(
        [
            new CheckInsAsked { CrisisId = Crisis, RegistrationIds = [a, b, c, d], Attempt = 1, At = T0 },
            new CheckInAnswered { CrisisId = Crisis, RegistrationId = a, Nationality = "BGD", Answer = 1, At = T0.AddHours(1) },
            new CheckInAnswered { CrisisId = Crisis, RegistrationId = b, Nationality = "BGD", Answer = 3, At = T0.AddHours(3) },
            new CheckInsAsked { CrisisId = Crisis, RegistrationIds = [c, d], Attempt = 2, At = T0.AddDays(1) },
            new CheckInAnswered { CrisisId = Crisis, RegistrationId = c, Nationality = "BGD", Answer = 2, At = T0.AddHours(26) },
            new CheckInsAsked { CrisisId = "other", RegistrationIds = [Guid.NewGuid()], Attempt = 1, At = T0 },
        ]);
        var measured = ObjectiveMeasures.Measure(ObjectiveMetrics.CheckInsAnsweredPercent, Scope(ReportCheckpoints.Decode(ReportCheckpoints.Encode(history)), T0.AddDays(2)));
        Assert.Equal(75, measured.Value);
        Assert.Equal("3 of 4 registered households asked \"are you safe?\" answered.", measured.Evidence[0]);
        Assert.Equal("Median 3 crisis hours from the first question to the answer; slowest 26 h.", measured.Evidence[1]);
        Assert.StartsWith("2 households were asked a second time after a day without an answer; 1 never answered", measured.Evidence[2]);
    }

    [Fact]
    public void Passengers_are_reconciled_when_received_at_the_site_or_reported_missing()
    {
        var (offer, first, second, third) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var (a, b, c) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var now = T0.AddHours(40);
        var history = Fold(
        [
            Published(offer), Requested(a, T0, people: 3), Requested(b, T0, people: 2), Requested(c, T0, people: 1),
            // First: 3 on board, 2 received, 1 reported missing. Second: 2 on board, 1 received, window passed, nobody reported.
            new MovementDeparted { ManifestId = first, OfferId = offer, ToPlace = "EG-SALLOUM", RequestIds = [a], Passengers = 3, DepartedAt = T0.AddHours(2) },
            Arrived(Guid.NewGuid(), a, Guid.NewGuid(), "EG-SALLOUM", T0.AddHours(8)), Arrived(Guid.NewGuid(), a, Guid.NewGuid(), "EG-SALLOUM", T0.AddHours(8)),
            new PeopleMissingAfterDeparture { ManifestId = first, SiteCode = "EG-SALLOUM", Missing = 1 },
            new MovementDeparted { ManifestId = second, OfferId = offer, ToPlace = "EG-SALLOUM", RequestIds = [b], Passengers = 2, DepartedAt = T0.AddHours(3) },
            Arrived(Guid.NewGuid(), b, Guid.NewGuid(), "EG-SALLOUM", T0.AddHours(9)),
            Arrived(Guid.NewGuid(), b, Guid.NewGuid(), "TN-RAS-AJDIR", T0.AddHours(9)), // received elsewhere: not this movement's site
            // Third: still within its window, its passenger on the way: not counted yet.
            new MovementDeparted { ManifestId = third, OfferId = offer, ToPlace = "EG-SALLOUM", RequestIds = [c], Passengers = 1, DepartedAt = now.AddHours(-2) },
        ]);
        var measured = ObjectiveMeasures.Measure(ObjectiveMetrics.ArrivalsReconciledPercent, Scope(history, now));
        Assert.Equal(80, measured.Value);
        Assert.Equal(
        [
            "4 of 5 passengers on 2 movements were accounted for at the receiving site: 3 received, 1 reported missing.",
            "1 passenger on 1 movement neither received nor reported missing, at EG-SALLOUM.",
            "1 movement still within 24 crisis hours of its departure, with people yet to arrive, not counted.",
        ], measured.Evidence);
    }

    [Fact]
    public void Families_and_vulnerable_first_are_the_after_action_reports_own_figures()
    {
        var (a, b) = (Guid.NewGuid(), Guid.NewGuid());
        var history = Fold(
        [
            Requested(a, T0, people: 4), Status(a, RequestStatus.Matched, 2, T0.AddHours(1)),
            Requested(b, T0, people: 3), Status(b, RequestStatus.Matched, 2, T0.AddHours(1)),
            Requested(Guid.NewGuid(), T0, people: 1) with { SplitFromRequestId = b },
        ]);
        var scope = Scope(history, T0.AddHours(5));
        var families = ObjectiveMeasures.Measure(ObjectiveMetrics.FamiliesKeptTogetherPercent, scope);
        Assert.Equal(50, families.Value);
        Assert.Equal(["1 of 2 families travelled together.", "1 family parted because someone did not board (3 people in them)."], families.Evidence);
        var vulnerable = ObjectiveMeasures.Measure(ObjectiveMetrics.VulnerableFirstPercent, scope);
        Assert.Null(vulnerable.Value);
        Assert.Equal(scope.Report.VulnerableFirst.Measure, Assert.Single(vulnerable.Evidence));
    }

    [Fact]
    public void The_evaluation_rates_each_objective_and_sorts_strengths_from_areas_for_improvement()
    {
        var (a, b) = (Guid.NewGuid(), Guid.NewGuid());
        var history = Fold(
        [
            Requested(a, T0, Needs.Medical), Status(a, RequestStatus.Matched, 2, T0.AddHours(9)),
            Requested(b, T0, Needs.Medical), Status(b, RequestStatus.Matched, 2, T0.AddHours(11)),
        ]);
        var plan = new ExercisePlan(
        [
            new ExerciseObjective("medical-first", "Matching by vulnerability", "Medical groups within 12 h.", ObjectiveMetrics.MedicalWaitP90Hours, new ObjectiveTarget(AtMost: 12)),
            new ExerciseObjective("fast", "Matching", "Median within 4 h.", ObjectiveMetrics.WaitMedianHours, new ObjectiveTarget(AtMost: 4)),
            new ExerciseObjective("rematch", "Movement coordination", "Rematched within 6 h.", ObjectiveMetrics.RematchP90Hours, new ObjectiveTarget(AtMost: 6)),
        ], []);
        var evaluation = ExerciseEvaluation.Of("libya-2011", plan, Scope(history, T0.AddHours(20)));

        Assert.Equal(["P", "U", "U"], evaluation.Objectives.Select(o => o.Rating.ToString()));
        Assert.Equal(10.8, evaluation.Objectives[0].Measured);
        Assert.Equal("at most 12 h", evaluation.Objectives[0].Goal);
        Assert.Equal(T0, evaluation.CrisisFrom);
        Assert.Equal(["Matching by vulnerability: Medical groups within 12 h. Achieved 10.8 h against a target of at most 12 h."], evaluation.Strengths);
        Assert.Equal(
        [
            "Matching: Median within 4 h. Measured 10 h against a target of at most 4 h: rated U, unable to be performed.",
            "Movement coordination: Rematched within 6 h. Not measured: No offer was withdrawn in this exercise, so no group had to be matched again. Rated U, unable to be performed.",
        ], evaluation.AreasForImprovement);
    }

    static readonly HashSet<string> Organisations = ["iom", "transit-tun"];
    static readonly DateTimeOffset RealNow = new(2026, 12, 7, 22, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("", "iom", "2027-01-31", "text")]
    [InlineData("Train the desk.", "nobody", "2027-01-31", "ownerOrganisationId")]
    [InlineData("Train the desk.", "iom", "next week", "dueBy")]
    [InlineData("Train the desk.", "iom", "2026-12-06", "dueBy")]
    [InlineData("Train the desk.", "iom", "2026-12-07T21:00:00Z", "dueBy")]
    [InlineData("Train the desk.", "iom", "2027-01-31T10:00:00", "dueBy")] // a time without its offset is not a moment
    [InlineData("Train\u001bthe desk.", "iom", "2027-01-31", "text")]
    public void An_improvement_is_refused_naming_what_is_wrong(string text, string owner, string due, string field)
    {
        var errors = ImprovementRules.Errors(new NewImprovement(null, text, owner, due), Organisations, RealNow, out _);
        Assert.Equal(field, Assert.Single(errors.Keys));
    }

    [Fact]
    public void An_improvement_is_due_by_the_end_of_its_day_and_done_only_with_evidence()
    {
        Assert.Empty(ImprovementRules.Errors(new NewImprovement(null, "تعزيز فرق الاستقبال في رأس جدير", "transit-tun", "2026-12-07"), Organisations, RealNow, out var due));
        Assert.Equal(new DateTimeOffset(2026, 12, 7, 23, 59, 59, TimeSpan.Zero), due);
        Assert.Equal(new DateTimeOffset(2027, 1, 31, 8, 0, 0, TimeSpan.Zero), ImprovementRules.ParseDue("2027-01-31T10:00:00+02:00"));
        Assert.Equal(["text"], ImprovementRules.Errors(new NewImprovement(null, new string('x', 2_001), "iom", "2027-01-31"), Organisations, RealNow, out _).Keys);

        Assert.Equal(["evidence"], ImprovementRules.Errors(new ImprovementChange("done", null)).Keys);
        Assert.Equal(["evidence"], ImprovementRules.Errors(new ImprovementChange("done", "  ")).Keys);
        Assert.Empty(ImprovementRules.Errors(new ImprovementChange("done", "Two more officers trained at Ras Ajdir.")));
        Assert.Empty(ImprovementRules.Errors(new ImprovementChange("in-progress", null)));
        Assert.Equal(["status"], ImprovementRules.Errors(new ImprovementChange("finished", null)).Keys);
        Assert.Equal(["status"], ImprovementRules.Errors(new ImprovementChange(null, null)).Keys);
    }
}
