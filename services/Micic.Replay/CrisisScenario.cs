using System.Text.Json;

namespace Micic.Replay;

/// <summary>
/// A crisis to replay, read from <c>seeds/scenarios/*.json</c>: who needs evacuating, from where, in what groups, and
/// how the operation moves them (the routes charters are organised on, where people are picked up for the next leg).
/// </summary>
public sealed record CrisisScenario(
    string CrisisId,
    int Days,
    int Seed,
    IReadOnlyList<NationalityShare> Nationalities,
    IReadOnlyList<PlaceShare> PickupPlaces,
    IReadOnlyList<GroupSizeShare> GroupSizes,
    IReadOnlyDictionary<string, double> NeedsPerPerson,
    double ElderlyShare,
    double ConsentShare,
    double AcceptsThirdCountryShare,
    double WithoutDocumentShare,
    double WalkInShare,
    IReadOnlyDictionary<string, string> WalkInSites,
    double NoShowShare,
    double MissingShare,
    CharterRules Charter,
    IReadOnlyList<Route> Routes,
    IReadOnlyDictionary<string, string> OnwardPickup,
    CheckInAnswers? CheckIns = null,
    IReadOnlyList<DonorFund>? Funds = null,
    IReadOnlyDictionary<string, string>? FundsForNationals = null)
{
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static CrisisScenario Load(string path) =>
        JsonSerializer.Deserialize<CrisisScenario>(File.ReadAllText(path), Json)
        ?? throw new InvalidOperationException($"{path} holds no scenario.");

    /// <summary>Where a group of this nationality is going, or null for a nationality the scenario does not know.</summary>
    public string? DestinationOf(string nationality) => Nationalities.FirstOrDefault(n => n.Code == nationality)?.Destination;

    /// <summary>The border site where people of this nationality who cross on their own are received.</summary>
    public string WalkInSiteOf(string nationality) => WalkInSites.GetValueOrDefault(nationality) ?? WalkInSites["*"];
}

/// <summary>
/// How the consulates' registered nationals answer "are you safe?" once the crisis is declared at level 3: the shares of
/// households that answer 3 (want to leave), 1 (safe) and 2 (need help) — the others stay silent — each within
/// <see cref="WithinHours"/> crisis hours of being asked.
/// </summary>
public sealed record CheckInAnswers(double WantToLeave = 0.5, double Safe = 0.25, double NeedHelp = 0.1, double WithinHours = 6);

/// <param name="Consulate">Whether the nationality has a consulate issuing laissez-passer; refugees and stateless people
/// travel on an ICRC travel document instead.</param>
public sealed record NationalityShare(string Code, double Share, string Destination, bool Consulate = true);
public sealed record PlaceShare(string Code, double Share);
public sealed record GroupSizeShare(int Size, double Share);

/// <summary>How the movement desk charters (in crisis hours): how long before departure a movement is announced, how
/// long a group may wait before a part-filled vehicle is sent for it, when boarding starts.</summary>
public sealed record CharterRules(double LeadHours, double MaxWaitHours, double CloseBeforeHours);

/// <summary>
/// A route the operation charters on: from a place, either to one place (<see cref="To"/>, a country of transit) or,
/// with <see cref="Home"/>, to the airport of each group's own destination country. A charter on it costs
/// <see cref="Cost"/> and is paid from <see cref="Fund"/>, or from <see cref="FallbackFund"/> once that cannot pay.
/// </summary>
public sealed record Route(string Provider, string Mode, string From, string? To, bool Home, int Seats, double Hours, CharterCost? Cost = null,
    string? Fund = null, string? FallbackFund = null);

/// <summary>What a charter costs, in the API's words: per movement or per seat, in an ISO 4217 currency.</summary>
public sealed record CharterCost(decimal Amount, string Currency, string Per);

/// <summary>
/// A donor's fund (by its <see cref="Key"/> in the scenario): what was pledged, the money received at crisis hours, and
/// what it may pay for (nationalities, purposes), in the API's words.
/// </summary>
public sealed record DonorFund(string Key, string Name, string? Donor, string Currency, decimal Pledged, IReadOnlyList<FundReceipt> Receipts,
    FundRestrictions? Restrictions = null);

public sealed record FundReceipt(decimal Amount, double Hour);

public sealed record FundRestrictions(IReadOnlyList<string>? Nationalities = null, IReadOnlyList<string>? Purposes = null);

/// <summary>One person of a generated group, in the API's words.</summary>
public sealed record GeneratedPerson(string GivenName, string FamilyName, string Sex, int Age, string Nationality, string DocumentKind,
    string? DocumentNumber, IReadOnlyList<string> Needs);

/// <summary>One group of a generated crisis, ready to be submitted as an evacuation request.</summary>
public sealed record GeneratedGroup(string CrisisId, string PickupPlace, string DestinationCountry, bool AcceptsThirdCountry,
    bool ConsentToShareWithConsulate, IReadOnlyList<GeneratedPerson> People);
