using System.Security.Claims;
using Micic.ServiceDefaults;
using Micic.ServiceDefaults.Auth;

namespace Micic.Manifests.Domain;

/// <summary>Where a manifest is in its life: open for passengers, closed for boarding, departed.</summary>
public enum ManifestStatus { Open, Closed, Departed }

/// <summary>A passenger at boarding: expected until recorded as boarded or as a no-show.</summary>
public enum Boarding { Expected, Boarded, NoShow }

/// <summary>Why a step of the manifest's lifecycle cannot be taken now.</summary>
public sealed record Refusal(string Title, string Detail);

public sealed record Passenger(
    Guid PersonId, Guid RequestId, string? GivenName, string? FamilyName, string Nationality, string DocumentKind, string? DocumentNumber,
    DateOnly? DocumentExpiresOn, string? TravelDocumentKind, string? TravelDocumentNumber, Boarding Boarding, bool ConsentToShareWithConsulate,
    string DestinationCountry)
{
    /// <summary>Carried on to the sites that receive the passenger; not shown on the manifest.</summary>
    public string? Sex { get; init; }

    public int? Age { get; init; }

    /// <summary>
    /// A passenger is a consulate's to see and to document when it speaks for the State of their nationality and
    /// their group consented to sharing with consulates — whatever else the organisation is: a carrier sees everyone on
    /// its movements, yet documents only its own nationals.
    /// </summary>
    public bool IsConsularCaseOf(ClaimsPrincipal user) =>
        user.IsInRole(Roles.Consulate) && ConsentToShareWithConsulate && user.Nationalities().Contains(Nationality);

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
    DateTimeOffset DepartsAt, ManifestStatus Status, DateTimeOffset? DepartedAt, IReadOnlyList<Passenger> Passengers)
{
    /// <summary>When boarding began; a movement cannot have left before it.</summary>
    public DateTimeOffset? ClosedAt { get; init; }

    /// <summary>People of groups matched to this movement whose details have not yet arrived from Requests.</summary>
    public int AwaitingDetails { get; init; }

    /// <summary>Everyone on the manifest: passengers with their details, and people whose details are on their way.</summary>
    public int PassengerCount => Passengers.Count + AwaitingDetails;

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
    public IReadOnlyList<Passenger> PassengersVisibleTo(ClaimsPrincipal user) =>
        IsRunBy(user) ? Passengers : Passengers.Where(p => p.IsConsularCaseOf(user)).ToList();

    // The lifecycle: open (passengers join and leave, consulates issue travel documents) → closed for boarding
    // (passengers board or are no-shows) → departed. Each step says why it is refused, or what it changes.

    /// <summary>Consulates issue travel documents until the movement leaves.</summary>
    public Refusal? RefuseTravelDocument() =>
        Status == ManifestStatus.Departed ? new("The movement has departed.", $"Manifest {Id} departed; travel documents can no longer be added.") : null;

    /// <summary>Closing for boarding needs an open manifest whose every passenger holds a document good for the journey.</summary>
    public Refusal? RefuseClosing()
    {
        if (Status != ManifestStatus.Open)
            return new("The manifest is not open.", $"Manifest {Id} is {Status.WireName()}.");
        if (AwaitingDetails > 0)
            return new("Passengers' details are still arriving.", $"The details of {AwaitingDetails} passenger(s) have not yet arrived; try again shortly.");
        var lacking = Passengers.Where(p => p.LacksTravelDocument(DepartsAt)).Select(p => p.PersonId).ToList();
        return lacking.Count > 0
            ? new("Passengers lack a travel document.",
                $"{lacking.Count} passenger(s) need a laissez-passer from their consulate first: {string.Join(", ", lacking)}.")
            : null;
    }

    /// <summary>Boarding is recorded while the manifest is closed for boarding; a no-show is already back in matching.</summary>
    public Refusal? RefuseBoarding(Passenger passenger)
    {
        if (Status != ManifestStatus.Closed)
            return new("Boarding is not open.", Status == ManifestStatus.Open ? $"Close manifest {Id} before boarding." : $"Manifest {Id} has {Status.WireName()}.");
        return passenger.Boarding == Boarding.NoShow
            ? new("The passenger was recorded as a no-show.", $"Passenger {passenger.PersonId} is back in matching on their own request.")
            : null;
    }

    /// <summary>The passenger each entry of a boarding list names, in the list's order; null for an entry naming nobody on this manifest.</summary>
    public IReadOnlyList<Passenger?> Listed(IReadOnlyList<BoardingRecord> list)
    {
        var passengers = Passengers.ToDictionary(p => p.PersonId);
        return list.Select(entry => passengers.GetValueOrDefault(entry.PersonId)).ToList();
    }

    /// <summary>A movement departs once closed for boarding.</summary>
    public Refusal? RefuseDeparture() =>
        Status != ManifestStatus.Closed ? new("The manifest is not closed for boarding.", $"Manifest {Id} is {Status.WireName()}.") : null;

    /// <summary>What is wrong with a departure time, if anything: it cannot be before boarding began (clocks may differ by minutes).</summary>
    public string? DepartureTimeError(DateTimeOffset departedAt, TimeSpan clockAllowance) =>
        departedAt < ClosedAt?.Add(-clockAllowance) ? $"Must not be before the manifest was closed for boarding ({ClosedAt:O})." : null;

    /// <summary>At departure, whoever was not recorded as boarded missed it.</summary>
    public IReadOnlyList<Passenger> MissedDeparture => Passengers.Where(p => p.Boarding == Boarding.Expected).ToList();

    public IReadOnlyList<Passenger> Aboard => Passengers.Where(p => p.Boarding == Boarding.Boarded).ToList();
}
