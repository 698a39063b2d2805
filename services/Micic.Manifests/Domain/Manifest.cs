using System.Security.Claims;
using Micic.ServiceDefaults.Auth;

namespace Micic.Manifests.Domain;

/// <summary>Manifest statuses as the public API names them: open for passengers, closed for boarding, departed, arrived.</summary>
public static class ManifestStatus
{
    public const string Open = "open";
    public const string Closed = "closed";
    public const string Departed = "departed";
}

public static class Boarding
{
    public const string Expected = "expected";
    public const string Boarded = "boarded";
    public const string NoShow = "no-show";
}

public sealed record Passenger(
    Guid PersonId, Guid RequestId, string GivenName, string FamilyName, string Nationality, string DocumentKind, string? DocumentNumber,
    DateOnly? DocumentExpiresOn, string? TravelDocumentKind, string? TravelDocumentNumber, string Boarding, bool ConsentToShareWithConsulate,
    string DestinationCountry)
{
    /// <summary>
    /// Without a document good for the journey — none, no number, or one that expires before departure — and no
    /// emergency travel document issued yet. Such a passenger must get a laissez-passer before the manifest can close.
    /// </summary>
    public bool LacksTravelDocument(DateTimeOffset departsAt) =>
        TravelDocumentNumber is null
        && (DocumentKind == "none" || DocumentNumber is null
            || (DocumentExpiresOn is { } expires && expires < DateOnly.FromDateTime(departsAt.UtcDateTime)));
}

public sealed record Manifest(
    Guid Id, Guid OfferId, string OrganisationId, string CrisisId, string Mode, string FromPlace, string ToPlace, string DestinationCountry,
    DateTimeOffset DepartsAt, string Status, DateTimeOffset? DepartedAt, IReadOnlyList<Passenger> Passengers)
{
    /// <summary>When boarding began; a movement cannot have left before it.</summary>
    public DateTimeOffset? ClosedAt { get; init; }

    /// <summary>Coordinators see every manifest; an offerer its own offers'; a consulate any (its nationals' rows only).</summary>
    public bool IsVisibleTo(ClaimsPrincipal user) =>
        user.IsCoordinator() || user.IsInRole(Roles.Consulate) || (user.IsInRole(Roles.Offerer) && OrganisationId == user.OrganisationId());

    /// <summary>Coordinators and the carrier run the movement: close, board, depart.</summary>
    public bool IsRunBy(ClaimsPrincipal user) =>
        user.IsCoordinator() || (user.IsInRole(Roles.Offerer) && OrganisationId == user.OrganisationId());

    /// <summary>
    /// The passengers a caller may see: all for coordinators and the carrier; for a consulate only its nationals, and
    /// only in groups that consented to sharing with consulates.
    /// </summary>
    public IReadOnlyList<Passenger> PassengersVisibleTo(ClaimsPrincipal user)
    {
        if (IsRunBy(user))
            return Passengers;
        if (!user.IsInRole(Roles.Consulate))
            return [];
        var nationalities = user.Nationalities();
        return Passengers.Where(p => p.ConsentToShareWithConsulate && nationalities.Contains(p.Nationality)).ToList();
    }
}
