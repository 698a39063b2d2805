using Micic.Contracts;
using Micic.ServiceDefaults;
using Micic.ServiceDefaults.ReferenceData;
using Microsoft.Extensions.Options;

namespace Micic.Transit.Domain;

/// <summary>The body of <c>POST /api/transit/arrivals</c>, nullable so that every problem is reported at once.</summary>
public sealed record LogArrival(
    string? SiteCode, DateTimeOffset? ArrivedAt, Guid? PersonId, WalkIn? WalkIn, Screening? Screening, IReadOnlyList<Referral?>? Referrals,
    Onward? Onward);

public sealed record WalkIn(
    string? CrisisId, string? GivenName, string? FamilyName, string? Sex, DateOnly? BirthDate, int? Age, string? Nationality,
    WalkInDocument? Document, IReadOnlyList<string?>? Needs);

public sealed record WalkInDocument(string? Kind, string? Number, DateOnly? ExpiresOn);
public sealed record Screening(IReadOnlyList<string?>? Needs, string? Notes);
public sealed record Referral(string? To, bool? Consent);
/// <param name="ConsentToShareWithConsulate">Asked at reception, for the next leg (a walk-in without papers needs it for a
/// laissez-passer); when not given, an expected person keeps what their group said at intake, a walk-in has not consented.</param>
public sealed record Onward(string? DestinationCountry, string? PickupPlace, bool? ConsentToShareWithConsulate = null);

/// <summary>
/// When someone may be said to have arrived: not before their movement departed, and not later than now — each give or
/// take the tolerance for a device's clock being off (<see cref="TransitOptions.ClockSkewTolerance"/>).
/// </summary>
public static class ArrivalTime
{
    public static string? InTheFuture(DateTimeOffset arrivedAt, DateTimeOffset now, TimeSpan tolerance) =>
        arrivedAt > now + tolerance ? $"Must not be in the future (more than {Minutes(tolerance)} after now, {now:u})." : null;

    public static string? BeforeDeparture(DateTimeOffset arrivedAt, DateTimeOffset departedAt, TimeSpan tolerance) =>
        arrivedAt < departedAt - tolerance
            ? $"Must not be before the person's movement departed ({departedAt:u}; up to {Minutes(tolerance)} earlier is taken as clocks being off)."
            : null;

    static string Minutes(TimeSpan tolerance) => tolerance.TotalMinutes == 1 ? "1 minute" : $"{tolerance.TotalMinutes:0.#} minutes";
}

/// <summary>Rules for logging an arrival: a real site, a time not in the future, one person, known words and codes.</summary>
public sealed class ArrivalValidator(SeedData seeds, TimeProvider clock, IOptions<TransitOptions> options)
{
    static readonly string[] Sexes = ["F", "M", "X"];
    static readonly string[] DocumentKinds = ["passport", "national-id", "travel-document", "none"];

    /// <param name="walkInCrisis">The crisis a walk-in names, as the crisis catalogue found it (null: none).</param>
    public Dictionary<string, string[]> Validate(LogArrival arrival, Crisis? walkInCrisis)
    {
        var errors = new Dictionary<string, string[]>();
        void Add(string field, string message) => errors[field] = [.. errors.GetValueOrDefault(field, []), message];

        Place? site = null;
        if (string.IsNullOrWhiteSpace(arrival.SiteCode))
            Add("siteCode", "Required.");
        else if (!seeds.Places.TryGetValue(arrival.SiteCode, out site))
            Add("siteCode", $"Unknown site '{arrival.SiteCode}'.");
        if (arrival.ArrivedAt is not { } at)
            Add("arrivedAt", "Required.");
        else if (ArrivalTime.InTheFuture(at, clock.GetUtcNow(), options.Value.ClockSkewTolerance) is { } future)
            Add("arrivedAt", future);

        if ((arrival.PersonId is null) == (arrival.WalkIn is null))
            Add("personId", "Give either personId (an expected person) or walkIn (someone new), not both.");
        if (arrival.WalkIn is { } walkIn)
            ValidateWalkIn(walkIn, walkInCrisis, Add);

        foreach (var (need, i) in (arrival.Screening?.Needs ?? []).Select((need, i) => (need, i)))
            if (need is null || !NeedNames.TryParse(need, out _))
                Add($"screening.needs[{i}]", $"Must be one of: {string.Join(", ", NeedNames.All)}.");
        if (arrival.Screening?.Notes is { Length: > 2000 })
            Add("screening.notes", "At most 2000 characters.");

        foreach (var (referral, i) in (arrival.Referrals ?? []).Select((referral, i) => (referral, i)))
        {
            if (!WireNames<ReferralService>.TryParse(referral?.To, out _))
                Add($"referrals[{i}].to", $"Must be one of: {string.Join(", ", WireNames<ReferralService>.All)}.");
            if (referral?.Consent is null)
                Add($"referrals[{i}].consent", "Required: say whether the person consents to the referral partner being told about them.");
        }

        if (arrival.Onward is { } onward)
        {
            if (onward.DestinationCountry is null || !seeds.IsCountry(onward.DestinationCountry))
                Add("onward.destinationCountry", "Must be an ISO 3166-1 alpha-3 country code.");
            if (onward.PickupPlace is null || !seeds.Places.TryGetValue(onward.PickupPlace, out var pickup))
                Add("onward.pickupPlace", "Must be a known place.");
            else if (site is not null && pickup.Country != site.Country)
                Add("onward.pickupPlace", $"Must be in {site.Country}, the country of the site.");
            else if (pickup.Country == onward.DestinationCountry)
                Add("onward.destinationCountry", "The person is already in that country.");
        }
        return errors;
    }

    void ValidateWalkIn(WalkIn person, Crisis? crisis, Action<string, string> add)
    {
        if (person.CrisisId is null || crisis is null)
            add("walkIn.crisisId", "Must be a known crisis.");
        if (string.IsNullOrWhiteSpace(person.GivenName) || person.GivenName.Length > 100)
            add("walkIn.givenName", "Required, at most 100 characters.");
        if (person.FamilyName is null || person.FamilyName.Length > 100)
            add("walkIn.familyName", "Required (may be empty), at most 100 characters.");
        if (person.Sex is null || !Sexes.Contains(person.Sex))
            add("walkIn.sex", "Must be F, M or X.");
        if (person.Age is < 0 or > 120)
            add("walkIn.age", "Must be between 0 and 120.");
        if (person.Nationality is null || !(seeds.IsCountry(person.Nationality) || person.Nationality is "XXA" or "XXX"))
            add("walkIn.nationality", "Must be an ISO 3166-1 alpha-3 code (XXA stateless, XXX unknown).");
        if (person.Document?.Kind is null || !DocumentKinds.Contains(person.Document.Kind))
            add("walkIn.document.kind", $"Must be one of: {string.Join(", ", DocumentKinds)}.");
        foreach (var (need, i) in (person.Needs ?? []).Select((need, i) => (need, i)))
            if (need is null || !NeedNames.TryParse(need, out _))
                add($"walkIn.needs[{i}]", $"Must be one of: {string.Join(", ", NeedNames.All)}.");
    }
}
