using Micic.Contracts;

namespace Micic.Matching.Domain;

/// <summary>What the allocation engine knows of a group waiting for a seat: codes, counts and flags.</summary>
public sealed record WaitingGroup(
    Guid RequestId,
    string CrisisId,
    string PickupPlace,
    string DestinationCountry,
    bool AcceptsThirdCountry,
    DateTimeOffset? EarliestDeparture,
    int GroupSize,
    IReadOnlyList<string> Nationalities,
    Needs Needs,
    int NeedWeight,
    DateTimeOffset SubmittedAt)
{
    public int PriorityAt(DateTimeOffset now) => Priority.At(NeedWeight, SubmittedAt, now);

    public bool NeedsMedicalCare => (Needs & (Needs.Medical | Needs.MedicalStretcher)) != 0;

    public bool HasUnaccompaniedChild => Needs.HasFlag(Needs.UnaccompaniedChild);
}

/// <summary>
/// What the allocation engine knows of an offer: route, time, free seats and eligibility rules, as of Offers'
/// <paramref name="Version"/> of its capacity.
/// </summary>
public sealed record AvailableOffer(
    Guid OfferId,
    string CrisisId,
    bool IsOpen,
    string FromPlace,
    string DestinationCountry,
    DateTimeOffset DepartsAt,
    int SeatsAvailable,
    OfferEligibility Eligibility,
    long Version = 0)
{
    /// <summary>The offer as a newer account of its capacity describes it; an older one changes nothing.</summary>
    public AvailableOffer With(OfferCapacity capacity) => capacity.Version <= Version
        ? this
        : this with
        {
            IsOpen = capacity.Status == OfferStatus.Open,
            DepartsAt = capacity.DepartsAt,
            SeatsAvailable = capacity.Seats - capacity.SeatsAllocated,
            Version = capacity.Version,
        };
}

/// <summary>Why a group has no seat, in words a coordinator can act on.</summary>
public static class UnmatchedReason
{
    public static string NoOfferFrom(string place) => $"no offer from {place}";
    public static string NoOfferTo(string country) => $"no offer to {country}";
    public static string NotEligible(string why) => $"not eligible: {why}";
    public const string NoCapacityLeft = "no capacity left";

    /// <summary>
    /// Why a group taken off an offer still waits: who released it (no organisation when the platform or the family did),
    /// when and why, then what happens next —
    /// it is not put back on that offer unless a coordinator assigns it there, and it is tried on any other offer from its
    /// pickup place as soon as one has seats (<paramref name="otherOffers"/>: why none of those suits it now).
    /// </summary>
    public static string Released(string? organisation, DateTimeOffset at, string reason, string pickupPlace, string otherOffers) =>
        $"released{(organisation is null ? "" : $" by {organisation}")} at {at.UtcDateTime:yyyy-MM-dd HH:mm} UTC ({reason}): not put back on that offer unless a coordinator " +
        $"assigns it; it is tried on any other offer from {pickupPlace} as soon as one has seats — " +
        (otherOffers == NoOfferFrom(pickupPlace) ? "there is none yet" : $"none suits it now: {otherOffers}");
}
