using Micic.ServiceDefaults.ReferenceData;

namespace Micic.Requests.Domain;

/// <summary>What a registered household answered to "are you safe?", as the API names it.</summary>
public static class CheckInAnswer
{
    public const int Safe = 1;
    public const int NeedsHelp = 2;
    public const int WantsToLeave = 3;

    static readonly string[] Names = ["safe", "need-help", "want-to-leave"];

    /// <summary>The names the <c>answer</c> filter takes: the three answers, and <c>none</c> for households that have not answered.</summary>
    public static readonly IReadOnlyList<string> FilterNames = [.. Names, "none"];

    public static string? Name(int? answer) => answer is >= Safe and <= WantsToLeave ? Names[answer.Value - 1] : null;

    /// <returns>The answer's digit, 0 for <c>none</c>, null for anything else.</returns>
    public static int? Parse(string name) => name == "none" ? 0 : Array.IndexOf(Names, name) is var i and >= 0 ? i + 1 : null;
}

/// <summary>Where a household's check-in stands: asked and waiting, answered, or on the consulate's list of people to call.</summary>
public static class CheckInStatus
{
    public const string Asked = "asked";
    public const string Answered = "answered";
    public const string ToCall = "to-call";

    public static readonly IReadOnlyList<string> All = [Asked, Answered, ToCall];

    /// <summary>An answer, even one after the household was put on the list to call, takes it off the list.</summary>
    public static string Of(int? answer, DateTimeOffset? toCallAt) => answer is not null ? Answered : toCallAt is not null ? ToCall : Asked;
}

/// <summary>
/// Where a household that wants to leave is picked up: the port, airport or assembly point of the crisis country
/// nearest (great-circle distance) to the area it registered in. Without an area, the first such place in the order of
/// the places catalogue, which lists a country's main place of departure first.
/// </summary>
public static class NearestPickup
{
    static readonly HashSet<string> PickupKinds = ["port", "airport", "pickup"];

    const double EarthRadiusKm = 6371;

    /// <param name="places">The places catalogue, in its own order.</param>
    /// <returns>The place, or null when the country has none where people are picked up.</returns>
    public static Place? For(IEnumerable<Place> places, string crisisCountry, Place? area)
    {
        var candidates = places.Where(place => place.Country == crisisCountry && PickupKinds.Contains(place.Kind)).ToList();
        if (area is null || area.Country != crisisCountry)
            return candidates.FirstOrDefault();
        return candidates.OrderBy(place => DistanceKm(area, place)).FirstOrDefault();
    }

    public static double DistanceKm(Place from, Place to)
    {
        static double Radians(double degrees) => degrees * Math.PI / 180;
        var dLat = Radians(to.Lat - from.Lat);
        var dLon = Radians(to.Lon - from.Lon);
        var h = Math.Pow(Math.Sin(dLat / 2), 2) + Math.Cos(Radians(from.Lat)) * Math.Cos(Radians(to.Lat)) * Math.Pow(Math.Sin(dLon / 2), 2);
        return 2 * EarthRadiusKm * Math.Asin(Math.Min(1, Math.Sqrt(h)));
    }
}

/// <summary>
/// "I want to leave" as an evacuation request: the household as registered, going home, reached on the registered
/// phone (it agreed to be contacted by its consulate, which the request is submitted by and shared with). It is then
/// checked by the same rules as any request; a household registered without what a request needs (a birth date or an
/// age, say) is refused like any other, and the consulate sees why.
/// </summary>
public static class CheckInRequest
{
    public static SubmitEvacuationRequest From(ConsularRegistration registration, string crisisId, string? pickupPlace) => new(
        crisisId, pickupPlace, registration.Nationality,
        // Only going home was asked for; a third country is offered to the family by its consulate, not assumed.
        AcceptsThirdCountry: false,
        EarliestDeparture: null,
        ConsentToShareWithConsulate: true,
        new ContactDetails(registration.Phone, registration.Language, ConsentToMessages: true),
        Notes: "Asked to leave when checked in on by SMS (registered national).",
        [.. registration.Household.Select(person => new PersonDetails(
            person.GivenName, person.FamilyName, person.Sex, person.BirthDate, null, registration.Nationality,
            new TravelDocument(person.DocumentKind, person.DocumentNumber, person.DocumentExpiresOn), []))]);
}

/// <summary>A phone as a consulate's list shows it: only its last three digits, enough to tell numbers apart on a call sheet.</summary>
public static class MaskedPhone
{
    public static string Of(string phone) =>
        phone.Length <= 3 ? new string('•', phone.Length) : new string('•', phone.Length - 3) + phone[^3..];
}
