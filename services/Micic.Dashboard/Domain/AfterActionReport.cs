using System.Globalization;
using Micic.Contracts;

namespace Micic.Dashboard.Domain;

/// <summary>How long a set of people waited, in hours; <see cref="Key"/> names the set within a breakdown.</summary>
public sealed record WaitGroup(string? Key, int People, double? Median, double? P90, double? P95)
{
    public static WaitGroup Of(string? key, IEnumerable<Wait> waits)
    {
        var figures = WaitStatistics.Of(waits);
        return new WaitGroup(key, figures.People, figures.Median, figures.P90, figures.P95);
    }
}

public sealed record WaitBreakdown(WaitGroup Overall, IReadOnlyList<WaitGroup> ByNeed, IReadOnlyList<WaitGroup> ByNationality, IReadOnlyList<WaitGroup> ByPickupPlace);

/// <summary>
/// People counted on each request (<see cref="Requested"/> … <see cref="OnwardJourneys"/>: an onward leg from a transit
/// site counts its people again), and each person once: <see cref="DistinctPeople"/> asked, <see cref="DistinctDeparted"/>
/// evacuated (left at least once), on <see cref="Requests"/> requests.
/// </summary>
public sealed record PeopleFigures(
    int Requested, int Matched, int Departed, int Completed, int Cancelled, int? Missing, int NoShows, int Waiting, int OnwardJourneys,
    int Requests, int DistinctPeople, int DistinctDeparted);

/// <summary>The waits of one need level by nationality, and whether they differ beyond chance there.</summary>
public sealed record FairnessByNeed(string NeedLevel, IReadOnlyList<WaitGroup> Nationalities, double? PValue);

/// <summary>
/// Whether nationality made a difference to the wait for a seat among groups that could have taken the same seats: a
/// stratified Kruskal–Wallis test on groups, and the finding in one sentence.
/// </summary>
/// <remarks>
/// <see cref="PValue"/> compares only groups that could have taken the same seats; <see cref="PValueWithinNeedLevel"/>
/// and <see cref="PValueWithinDestination"/> are the broader comparisons, kept to show what the narrower one removes.
/// </remarks>
public sealed record FairnessFinding(
    string Finding, double? PValue, double? PValueWithinDestination, int GroupsTested, IReadOnlyList<FairnessByNeed> ByNeed, double? PValueWithinNeedLevel);

/// <summary>A family not kept together, and why; its request is named to coordinators only.</summary>
public sealed record FamilyException(Guid? RequestId, int People, string Reason, string Detail);

public sealed record FamilyFigures(int Groups, int KeptTogether, IReadOnlyList<FamilyException> Exceptions);

/// <summary>
/// Did the vulnerable go first, among pairs of groups that could have taken the same seat; <see cref="Measure"/> says it
/// in one sentence. <see cref="PairsWhateverSeat"/> and <see cref="VulnerableFirstWhateverSeat"/> count every pair from
/// the same place to the same destination, whatever seats each could take: the broader figure, kept to show what the
/// narrower one removes.
/// </summary>
public sealed record VulnerableFirstShare(
    double? Share, long Pairs, long VulnerableFirst, string Measure, long PairsWhateverSeat, long VulnerableFirstWhateverSeat)
{
    public static string Sentence(long pairs, long first) => pairs == 0
        ? "No vulnerable group has yet waited alongside a group without such needs that could have taken the same seat, so there is nothing to compare."
        : string.Create(CultureInfo.InvariantCulture,
            $"Of {pairs:N0} {(pairs == 1 ? "pair" : "pairs")} of groups that could have taken the same seat (same pickup place and destination, each eligible for the offer that took the other, the group without such needs having waited at least as long), the vulnerable group went first in {first:N0} ({100.0 * first / pairs:0}%).");
}

public sealed record ReferralServiceFigures(
    string Key, int Referrals, int NotShared, int Routed, int Accepted, int Declined, int Completed, int Unrouted, int Overdue);

public sealed record ReferralFigures(IReadOnlyList<ReferralServiceFigures> ByService);

public sealed record OfferFigures(int Offers, int Withdrawn, int Movements, int Seats, int Used);

public sealed record TimelinePoint(DateTimeOffset From, int People);

/// <summary>People who left, per period (<c>minute</c>, <c>hour</c>, <c>day</c> or <c>week</c>, whichever shows the operation in a few dozen bars).</summary>
public sealed record Timeline(string Period, IReadOnlyList<TimelinePoint> Items);

/// <summary>What people said in a crisis, by category: aggregates only, never a word or a phone.</summary>
public sealed record FeedbackReport(IReadOnlyList<FeedbackCategoryReport> ByCategory);

/// <summary>Feedback of one category: received, answered, and the median hours from receipt to answer (null when none was answered).</summary>
public sealed record FeedbackCategoryReport(string Key, int Received, int Answered, double? MedianHoursToAnswer);

/// <summary>
/// The after-action report of a crisis: aggregates only, computed from the dashboard's event history, for everyone or
/// for a consulate's nationals (<see cref="Nationalities"/>) in groups that agreed to sharing with their consulate — no
/// request named, no line about other nationals; what cannot be told for nationals alone is left out and said in
/// <see cref="Notes"/>.
/// </summary>
public sealed record AfterActionReport(
    string CrisisId, string CrisisName, DateTimeOffset GeneratedAt, IReadOnlyList<string>? Nationalities, PeopleFigures People,
    WaitBreakdown WaitToMatch, WaitBreakdown WaitToDeparture, WaitBreakdown WaitToArrival, FairnessFinding Fairness,
    FamilyFigures Families, VulnerableFirstShare VulnerableFirst, ReferralFigures? Referrals, OfferFigures? Offers,
    Timeline EvacuationsOverTime, IReadOnlyList<string> Notes, FeedbackReport? Feedback = null, CostReport? Costs = null)
{
    public const string OtherNationalities = "other nationalities";
    public const string DidNotBoard = "did-not-board";
    public const string OnwardSeparately = "onward-separately";
}

/// <summary>Compiles the after-action report from the history: every figure's rule, in one place.</summary>
public static class AfterAction
{
    /// <param name="nationalities">A consulate's nationalities, or null for the whole operation.</param>
    public static AfterActionReport Compile(CrisisHistory history, string crisisId, string crisisName, IReadOnlySet<string>? nationalities, DateTimeOffset now)
    {
        var groups = history.GroupsOf(crisisId).ToList();
        var inScope = groups.Where(g => g.PeopleOf(nationalities) > 0).ToList();
        int PeopleOf(GroupJourney g) => g.PeopleOf(nationalities);
        int Sum(IEnumerable<GroupJourney> some) => some.Sum(PeopleOf);
        var notes = new List<string>
        {
            "Waits are in hours from the moment a group asked; a passenger who did not board keeps the time their group asked. "
            + "An onward journey from a transit site is a request of its own, counted from when it was raised.",
        };

        var movements = history.MovementsOf(crisisId).ToList();
        var people = new PeopleFigures(
            Requested: Sum(inScope),
            Matched: Sum(inScope.Where(g => g.MatchedAt is not null)),
            Departed: Sum(inScope.Where(g => g.DepartedAt is not null)),
            Completed: Sum(inScope.Where(g => g.Status == RequestStatus.Completed)),
            Cancelled: Sum(inScope.Where(g => g.Status == RequestStatus.Cancelled)),
            Missing: nationalities is null ? movements.Sum(m => history.MissingAfter(m.ManifestId)) : null,
            NoShows: Sum(inScope.Where(g => g.SplitFromRequestId is not null)),
            Waiting: Sum(inScope.Where(g => g.IsWaiting)),
            OnwardJourneys: Sum(inScope.Where(g => g.OnwardFromRequestId is not null)),
            Requests: inScope.Count,
            DistinctPeople: Sum(inScope.Where(g => g.OnwardFromRequestId is null)),
            DistinctDeparted: Sum(inScope.Where(g => g.OnwardFromRequestId is null && g.DepartedAt is not null)));
        if (nationalities is not null)
        {
            notes.Add("Only nationals whose group agreed to sharing with their consulate are counted; the fairness test compares them with "
                + "everyone else, whose waits are not shown.");
            notes.Add("Missing people, referrals and seats are counted per movement, site and offer, not per nationality, and what people said in "
                + "feedback is not told by nationality: they are in the coordinators' report only.");
        }

        return new AfterActionReport(
            crisisId, crisisName, now, nationalities?.Order(StringComparer.Ordinal).ToList(), people,
            Waits(inScope, g => g.MatchedAt, nationalities),
            Waits(inScope, g => g.DepartedAt, nationalities),
            Waits(inScope, g => g.CompletedAt, nationalities),
            Fairness(history, groups, nationalities, now),
            Families(groups, inScope, nationalities),
            VulnerableFirst(history, groups, nationalities),
            nationalities is null ? Referrals(history, crisisId) : null,
            nationalities is null ? Offers(history, crisisId, movements) : null,
            Evacuations(inScope, nationalities),
            notes,
            nationalities is null ? Feedback(history, crisisId) : null,
            Costs.Compile(history, crisisId, nationalities,
                movements.Select(m => m.ToPlace).Concat(history.ArrivalsOf(crisisId).Select(a => a.SiteCode)).Where(site => site.Length > 0)
                    .ToHashSet(StringComparer.Ordinal),
                groups.Count == 0 ? null : (DateOnly.FromDateTime(groups.Min(g => g.SubmittedAt).UtcDateTime), DateOnly.FromDateTime(now.UtcDateTime))));
    }

    static WaitBreakdown Waits(IReadOnlyList<GroupJourney> groups, Func<GroupJourney, DateTimeOffset?> until, IReadOnlySet<string>? nationalities)
    {
        var reached = groups.Where(g => until(g) is not null).ToList();
        double Hours(GroupJourney g) => Math.Max(0, (until(g)!.Value - g.SubmittedAt).TotalHours);
        IReadOnlyList<WaitGroup> By(Func<GroupJourney, string> key) => reached.GroupBy(key)
            .Select(set => WaitGroup.Of(set.Key, set.Select(g => new Wait(Hours(g), g.PeopleOf(nationalities)))))
            .OrderByDescending(w => w.People).ThenBy(w => w.Key, StringComparer.Ordinal).ToList();

        var byNationality = reached
            .SelectMany(g => g.Nationalities.Where(n => n.Value > 0 && (nationalities is null || nationalities.Contains(n.Key)))
                .Select(n => (Nationality: n.Key, Wait: new Wait(Hours(g), n.Value))))
            .GroupBy(n => n.Nationality)
            .Select(set => WaitGroup.Of(set.Key, set.Select(n => n.Wait)))
            .OrderByDescending(w => w.People).ThenBy(w => w.Key, StringComparer.Ordinal).ToList();
        var byNeed = reached.GroupBy(g => (g.NeedLevel, g.NeedWeight))
            .OrderByDescending(set => set.Key.NeedWeight).ThenBy(set => set.Key.NeedLevel, StringComparer.Ordinal)
            .Select(set => WaitGroup.Of(set.Key.NeedLevel, set.Select(g => new Wait(Hours(g), g.PeopleOf(nationalities)))))
            .ToList();
        return new WaitBreakdown(
            WaitGroup.Of(null, reached.Select(g => new Wait(Hours(g), g.PeopleOf(nationalities)))), byNeed, byNationality, By(g => g.PickupPlace));
    }

    /// <summary>
    /// Each group once, under the nationality most of it holds (a consulate's nationals against everyone else), waiting
    /// until its first match — or until now, for a group still waiting, so that those left behind count too. Groups are
    /// compared only with those that could have taken the same seats: the same need level, pickup place and destination,
    /// and the same offers open to them among those that took a group there (<see cref="SeatEligibility"/>), so that a
    /// charter a State reserves for its own nationals does not pass for unfairness. A consulate's nationals count only in
    /// groups that agreed to sharing, and it is shown its nationals' lines only.
    /// </summary>
    static FairnessFinding Fairness(CrisisHistory history, IReadOnlyList<GroupJourney> groups, IReadOnlySet<string>? nationalities, DateTimeOffset now)
    {
        bool Mine(GroupJourney g) => nationalities is null || nationalities.Contains(g.MainNationality);
        var considered = groups.Where(g => g.People > 0 && (g.MatchedAt is not null || g.IsWaiting) && (nationalities is null || !Mine(g) || g.SharedWithConsulates))
            .ToList();
        string Label(GroupJourney g) => Mine(g) ? g.MainNationality : AfterActionReport.OtherNationalities;
        double Hours(GroupJourney g) => Math.Max(0, ((g.MatchedAt ?? now) - g.SubmittedAt).TotalHours);

        var servedFrom = groups.GroupBy(Pool, StringComparer.Ordinal).ToDictionary(pool => pool.Key, pool => pool
            .Select(g => g.MatchedOn).OfType<Guid>().Distinct().Order()
            .Select(id => (Id: id, Terms: history.TermsOf(id))).Where(offer => offer.Terms is not null).ToList(), StringComparer.Ordinal);
        var needLevelOf = new Dictionary<string, string>(StringComparer.Ordinal);
        string Comparable(GroupJourney g)
        {
            var seeker = Seeker(g);
            var open = servedFrom[Pool(g)].Where(offer => SeatEligibility.MayTake(seeker, offer.Terms!)).Select(offer => offer.Id.ToString("N"));
            var stratum = $"{g.NeedLevel}|{Pool(g)}|{string.Join(',', open)}";
            needLevelOf[stratum] = g.NeedLevel;
            return stratum;
        }

        var comparable = NationalityFairness.Test(considered.Select(g => new LabelledWait(Comparable(g), Label(g), Hours(g))), AfterActionReport.OtherNationalities);
        var byNeedLevel = NationalityFairness.Test(considered.Select(g => new LabelledWait(g.NeedLevel, Label(g), Hours(g))), AfterActionReport.OtherNationalities);
        var byDestination = NationalityFairness.Test(
            considered.Select(g => new LabelledWait($"{g.NeedLevel} to {g.DestinationCountry}", Label(g), Hours(g))), AfterActionReport.OtherNationalities);

        var byNeed = considered.Where(Mine).GroupBy(g => (g.NeedLevel, g.NeedWeight))
            .OrderByDescending(set => set.Key.NeedWeight).ThenBy(set => set.Key.NeedLevel, StringComparer.Ordinal)
            .Select(level => new FairnessByNeed(level.Key.NeedLevel,
                level.GroupBy(Label)
                    .Select(set => WaitGroup.Of(set.Key, set.Select(g => new Wait(Hours(g), g.PeopleOf(nationalities)))))
                    .OrderByDescending(w => w.People).ThenBy(w => w.Key, StringComparer.Ordinal).ToList(),
                CombinedPValue(comparable.Strata.Where(s => needLevelOf[s.Stratum] == level.Key.NeedLevel))))
            .ToList();
        return new FairnessFinding(Finding(comparable, nationalities), comparable.PValue, byDestination.PValue, comparable.GroupsTested, byNeed, byNeedLevel.PValue);
    }

    /// <summary>The strata's statistics added up, as the test adds them; null when none was tested.</summary>
    static double? CombinedPValue(IEnumerable<StratumTest> strata)
    {
        var (h, degreesOfFreedom) = strata.Aggregate((H: 0.0, DegreesOfFreedom: 0), (sum, s) => (sum.H + s.H, sum.DegreesOfFreedom + s.DegreesOfFreedom));
        return degreesOfFreedom == 0 ? null : NationalityFairness.ChiSquareSurvival(h, degreesOfFreedom);
    }

    const string SameSeats = "groups that could have taken the same seats (same need level, pickup place and destination, and the same offers open to them)";

    /// <summary>The finding in one plain sentence; for a consulate, about its nationals against everyone else.</summary>
    static string Finding(FairnessTest comparable, IReadOnlySet<string>? nationalities)
    {
        var (subject, between) = nationalities is null
            ? ("nationality", "by nationality")
            : ($"being a national of {string.Join(" or ", nationalities.Order(StringComparer.Ordinal))}",
                $"between nationals of {string.Join(" or ", nationalities.Order(StringComparer.Ordinal))} and everyone else");
        if (!comparable.Tested)
            return $"Too few groups of each nationality among {SameSeats} to tell whether {subject} made a difference "
                + $"(at least {NationalityFairness.MinimumGroupsPerLabel} groups of a nationality are needed).";
        var p = PValue(comparable.PValue!.Value);
        return comparable.PValue >= 0.05
            ? $"Comparing only {SameSeats}, {subject} made no difference to the wait for a seat beyond what chance explains ({comparable.GroupsTested:N0} groups, {p})."
            : $"Comparing only {SameSeats}, waits differed {between} more than chance explains ({comparable.GroupsTested:N0} groups, {p}); see the waits by nationality for where.";
    }

    public static string PValue(double p) => p < 0.001 ? "p < 0.001" : string.Create(CultureInfo.InvariantCulture, $"p = {p:0.000}");

    /// <summary>
    /// A family asked together (two people or more) is kept together unless someone did not board, or its members went on
    /// from a transit site on different movements. A consulate is not told which request an exception is.
    /// </summary>
    static FamilyFigures Families(IReadOnlyList<GroupJourney> all, IReadOnlyList<GroupJourney> inScope, IReadOnlySet<string>? nationalities)
    {
        var onward = all.Where(g => g.OnwardFromRequestId is not null).ToLookup(g => g.OnwardFromRequestId!.Value);
        var families = inScope.Where(g => g.GroupSizeAtRequest >= 2 && g.SplitFromRequestId is null && g.OnwardFromRequestId is null).ToList();
        var exceptions = new List<FamilyException>();
        foreach (var family in families)
        {
            var named = nationalities is null ? family.RequestId : (Guid?)null;
            if (family.SplitOff > 0)
                exceptions.Add(new FamilyException(named, family.GroupSizeAtRequest, AfterActionReport.DidNotBoard,
                    $"{family.SplitOff} of {family.GroupSizeAtRequest} did not board and travel on a request of their own."));
            else if (onward[family.RequestId].Where(leg => leg.DepartedOn is not null).Select(leg => leg.DepartedOn).Distinct().Count() > 1)
                exceptions.Add(new FamilyException(named, family.GroupSizeAtRequest, AfterActionReport.OnwardSeparately,
                    "Went on from a transit site on different movements."));
        }
        return new FamilyFigures(families.Count, families.Count - exceptions.Count, exceptions);
    }

    /// <summary>
    /// Only groups that could have taken the same seat are compared (<see cref="SeatEligibility"/>). A consulate's share
    /// counts its nationals' vulnerable groups against everyone else who waited as long.
    /// </summary>
    static VulnerableFirstShare VulnerableFirst(CrisisHistory history, IReadOnlyList<GroupJourney> groups, IReadOnlySet<string>? nationalities)
    {
        var competitors = groups
            .Where(g => g.People > 0 && g.Status != RequestStatus.Cancelled && (!g.IsVulnerable || g.PeopleOf(nationalities) > 0))
            .Select(g => new Competitor(Pool(g), g.IsVulnerable, g.SubmittedAt, g.MatchedAt, Seeker(g), history.TermsOf(g.MatchedOn)))
            .ToList();
        var figure = Domain.VulnerableFirst.Measure(competitors);
        var whateverSeat = Domain.VulnerableFirst.Measure(competitors.Select(c => c with { Seeker = null, Took = null }));
        return new VulnerableFirstShare(figure.Share, figure.Pairs, figure.VulnerableFirst, VulnerableFirstShare.Sentence(figure.Pairs, figure.VulnerableFirst),
            whateverSeat.Pairs, whateverSeat.VulnerableFirst);
    }

    static string Pool(GroupJourney g) => $"{g.PickupPlace}>{g.DestinationCountry}";

    /// <summary>The group as it asked (its size and nationalities then), for the offers it could take.</summary>
    static SeatSeeker Seeker(GroupJourney g) =>
        SeatSeeker.Of(g.PickupPlace, g.DestinationCountry, g.AcceptsThirdCountry, g.Nationalities.Keys, g.Needs, Math.Max(g.GroupSizeAtRequest, g.People));

    static ReferralFigures Referrals(CrisisHistory history, string crisisId) => new(history.ReferralsOf(crisisId)
        .GroupBy(r => r.Service)
        .Select(set => new ReferralServiceFigures(set.Key, set.Count(),
            set.Count(r => r.Status == "not-shared"), set.Count(r => r.Status == "routed"), set.Count(r => r.Status == "accepted"),
            set.Count(r => r.Status == "declined"), set.Count(r => r.Status == "completed"), set.Count(r => r.Status == "unrouted"),
            set.Count(history.WasOverdue)))
        .OrderByDescending(s => s.Referrals).ThenBy(s => s.Key, StringComparer.Ordinal).ToList());

    /// <summary>What people said, by category: received, answered, and the median wait for an answer.</summary>
    static FeedbackReport Feedback(CrisisHistory history, string crisisId) => new(history.FeedbackOf(crisisId)
        .GroupBy(f => f.Category!)
        .Select(set =>
        {
            var hours = set.Where(f => f is { ReceivedAt: not null, AnsweredAt: not null })
                .Select(f => Math.Max(0, (f.AnsweredAt!.Value - f.ReceivedAt!.Value).TotalHours)).Order().ToList();
            return new FeedbackCategoryReport(set.Key, set.Count(f => f.ReceivedAt is not null), hours.Count, Median(hours));
        })
        .OrderByDescending(c => c.Received).ThenBy(c => c.Key, StringComparer.Ordinal).ToList());

    static double? Median(IReadOnlyList<double> sorted) => sorted.Count == 0 ? null
        : Math.Round(sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2, 1);

    static OfferFigures Offers(CrisisHistory history, string crisisId, IReadOnlyList<MovementRecord> movements)
    {
        var offers = history.OffersOf(crisisId).ToList();
        var departed = movements.Select(m => m.OfferId).ToHashSet();
        return new OfferFigures(offers.Count, offers.Count(o => o.Status == OfferStatus.Withdrawn), movements.Count,
            offers.Where(o => departed.Contains(o.OfferId)).Sum(o => o.Seats), movements.Sum(m => m.Passengers));
    }

    static readonly (string Name, TimeSpan Length)[] Periods =
        [("minute", TimeSpan.FromMinutes(1)), ("hour", TimeSpan.FromHours(1)), ("day", TimeSpan.FromDays(1)), ("week", TimeSpan.FromDays(7))];

    static Timeline Evacuations(IReadOnlyList<GroupJourney> groups, IReadOnlySet<string>? nationalities)
    {
        var departures = groups.Where(g => g.DepartedAt is not null).Select(g => (At: g.DepartedAt!.Value, People: g.PeopleOf(nationalities))).ToList();
        if (departures.Count == 0)
            return new Timeline("day", []);
        var (first, last) = (departures.Min(d => d.At), departures.Max(d => d.At));
        var (name, length) = Periods.FirstOrDefault(p => (last - first) / p.Length < 48, Periods[^1]);
        DateTimeOffset Start(DateTimeOffset at) => new(at.UtcTicks - at.UtcTicks % length.Ticks, TimeSpan.Zero);
        var counts = departures.GroupBy(d => Start(d.At)).ToDictionary(set => set.Key, set => set.Sum(d => d.People));
        var points = new List<TimelinePoint>();
        for (var at = Start(first); at <= last; at += length)
            points.Add(new TimelinePoint(at, counts.GetValueOrDefault(at)));
        return new Timeline(name, points);
    }
}
