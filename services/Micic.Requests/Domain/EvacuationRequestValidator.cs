using Micic.ServiceDefaults;
using Micic.ServiceDefaults.Http;
using Micic.Contracts;
using Micic.ServiceDefaults.ReferenceData;

namespace Micic.Requests.Domain;

/// <summary>
/// Intake rules for an evacuation request: known crisis and places, real country codes, plausible dates and ages,
/// 1–20 people travelling together. Returns every problem at once, keyed by the field's JSON path.
/// </summary>
public sealed partial class EvacuationRequestValidator(SeedData seeds, TimeProvider clock)
{
    public const int MaxPeople = 20;
    const int MaxNameLength = 100;
    const int MaxNotesLength = 2000;

    /// <summary>ICAO 9303 codes for people without a nationality to declare: stateless, unspecified.</summary>
    static readonly HashSet<string> NoNationalityCodes = ["XXA", "XXX"];

    public static readonly IReadOnlyList<string> DocumentKinds = ["passport", "national-id", "travel-document", "none"];
    static readonly string[] Sexes = ["F", "M", "X"];

    /// <summary>A cancellation says why.</summary>
    public Dictionary<string, string[]> Validate(CancelEvacuationRequest? cancellation) => Reason.Check(cancellation?.Reason);

    /// <summary>A merge names the request that keeps the people, and says why.</summary>
    public Dictionary<string, string[]> Validate(MergeDuplicates? merge)
    {
        var errors = Reason.Check(merge?.Reason);
        if (merge?.KeepRequestId is null || merge.KeepRequestId == Guid.Empty)
            errors["keepRequestId"] = ["Required: the id of the request that keeps the people (one of the two)."];
        return errors;
    }

    /// <summary>A dismissal says why the people are not the same.</summary>
    public Dictionary<string, string[]> Validate(DismissDuplicate? dismissal) => Reason.Check(dismissal?.Reason);

    /// <param name="crisis">The crisis the request names, as the crisis catalogue found it (null: none).</param>
    public Dictionary<string, string[]> Validate(SubmitEvacuationRequest request, Crisis? crisis)
    {
        var errors = new FieldErrors();
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

        if (string.IsNullOrWhiteSpace(request.CrisisId))
            errors.Add("crisisId", "Required.");
        else if (crisis is null)
            errors.Add("crisisId", $"Unknown crisis '{request.CrisisId}'.");

        if (string.IsNullOrWhiteSpace(request.PickupPlace))
            errors.Add("pickupPlace", "Required.");
        else if (!seeds.Places.TryGetValue(request.PickupPlace, out var pickup))
            errors.Add("pickupPlace", $"Unknown place '{request.PickupPlace}'.");
        else if (crisis is not null && pickup.Country != crisis.Country)
            errors.Add("pickupPlace", $"'{pickup.Code}' is not in {crisis.Country}, the country of the crisis.");

        if (string.IsNullOrWhiteSpace(request.DestinationCountry))
            errors.Add("destinationCountry", "Required.");
        else if (!seeds.IsCountry(request.DestinationCountry))
            errors.Add("destinationCountry", "Must be an ISO 3166-1 alpha-3 country code, e.g. BGD.");
        else if (crisis is not null && request.DestinationCountry == crisis.Country)
            errors.Add("destinationCountry", "Must be a country other than the one in crisis.");

        if (request.AcceptsThirdCountry is null)
            errors.Add("acceptsThirdCountry", "Required: say whether the group accepts a safe third country.");
        if (request.ConsentToShareWithConsulate is null)
            errors.Add("consentToShareWithConsulate", "Required: consent must be given or refused explicitly.");

        if (request.EarliestDeparture is { } earliest)
        {
            if (crisis is not null && earliest < crisis.StartedAt)
                errors.Add("earliestDeparture", "Is before the crisis started.");
            else if (earliest > clock.GetUtcNow().AddYears(1))
                errors.Add("earliestDeparture", "Is more than a year ahead.");
        }

        if (request.Contact?.Phone is { } phone && !string.IsNullOrWhiteSpace(phone))
            CheckPhone(phone, "contact.phone", errors);
        CheckLanguage(request.Contact?.Language, "contact.language", errors);
        if (request.Notes is { Length: > MaxNotesLength })
            errors.Add("notes", $"At most {MaxNotesLength} characters.");

        if (request.People is null || request.People.Count == 0)
            errors.Add("people", "A request needs at least one person.");
        else if (request.People.Count > MaxPeople)
            errors.Add("people", $"At most {MaxPeople} people travel as one group; split larger groups into several requests.");
        else
            for (var i = 0; i < request.People.Count; i++)
                ValidatePerson(request.People[i], $"people[{i}]", today, errors);

        return errors.ToDictionary();
    }

    void ValidatePerson(PersonDetails? person, string path, DateOnly today, FieldErrors errors)
    {
        if (person is null)
        {
            errors.Add(path, "Required.");
            return;
        }

        CheckNamesAndSex(person.GivenName, person.FamilyName, person.Sex, path, errors);

        if (person.BirthDate is null && person.Age is null)
            errors.Add($"{path}.birthDate", "Give a birth date or an age.");
        else if (person.BirthDate is not null && person.Age is not null)
            errors.Add($"{path}.age", "Give a birth date or an age, not both.");
        else if (person.BirthDate is { } birthDate)
            CheckBirthDate(birthDate, $"{path}.birthDate", today, errors);
        else if (person.Age is { } age && age is < 0 or > 120)
            errors.Add($"{path}.age", "Must be between 0 and 120.");

        if (string.IsNullOrWhiteSpace(person.Nationality))
            errors.Add($"{path}.nationality", "Required (XXA for a stateless person, XXX if unknown).");
        else if (!seeds.IsCountry(person.Nationality) && !NoNationalityCodes.Contains(person.Nationality))
            errors.Add($"{path}.nationality", "Must be an ISO 3166-1 alpha-3 code (XXA for a stateless person, XXX if unknown).");

        if (person.Document is null)
            errors.Add($"{path}.document", "Required (kind 'none' when the person has no document).");
        else
            CheckDocument(person.Document, $"{path}.document", errors);

        var needs = Needs.None;
        for (var i = 0; i < (person.Needs?.Count ?? 0); i++)
        {
            var name = person.Needs![i];
            if (name is null || !NeedNames.TryParse(name, out var need))
                errors.Add($"{path}.needs[{i}]", $"Must be one of: {string.Join(", ", NeedNames.All)}.");
            else
                needs |= need;
        }
        if (needs.HasFlag(Needs.UnaccompaniedChild) && AgeOn(person, today) is >= 18)
            errors.Add($"{path}.needs", "An adult cannot be an unaccompanied child.");
    }

    /// <summary>Age in whole years on <paramref name="day"/>, from the birth date or the declared age.</summary>
    public static int? AgeOn(PersonDetails person, DateOnly day) => AgeOn(person.BirthDate, person.Age, day);

    public static int? AgeOn(DateOnly? birth, int? declaredAge, DateOnly day) => Ages.On(birth, declaredAge, day);

    // The rules below are shared with the registrations of nationals abroad (RegistrationValidator): a person is
    // described, and reached, alike in both.

    internal static void CheckNamesAndSex(string? givenName, string? familyName, string? sex, string path, FieldErrors errors)
    {
        if (string.IsNullOrWhiteSpace(givenName))
            errors.Add($"{path}.givenName", "Required.");
        else if (givenName.Length > MaxNameLength)
            errors.Add($"{path}.givenName", $"At most {MaxNameLength} characters.");
        // Many people have one name only: the family name may be empty, but must be present.
        if (familyName is null)
            errors.Add($"{path}.familyName", "Required (may be empty for people with one name).");
        else if (familyName.Length > MaxNameLength)
            errors.Add($"{path}.familyName", $"At most {MaxNameLength} characters.");

        if (sex is null || !Sexes.Contains(sex))
            errors.Add($"{path}.sex", "Must be F, M or X.");
    }

    internal static void CheckBirthDate(DateOnly birthDate, string field, DateOnly today, FieldErrors errors)
    {
        if (birthDate > today || birthDate < today.AddYears(-120))
            errors.Add(field, "Must be in the past 120 years.");
    }

    internal static void CheckDocument(TravelDocument document, string path, FieldErrors errors)
    {
        if (document.Kind is null || !DocumentKinds.Contains(document.Kind))
            errors.Add($"{path}.kind", $"Must be one of: {string.Join(", ", DocumentKinds)}.");
        else if (document.Kind != "none" && string.IsNullOrWhiteSpace(document.Number))
            errors.Add($"{path}.number", "Required for this kind of document.");
        else if (document.Number is { Length: > 50 })
            errors.Add($"{path}.number", "At most 50 characters.");
    }

    internal static void CheckPhone(string phone, string field, FieldErrors errors)
    {
        if (ContactRules.E164(phone) is null)
            errors.Add(field, "Must be an international phone number (E.164): '+', the country code and the number, e.g. +218912345678; spaces and dashes are allowed.");
    }

    internal static void CheckLanguage(string? language, string field, FieldErrors errors)
    {
        if (language is not null && ContactRules.Language(language) is null)
            errors.Add(field, $"Must be one of the languages messages are written in: {string.Join(", ", ContactRules.Languages)}.");
    }
}
