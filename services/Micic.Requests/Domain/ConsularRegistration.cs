using System.Security.Claims;
using Micic.ServiceDefaults.Auth;

namespace Micic.Requests.Domain;

/// <summary>
/// The body of <c>POST /api/registrations</c>: a household of nationals living abroad, registered by the consulate of
/// their State before any crisis. Everything is nullable so that a missing field is reported with the others by
/// <see cref="RegistrationValidator"/>, rather than as a parse error.
/// </summary>
/// <param name="Area">Where in the country the household lives: the code of a place of that country (GET /api/places).</param>
public sealed record RegisterHousehold(
    string? Nationality,
    string? CountryOfResidence,
    string? Area,
    IReadOnlyList<HouseholdMember?>? Household,
    RegistrationContact? Contact,
    bool? ConsentToContact);

public sealed record HouseholdMember(string? GivenName, string? FamilyName, string? Sex, DateOnly? BirthDate, TravelDocument? Document);

/// <summary>How the household is reached in a crisis: a phone (required) and the language of its messages.</summary>
public sealed record RegistrationContact(string? Phone, string? Language = null);

/// <summary>A registration as it is kept: codes in capitals, the phone in E.164, the language as Micic names it.</summary>
public sealed record ConsularRegistration(
    Guid Id, string OrganisationId, string Nationality, string CountryOfResidence, string? Area, string Phone, string? Language,
    bool ConsentToContact, DateTimeOffset RegisteredAt, IReadOnlyList<RegisteredPerson> Household)
{
    /// <summary>A valid registration (<see cref="RegistrationValidator"/> found nothing wrong), by <paramref name="organisationId"/>.</summary>
    public static ConsularRegistration Accept(RegisterHousehold body, string organisationId, DateTimeOffset now) => new(
        Guid.CreateVersion7(now), organisationId, body.Nationality!, body.CountryOfResidence!, string.IsNullOrWhiteSpace(body.Area) ? null : body.Area,
        ContactRules.E164(body.Contact!.Phone)!, ContactRules.Language(body.Contact.Language), body.ConsentToContact!.Value, now,
        [.. body.Household!.Select(member => new RegisteredPerson(
            Guid.CreateVersion7(now), member!.GivenName!.Trim(), member.FamilyName!.Trim(), member.Sex!, member.BirthDate,
            member.Document?.Kind ?? "none", member.Document?.Number?.Trim() is { Length: > 0 } number ? number : null, member.Document?.ExpiresOn))]);
}

public sealed record RegisteredPerson(
    Guid Id, string GivenName, string FamilyName, string Sex, DateOnly? BirthDate, string DocumentKind, string? DocumentNumber,
    DateOnly? DocumentExpiresOn);

/// <summary>
/// A registration belongs to the State of nationality: only that State's consulates register its nationals and read
/// their names. Coordinators see counts; no one else sees anything.
/// </summary>
public static class RegistrationAccess
{
    public static bool IsConsulateOf(this ClaimsPrincipal user, string nationality) =>
        user.IsInRole(Roles.Consulate) && user.Nationalities().Contains(nationality);

    /// <summary>The nationalities whose registrations the caller counts: all for a coordinator, a consulate's own otherwise.</summary>
    public static IReadOnlySet<string>? CountedNationalities(this ClaimsPrincipal user) =>
        user.IsCoordinator() ? null : user.IsInRole(Roles.Consulate) ? user.Nationalities() : new HashSet<string>();
}
