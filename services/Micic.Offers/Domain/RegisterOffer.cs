using System.Text.Json.Serialization;
using Micic.Contracts;
using Micic.ServiceDefaults.ReferenceData;

namespace Micic.Offers.Domain;

/// <summary>The body of <c>POST /api/offers</c>, nullable so every missing field is reported at once.</summary>
public sealed record RegisterOffer(
    string? CrisisId,
    string? Provider,
    string? Mode,
    string? FromPlace,
    string? ToPlace,
    string? DestinationCountry,
    DateTimeOffset? DepartsAt,
    int? Seats,
    EligibilityRules? Eligibility,
    CostTerms? Cost = null);

/// <summary>What the movement costs: an exact amount (a JSON number, never text) in an ISO 4217 currency, per movement or per seat.</summary>
public sealed record CostTerms([property: JsonNumberHandling(JsonNumberHandling.Strict)] decimal? Amount, string? Currency, string? Per)
{
    public const string PerMovement = "movement", PerSeat = "seat";
    public static readonly IReadOnlyList<string> Pers = [PerMovement, PerSeat];
}

public sealed record EligibilityRules(
    IReadOnlyList<string?>? Nationalities, bool? FamilyMembersOfAnyNationality, bool? AcceptsMedical, bool? AcceptsUnaccompaniedChildren)
{
    public OfferEligibility ToContract() => new()
    {
        Nationalities = Nationalities?.Select(code => code!).Distinct().ToList() ?? [],
        FamilyMembersOfAnyNationality = FamilyMembersOfAnyNationality ?? false,
        AcceptsMedical = AcceptsMedical ?? false,
        AcceptsUnaccompaniedChildren = AcceptsUnaccompaniedChildren ?? false,
    };
}

/// <summary>Rules for a new offer: known crisis and places, a route out of the crisis country, a future departure, real seats.</summary>
public sealed class OfferValidator(SeedData seeds, Currencies currencies, TimeProvider clock)
{
    public const int MaxSeats = 10_000;
    public static readonly IReadOnlyList<string> Modes = ["air", "sea", "land"];

    /// <param name="crisis">The crisis the offer names, as the crisis catalogue found it (null: none).</param>
    public Dictionary<string, string[]> Validate(RegisterOffer offer, Crisis? crisis)
    {
        var errors = new Dictionary<string, string[]>();
        void Add(string field, string message) => errors[field] = [.. errors.GetValueOrDefault(field, []), message];

        if (string.IsNullOrWhiteSpace(offer.CrisisId))
            Add("crisisId", "Required.");
        else if (crisis is null)
            Add("crisisId", $"Unknown crisis '{offer.CrisisId}'.");

        if (offer.Mode is null || !Modes.Contains(offer.Mode))
            Add("mode", "Must be air, sea or land.");
        if (offer.Provider is { Length: > 200 })
            Add("provider", "At most 200 characters.");

        if (string.IsNullOrWhiteSpace(offer.FromPlace))
            Add("fromPlace", "Required.");
        else if (!seeds.Places.TryGetValue(offer.FromPlace, out var from))
            Add("fromPlace", $"Unknown place '{offer.FromPlace}'.");
        else if (crisis is not null && from.Country != crisis.Country && from.Country == offer.DestinationCountry)
            Add("fromPlace", $"'{from.Code}' is already in {from.Country}: an offer leaves the crisis country or a country of transit.");

        Place? to = null;
        if (string.IsNullOrWhiteSpace(offer.ToPlace))
            Add("toPlace", "Required.");
        else if (!seeds.Places.TryGetValue(offer.ToPlace, out to))
            Add("toPlace", $"Unknown place '{offer.ToPlace}'.");

        if (string.IsNullOrWhiteSpace(offer.DestinationCountry))
            Add("destinationCountry", "Required.");
        else if (!seeds.IsCountry(offer.DestinationCountry))
            Add("destinationCountry", "Must be an ISO 3166-1 alpha-3 country code, e.g. EGY.");
        else if (crisis is not null && offer.DestinationCountry == crisis.Country)
            Add("destinationCountry", "Must be a country other than the one in crisis.");
        else if (to is not null && to.Country != offer.DestinationCountry)
            Add("toPlace", $"'{to.Code}' is in {to.Country}, not in {offer.DestinationCountry}.");

        if (offer.DepartsAt is not { } departsAt)
            Add("departsAt", "Required.");
        else if (departsAt <= clock.GetUtcNow())
            Add("departsAt", "Must be in the future.");

        if (offer.Seats is not { } seats)
            Add("seats", "Required.");
        else if (seats is < 1 or > MaxSeats)
            Add("seats", $"Must be between 1 and {MaxSeats}.");

        if (offer.Eligibility is null)
            Add("eligibility", "Required (an empty object accepts everyone but medical cases and unaccompanied children).");
        else
            for (var i = 0; i < (offer.Eligibility.Nationalities?.Count ?? 0); i++)
                if (!seeds.IsCountry(offer.Eligibility.Nationalities![i]))
                    Add($"eligibility.nationalities[{i}]", "Must be an ISO 3166-1 alpha-3 country code.");

        if (offer.Cost is { } cost)
        {
            var (_, amountError, currencyError) = Money.Parse(cost.Amount, cost.Currency, currencies);
            if (amountError is not null)
                Add("cost.amount", amountError);
            if (currencyError is not null)
                Add("cost.currency", currencyError);
            if (cost.Per is null || !CostTerms.Pers.Contains(cost.Per))
                Add("cost.per", "Must be movement or seat.");
        }
        return errors;
    }

    /// <summary>The cost of an offer found valid, as the contracts carry it; null for an offer given free.</summary>
    public OfferCost? CostOf(RegisterOffer offer) =>
        offer.Cost is { } cost && Money.Parse(cost.Amount, cost.Currency, currencies) is ({ } money, null, null)
            ? new OfferCost { Amount = money.Amount, Currency = money.Currency, Per = cost.Per! }
            : null;
}

/// <summary>The body of <c>PATCH /api/offers/{id}</c>: a new seat count, a new departure, or both.</summary>
public sealed record ChangeOffer(int? Seats, DateTimeOffset? DepartsAt);

public sealed class OfferChangeValidator(TimeProvider clock)
{
    public Dictionary<string, string[]> Validate(ChangeOffer change)
    {
        var errors = new Dictionary<string, string[]>();
        if (change.Seats is null && change.DepartsAt is null)
            errors[""] = ["Give seats, departsAt or both."];
        if (change.Seats is < 0 or > OfferValidator.MaxSeats)
            errors["seats"] = [$"Must be between 0 and {OfferValidator.MaxSeats}."];
        if (change.DepartsAt is { } departsAt && departsAt <= clock.GetUtcNow())
            errors["departsAt"] = ["Must be in the future."];
        return errors;
    }
}
