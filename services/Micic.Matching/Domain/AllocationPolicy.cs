namespace Micic.Matching.Domain;

/// <summary>How far an offer is from suiting a group, from not at all to fitting; the order matters for the reason given.</summary>
public enum Fit
{
    Closed,
    OtherPickupPlace,
    OtherDestination,
    NotEligible,
    NoCapacity,
    Fits,
}

public sealed record Verdict(Fit Fit, string? Detail = null)
{
    public static readonly Verdict Fits = new(Fit.Fits);

    /// <summary>The reason a coordinator reads when this is the best any offer could do for the group.</summary>
    public string Reason(WaitingGroup group) => Fit switch
    {
        Fit.Closed or Fit.OtherPickupPlace => UnmatchedReason.NoOfferFrom(group.PickupPlace),
        Fit.OtherDestination => UnmatchedReason.NoOfferTo(group.DestinationCountry),
        Fit.NotEligible => UnmatchedReason.NotEligible(Detail!),
        Fit.NoCapacity => UnmatchedReason.NoCapacityLeft,
        _ => throw new InvalidOperationException("A fitting offer has no unmatched reason."),
    };
}

/// <summary>
/// The matching policy, free of I/O. Priority comes from need and waiting time only; nationality matters only
/// where an offer's own eligibility rules say so.
/// </summary>
public static class AllocationPolicy
{
    public static Verdict Judge(WaitingGroup group, AvailableOffer offer, DateTimeOffset now)
    {
        if (!offer.IsOpen || offer.CrisisId != group.CrisisId)
            return new(Fit.Closed);
        if (offer.FromPlace != group.PickupPlace)
            return new(Fit.OtherPickupPlace);
        if (offer.DestinationCountry != group.DestinationCountry && !group.AcceptsThirdCountry)
            return new(Fit.OtherDestination);
        if (offer.DepartsAt <= now)
            return new(Fit.NotEligible, "the offer has departed");
        if (group.EarliestDeparture is { } earliest && offer.DepartsAt < earliest)
            return new(Fit.NotEligible, "the offer leaves before the group can");
        if (!AcceptsNationalities(offer, group))
            return new(Fit.NotEligible, "nationality not covered by the offer");
        if (group.NeedsMedicalCare && !offer.Eligibility.AcceptsMedical)
            return new(Fit.NotEligible, "medical care needed");
        if (group.HasUnaccompaniedChild && !offer.Eligibility.AcceptsUnaccompaniedChildren)
            return new(Fit.NotEligible, "unaccompanied child");
        if (offer.SeatsAvailable < group.GroupSize)
            return new(Fit.NoCapacity);
        return Verdict.Fits;
    }

    /// <summary>
    /// Everyone's nationality is accepted, or the offer takes family members of any nationality and at least one
    /// person's is. An offer without a nationality list is open to all.
    /// </summary>
    public static bool AcceptsNationalities(AvailableOffer offer, WaitingGroup group)
    {
        var accepted = offer.Eligibility.Nationalities;
        if (accepted.Count == 0)
            return true;
        return offer.Eligibility.FamilyMembersOfAnyNationality
            ? group.Nationalities.Any(accepted.Contains)
            : group.Nationalities.All(accepted.Contains);
    }

    /// <summary>
    /// The offer for one group: among fitting offers, a direct one before a third-country one, then the earliest
    /// departure. Without one, the reason of the offer that came closest, so the coordinator sees what is missing.
    /// </summary>
    public static (AvailableOffer? Offer, string? Reason) Choose(WaitingGroup group, IEnumerable<AvailableOffer> offers, DateTimeOffset now)
    {
        var judged = offers.Select(offer => (Offer: offer, Verdict: Judge(group, offer, now))).ToList();
        var chosen = judged.Where(j => j.Verdict.Fit == Fit.Fits).Select(j => j.Offer)
            .OrderBy(offer => offer.DestinationCountry == group.DestinationCountry ? 0 : 1)
            .ThenBy(offer => offer.DepartsAt)
            .ThenBy(offer => offer.OfferId)
            .FirstOrDefault();
        if (chosen is not null)
            return (chosen, null);

        var closest = judged.Select(j => j.Verdict).MaxBy(verdict => verdict.Fit) ?? new Verdict(Fit.Closed);
        return (null, closest.Reason(group));
    }

    /// <summary>Waiting groups in the order they are served: highest priority first, earlier submission on a tie.</summary>
    public static IEnumerable<WaitingGroup> InPriorityOrder(IEnumerable<WaitingGroup> groups, DateTimeOffset now) =>
        groups.OrderByDescending(group => group.PriorityAt(now)).ThenBy(group => group.SubmittedAt).ThenBy(group => group.RequestId);

    /// <summary>
    /// New capacity on an offer goes to the fitting waiting groups in priority order; a group that does not fit the
    /// seats left is skipped, not allowed to block the smaller groups behind it. Families are never split.
    /// </summary>
    public static IReadOnlyList<WaitingGroup> ShareCapacity(AvailableOffer offer, IEnumerable<WaitingGroup> waiting, DateTimeOffset now)
    {
        var seatsLeft = offer.SeatsAvailable;
        var served = new List<WaitingGroup>();
        foreach (var group in InPriorityOrder(waiting, now))
        {
            if (seatsLeft == 0)
                break;
            if (Judge(group, offer with { SeatsAvailable = seatsLeft }, now).Fit != Fit.Fits)
                continue;
            served.Add(group);
            seatsLeft -= group.GroupSize;
        }
        return served;
    }

    /// <summary>
    /// Whether a waiting list read in the order groups rank from (<see cref="Priority.RanksFrom"/>), up to
    /// <paramref name="lastRead"/>, already decides who gets the offer's seats: they are all gone to
    /// <paramref name="served"/>, and every group not yet read ranks more than an hour after every group served — so, to
    /// the whole hour, its priority is lower than theirs, and it could not have come before any of them.
    /// </summary>
    public static bool ReadFarEnough(AvailableOffer offer, IReadOnlyList<WaitingGroup> served, WaitingGroup lastRead) =>
        served.Count > 0
        && served.Sum(group => group.GroupSize) == offer.SeatsAvailable
        && Priority.RanksFrom(lastRead.NeedWeight, lastRead.SubmittedAt)
            > served.Max(group => Priority.RanksFrom(group.NeedWeight, group.SubmittedAt)).AddHours(1);
}
