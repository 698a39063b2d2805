using System.Globalization;
using Micic.Contracts;

namespace Micic.Dashboard.Domain;

/// <summary>
/// What an exercise is measured on: the crisis's history as the dashboard folded it, the after-action report compiled from
/// it (whose figures the measures take rather than count again), the crisis time now, and how long Transit waits after a
/// departure before it reports the people who never arrived.
/// </summary>
public sealed record MeasureScope(CrisisHistory History, AfterActionReport Report, DateTimeOffset Now, TimeSpan ArrivalWindow)
{
    public string CrisisId => Report.CrisisId;
}

/// <summary>
/// A metric measured: its value in the metric's unit (null when there is nothing to measure) and the evidence a training
/// team reads, one plain sentence each.
/// </summary>
public sealed record Measurement(double? Value, IReadOnlyList<string> Evidence)
{
    public static Measurement Nothing(string why) => new(null, [why]);
}

/// <summary>
/// Each metric an objective can name (<see cref="ObjectiveMetrics.Known"/>), measured from the event history. Every time is
/// crisis time (the platform's clock), in hours. A wait counts groups, not people: a group still waiting counts as waiting
/// until now, so that a drill which leaves people behind is not rated on those it served alone; a cancelled group that was
/// never matched is not counted.
/// </summary>
public static class ObjectiveMeasures
{
    public static readonly IReadOnlyDictionary<string, Func<MeasureScope, Measurement>> ByMetric =
        new Dictionary<string, Func<MeasureScope, Measurement>>(StringComparer.Ordinal)
        {
            [ObjectiveMetrics.MedicalWaitP90Hours] = MedicalWaitP90,
            [ObjectiveMetrics.WaitMedianHours] = WaitMedian,
            [ObjectiveMetrics.FamiliesKeptTogetherPercent] = FamiliesKeptTogether,
            [ObjectiveMetrics.VulnerableFirstPercent] = VulnerableFirst,
            [ObjectiveMetrics.ChildReferralsInTimePercent] = ChildReferralsInTime,
            [ObjectiveMetrics.CheckInsAnsweredPercent] = CheckInsAnswered,
            [ObjectiveMetrics.ArrivalsReconciledPercent] = ArrivalsReconciled,
            [ObjectiveMetrics.RematchP90Hours] = RematchP90,
        };

    /// <summary>The unit a metric is measured in: <c>h</c> (crisis hours) or <c>%</c>.</summary>
    public static string Unit(string metric) => metric.EndsWith("-hours", StringComparison.Ordinal) ? "h" : "%";

    /// <summary>A value with its unit, as the evaluation says it: "9.5 h", "97 %".</summary>
    public static string Say(string metric, double value) => Unit(metric) == "h" ? Invariant($"{value:0.#} h") : Invariant($"{value:0.#} %");

    public static Measurement Measure(string metric, MeasureScope scope) =>
        ByMetric.TryGetValue(metric, out var measure) ? measure(scope) : Measurement.Nothing($"Micic does not know the metric '{metric}'.");

    const Needs MedicalNeeds = Needs.Medical | Needs.MedicalStretcher;

    static Measurement MedicalWaitP90(MeasureScope scope) =>
        WaitToMatch(scope, scope.History.GroupsOf(scope.CrisisId).Where(g => (g.Needs & MedicalNeeds) != 0), "groups with a medical need", 0.9);

    static Measurement WaitMedian(MeasureScope scope) => WaitToMatch(scope, scope.History.GroupsOf(scope.CrisisId), "groups", 0.5);

    /// <summary>Hours from asking to the first match, per group; a group still waiting counts until now.</summary>
    static Measurement WaitToMatch(MeasureScope scope, IEnumerable<GroupJourney> groups, string what, double percentile)
    {
        var counted = groups.Where(g => g.People > 0 && (g.MatchedAt is not null || g.IsWaiting))
            .Select(g => (Group: g, Hours: Hours(g.SubmittedAt, g.MatchedAt ?? scope.Now))).ToList();
        if (counted.Count == 0)
            return Measurement.Nothing($"No {what} asked for a seat in this exercise, so there is no wait to measure.");
        var waiting = counted.Count(c => c.Group.MatchedAt is null);
        var value = Percentile(counted.Select(c => c.Hours), percentile);
        var evidence = new List<string>
        {
            Invariant($"{(percentile == 0.5 ? "Median" : $"p{percentile * 100:0}")} {value:0.#} crisis hours from asking to a seat over {counted.Count:N0} {what}")
                + (waiting == 0 ? "." : Invariant($" ({counted.Count - waiting:N0} matched, {waiting:N0} still waiting, counted until now).")),
            Invariant($"Slowest {counted.Max(c => c.Hours):0.#} h; fastest {counted.Min(c => c.Hours):0.#} h."),
        };
        var byPlace = counted.GroupBy(c => c.Group.PickupPlace).Select(set => (Place: set.Key, Groups: set.Count(), Value: Percentile(set.Select(c => c.Hours), percentile)))
            .OrderByDescending(p => p.Value).ToList();
        if (byPlace.Count > 1)
            evidence.Add(Invariant($"By pickup place, longest at {byPlace[0].Place} ({byPlace[0].Value:0.#} h over {Count(byPlace[0].Groups, "group")}), shortest at {byPlace[^1].Place} ({byPlace[^1].Value:0.#} h over {Count(byPlace[^1].Groups, "group")})."));
        return new Measurement(Math.Round(value, 1), evidence);
    }

    /// <summary>The after-action report's families: asked together (two or more), travelled on one movement.</summary>
    static Measurement FamiliesKeptTogether(MeasureScope scope)
    {
        var families = scope.Report.Families;
        if (families.Groups == 0)
            return Measurement.Nothing("No family (a group of two or more) asked in this exercise, so there is none to keep together.");
        var evidence = new List<string> { Invariant($"{families.KeptTogether:N0} of {families.Groups:N0} families travelled together.") };
        foreach (var reason in families.Exceptions.GroupBy(e => e.Reason).OrderByDescending(set => set.Count()))
            evidence.Add(reason.Key switch
            {
                AfterActionReport.DidNotBoard => Invariant($"{Count(reason.Count(), "family", "families")} parted because someone did not board ({Count(reason.Sum(e => e.People), "person", "people")} in them)."),
                AfterActionReport.OnwardSeparately => Invariant($"{Count(reason.Count(), "family", "families")} went on from a transit site on different movements."),
                _ => Invariant($"{Count(reason.Count(), "family", "families")}: {reason.Key}."),
            });
        return new Measurement(Math.Round(100.0 * families.KeptTogether / families.Groups, 1), evidence);
    }

    /// <summary>The after-action report's measure: pairs that could have taken the same seat.</summary>
    static Measurement VulnerableFirst(MeasureScope scope)
    {
        var share = scope.Report.VulnerableFirst;
        if (share.Share is not { } value)
            return Measurement.Nothing(share.Measure);
        var evidence = new List<string> { share.Measure };
        if (share.PairsWhateverSeat > 0 && (share.PairsWhateverSeat, share.VulnerableFirstWhateverSeat) != (share.Pairs, share.VulnerableFirst))
            evidence.Add(Invariant($"Counting every pair from the same place to the same destination, whatever seats each could take, it would be {100.0 * share.VulnerableFirstWhateverSeat / share.PairsWhateverSeat:0} % of {share.PairsWhateverSeat:N0} pairs: the narrower measure leaves out seats one of the two could not have taken."));
        return new Measurement(Math.Round(100 * value, 1), evidence);
    }

    /// <summary>
    /// Child-protection referrals of unaccompanied or separated children (those flagged for a best-interest assessment):
    /// in time when a partner accepted by the due time. One not yet accepted counts once its due time has passed.
    /// </summary>
    static Measurement ChildReferralsInTime(MeasureScope scope)
    {
        var referrals = scope.History.ReferralsOf(scope.CrisisId).Where(r => r.BestInterestAssessment).ToList();
        bool Accepted(ReferralRecord r) => r.AcceptedAt is not null || r.Status == "completed";
        var due = referrals.Where(r => Accepted(r) || r.DueBy <= scope.Now).ToList();
        if (due.Count == 0)
            return Measurement.Nothing(referrals.Count == 0
                ? "No unaccompanied or separated child was referred in this exercise."
                : Invariant($"{referrals.Count:N0} child referrals are open and not yet due, so none can be judged yet."));
        var inTime = due.Where(r => Accepted(r) && !scope.History.WasOverdue(r) && (r.AcceptedAt is not { } at || at <= r.DueBy)).ToList();
        var late = due.Where(r => Accepted(r) && !inTime.Contains(r)).ToList();
        var never = due.Count(r => !Accepted(r));
        var evidence = new List<string>
        {
            Invariant($"{inTime.Count:N0} of {due.Count:N0} child referrals due were accepted by a partner within their due time."),
        };
        if (late.Count > 0)
        {
            var lateness = late.Where(r => r.AcceptedAt is not null).Select(r => Hours(r.DueBy, r.AcceptedAt!.Value)).DefaultIfEmpty(0).Max();
            evidence.Add(Invariant($"{Count(late.Count, "was", "were")} accepted late, {(late.Count == 1 ? "" : "the latest ")}{lateness:0.#} h after {(late.Count == 1 ? "its" : "their")} due time."));
        }
        if (never > 0)
            evidence.Add(Invariant($"{Count(never, "was", "were")} past due and still not accepted (routed, declined or with no partner to route to)."));
        if (referrals.Count > due.Count)
            evidence.Add(Invariant($"{Count(referrals.Count - due.Count, "more is", "more are")} open and not yet due: not counted."));
        return new Measurement(Math.Round(100.0 * inTime.Count / due.Count, 1), evidence);
    }

    /// <summary>Registered households asked "are you safe?" in the crisis that answered at least once.</summary>
    static Measurement CheckInsAnswered(MeasureScope scope)
    {
        var households = scope.History.CheckInsOf(scope.CrisisId).ToList();
        if (households.Count == 0)
            return Measurement.Nothing("No registered household was asked \"are you safe?\" in this exercise.");
        var answered = households.Where(h => h.AnsweredAt is not null).ToList();
        var evidence = new List<string> { Invariant($"{answered.Count:N0} of {households.Count:N0} registered households asked \"are you safe?\" answered.") };
        var times = answered.Where(h => h.AskedAt is not null).Select(h => Hours(h.AskedAt!.Value, h.AnsweredAt!.Value)).ToList();
        if (times.Count > 0)
            evidence.Add(Invariant($"Median {Percentile(times, 0.5):0.#} crisis hours from the first question to the answer; slowest {times.Max():0.#} h."));
        var askedTwice = households.Count(h => h.Attempts >= 2);
        if (askedTwice > 0)
            evidence.Add(Invariant($"{Count(askedTwice, "household was", "households were")} asked a second time after a day without an answer; {households.Count - answered.Count:N0} never answered and went to their consulates' lists to call."));
        return new Measurement(Math.Round(100.0 * answered.Count / households.Count, 1), evidence);
    }

    /// <summary>
    /// Per movement, the passengers accounted for at its site: received there, or reported missing by Transit once the
    /// window after departure passed. A movement still within that window counts only once everyone on it is received.
    /// </summary>
    static Measurement ArrivalsReconciled(MeasureScope scope)
    {
        var arrivals = scope.History.ArrivalsOf(scope.CrisisId).Where(a => a.RequestId is not null)
            .ToLookup(a => (a.SiteCode, RequestId: a.RequestId!.Value));
        var movements = scope.History.MovementsOf(scope.CrisisId).Where(m => m.Passengers > 0).Select(m =>
        {
            var received = (m.RequestIds ?? []).SelectMany(r => arrivals[(m.ToPlace, r)]).Select(a => a.PersonId).Distinct().Count();
            var missing = scope.History.MissingAfter(m.ManifestId);
            var settled = received >= m.Passengers || missing > 0 || m.DepartedAt + scope.ArrivalWindow <= scope.Now;
            var reconciled = Math.Min(m.Passengers, received + missing);
            return (Movement: m, Reconciled: reconciled, Received: Math.Min(m.Passengers, received), Settled: settled);
        }).ToList();
        var counted = movements.Where(m => m.Settled).ToList();
        if (counted.Count == 0)
            return Measurement.Nothing(movements.Count == 0
                ? "No movement left in this exercise, so there is nobody to account for."
                : Invariant($"{movements.Count:N0} movements are still within {scope.ArrivalWindow.TotalHours:0} crisis hours of their departure: none can be reconciled yet."));
        var passengers = counted.Sum(m => m.Movement.Passengers);
        var reconciled = counted.Sum(m => m.Reconciled);
        var evidence = new List<string>
        {
            Invariant($"{reconciled:N0} of {passengers:N0} passengers on {counted.Count:N0} movements were accounted for at the receiving site: {counted.Sum(m => m.Received):N0} received, {reconciled - counted.Sum(m => m.Received):N0} reported missing."),
        };
        var open = counted.Where(m => m.Reconciled < m.Movement.Passengers).ToList();
        if (open.Count > 0)
            evidence.Add(Invariant($"{Count(open.Sum(m => m.Movement.Passengers - m.Reconciled), "passenger")} on {Count(open.Count, "movement")} neither received nor reported missing, at {string.Join(", ", open.Select(m => m.Movement.ToPlace).Distinct().Order(StringComparer.Ordinal))}."));
        if (movements.Count > counted.Count)
            evidence.Add(Invariant($"{Count(movements.Count - counted.Count, "movement")} still within {scope.ArrivalWindow.TotalHours:0} crisis hours of {(movements.Count - counted.Count == 1 ? "its" : "their")} departure, with people yet to arrive, not counted."));
        return new Measurement(Math.Round(100.0 * reconciled / passengers, 1), evidence);
    }

    /// <summary>
    /// Groups matched on an offer that was then withdrawn: hours from their return to waiting (the release the withdrawal
    /// caused) to their next match; one still waiting counts until now, one cancelled meanwhile is not counted.
    /// </summary>
    static Measurement RematchP90(MeasureScope scope)
    {
        var withdrawn = scope.History.OffersOf(scope.CrisisId).Where(o => o.Status == OfferStatus.Withdrawn).Select(o => o.OfferId).ToHashSet();
        if (withdrawn.Count == 0)
            return Measurement.Nothing("No offer was withdrawn in this exercise, so no group had to be matched again.");
        var released = new List<(GroupJourney Group, double Hours, bool Rematched)>();
        foreach (var group in scope.History.GroupsOf(scope.CrisisId))
        {
            var steps = group.Steps.ToList();
            for (var i = 0; i < steps.Count; i++)
            {
                if (steps[i] is not { Status: RequestStatus.Matched, OfferId: { } offer } || !withdrawn.Contains(offer))
                    continue;
                var release = steps.Skip(i + 1).FirstOrDefault(s => s.Status == RequestStatus.Pending);
                if (release is null)
                    continue;
                var rematch = steps.FirstOrDefault(s => s.Sequence > release.Sequence && s.Status == RequestStatus.Matched);
                if (rematch is not null)
                    released.Add((group, Hours(release.At, rematch.At), true));
                else if (group.IsWaiting)
                    released.Add((group, Hours(release.At, scope.Now), false));
            }
        }
        if (released.Count == 0)
            return Measurement.Nothing(Invariant($"{withdrawn.Count:N0} offers were withdrawn, but no group was matched on them, so none had to be matched again."));
        var waiting = released.Count(r => !r.Rematched);
        var value = Percentile(released.Select(r => r.Hours), 0.9);
        return new Measurement(Math.Round(value, 1),
        [
            Invariant($"p90 {value:0.#} crisis hours from release to a new seat over {Count(released.Count, "group")} released from {Count(withdrawn.Count, "withdrawn offer")}")
                + (waiting == 0 ? "." : Invariant($" ({released.Count - waiting:N0} matched again, {waiting:N0} still waiting, counted until now).")),
            Invariant($"Slowest {released.Max(r => r.Hours):0.#} h; {released.Sum(r => r.Group.People):N0} people were in these groups."),
        ]);
    }

    /// <summary>A count with its word: "1 group", "3 groups".</summary>
    static string Count(int count, string one, string? many = null) => Invariant($"{count:N0} {(count == 1 ? one : many ?? one + "s")}");

    static double Hours(DateTimeOffset from, DateTimeOffset to) => Math.Max(0, (to - from).TotalHours);

    /// <summary>The percentile of the values, each a group, by the after-action report's rule (<see cref="WaitStatistics"/>).</summary>
    static double Percentile(IEnumerable<double> hours, double percentile)
    {
        var figures = WaitStatistics.Of(hours.Select(h => new Wait(h, 1)));
        return (percentile == 0.5 ? figures.Median : percentile == 0.9 ? figures.P90 : figures.P95) ?? 0;
    }

    static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
