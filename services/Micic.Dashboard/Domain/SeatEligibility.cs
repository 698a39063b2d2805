using Micic.Contracts;

namespace Micic.Dashboard.Domain;

/// <summary>
/// What decides whether a group may take an offer's seat, as the events tell it: places, counts and flags, never a
/// person. <see cref="Nationalities"/> is kept sorted, so that two groups alike in all of this are equal.
/// </summary>
public sealed record SeatSeeker(
    string PickupPlace, string DestinationCountry, bool AcceptsThirdCountry, IReadOnlyList<string> Nationalities, bool Medical,
    bool UnaccompaniedChild, int People)
{
    public static SeatSeeker Of(
        string pickupPlace, string destinationCountry, bool acceptsThirdCountry, IEnumerable<string> nationalities, Needs needs, int people) =>
        new(pickupPlace, destinationCountry, acceptsThirdCountry, [.. nationalities.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)],
            (needs & (Needs.Medical | Needs.MedicalStretcher)) != 0, needs.HasFlag(Needs.UnaccompaniedChild), people);

    public bool Equals(SeatSeeker? other) =>
        other is not null && PickupPlace == other.PickupPlace && DestinationCountry == other.DestinationCountry
        && AcceptsThirdCountry == other.AcceptsThirdCountry && Medical == other.Medical && UnaccompaniedChild == other.UnaccompaniedChild
        && People == other.People && Nationalities.SequenceEqual(other.Nationalities, StringComparer.Ordinal);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(PickupPlace);
        hash.Add(DestinationCountry);
        hash.Add(AcceptsThirdCountry);
        hash.Add(Medical);
        hash.Add(UnaccompaniedChild);
        hash.Add(People);
        foreach (var nationality in Nationalities)
            hash.Add(nationality);
        return hash.ToHashCode();
    }
}

/// <summary>An offer's terms as it was published, and the most seats it ever had.</summary>
public sealed record SeatOffer(
    string FromPlace, string DestinationCountry, IReadOnlyList<string> Nationalities, bool FamilyMembersOfAnyNationality, bool AcceptsMedical,
    bool AcceptsUnaccompaniedChildren, int Seats)
{
    public static SeatOffer Of(OfferPublished published) => new(
        published.FromPlace, published.DestinationCountry, [.. published.Eligibility.Nationalities], published.Eligibility.FamilyMembersOfAnyNationality,
        published.Eligibility.AcceptsMedical, published.Eligibility.AcceptsUnaccompaniedChildren, published.Capacity.Seats);
}

/// <summary>
/// The matching policy's eligibility, told after the fact: could this group have taken a seat on that offer? The place,
/// the destination (or a third country the group accepts), the nationalities (all of them, or one where the offer takes
/// family members of any nationality), medical needs, an unaccompanied child, and a group no larger than the offer.
/// Seats free at a given moment are not asked: the matcher hands seats out by priority, so a group that would have
/// ranked first would have had them; only an offer too small for the whole group could never have taken it. Times
/// (departure, earliest departure) are not asked either: the pair rule already asks that both were waiting together.
/// </summary>
public static class SeatEligibility
{
    public static bool MayTake(SeatSeeker group, SeatOffer offer) =>
        group.PickupPlace == offer.FromPlace
        && (group.DestinationCountry == offer.DestinationCountry || group.AcceptsThirdCountry)
        && NationalitiesAccepted(group.Nationalities, offer)
        && (!group.Medical || offer.AcceptsMedical)
        && (!group.UnaccompaniedChild || offer.AcceptsUnaccompaniedChildren)
        && group.People <= offer.Seats;

    static bool NationalitiesAccepted(IReadOnlyList<string> nationalities, SeatOffer offer) =>
        offer.Nationalities.Count == 0
        || (offer.FamilyMembersOfAnyNationality
            ? nationalities.Any(n => offer.Nationalities.Contains(n, StringComparer.Ordinal))
            : nationalities.All(n => offer.Nationalities.Contains(n, StringComparer.Ordinal)));

    /// <summary>
    /// Whether two groups could have taken the same seat: each may take the offer that took the other. A group not matched
    /// took no seat, and one matched on an offer the history does not know is given the benefit of the doubt.
    /// </summary>
    public static bool Comparable(SeatSeeker? one, SeatOffer? tookOne, SeatSeeker? other, SeatOffer? tookOther) =>
        (tookOther is null || one is null || MayTake(one, tookOther)) && (tookOne is null || other is null || MayTake(other, tookOne));
}
