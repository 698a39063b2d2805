using Micic.ServiceDefaults.ReferenceData;

namespace Micic.Requests.Domain;

/// <summary>
/// Rules for a registration of nationals abroad: a real nationality and a different country of residence, an area of
/// that country, 1–20 people described as for an evacuation request (<see cref="EvacuationRequestValidator"/>), a phone
/// to reach them and their consent to be contacted — a registration is kept for nothing else. Returns every problem at
/// once, keyed by the field's JSON path.
/// </summary>
public sealed class RegistrationValidator(SeedData seeds, TimeProvider clock)
{
    public Dictionary<string, string[]> Validate(RegisterHousehold registration)
    {
        var errors = new FieldErrors();
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

        if (string.IsNullOrWhiteSpace(registration.Nationality))
            errors.Add("nationality", "Required.");
        else if (!seeds.IsCountry(registration.Nationality))
            errors.Add("nationality", "Must be an ISO 3166-1 alpha-3 country code in capitals, e.g. BGD.");

        if (string.IsNullOrWhiteSpace(registration.CountryOfResidence))
            errors.Add("countryOfResidence", "Required.");
        else if (!seeds.IsCountry(registration.CountryOfResidence))
            errors.Add("countryOfResidence", "Must be an ISO 3166-1 alpha-3 country code in capitals, e.g. LBY.");
        else if (registration.CountryOfResidence == registration.Nationality)
            errors.Add("countryOfResidence", "Must be a country other than the nationality: a registration is of nationals abroad.");

        if (!string.IsNullOrEmpty(registration.Area) && AreaProblem(registration.Area, registration.CountryOfResidence) is { } problem)
            errors.Add("area", problem);

        if (string.IsNullOrWhiteSpace(registration.Contact?.Phone))
            errors.Add("contact.phone", "Required: a registration is there to reach the household in a crisis.");
        else
            EvacuationRequestValidator.CheckPhone(registration.Contact.Phone, "contact.phone", errors);
        EvacuationRequestValidator.CheckLanguage(registration.Contact?.Language, "contact.language", errors);

        if (registration.ConsentToContact is not true)
            errors.Add("consentToContact", "Required, and true: a household is registered only with its consent to be contacted.");

        if (registration.Household is null || registration.Household.Count == 0)
            errors.Add("household", "A registration needs at least one person.");
        else if (registration.Household.Count > EvacuationRequestValidator.MaxPeople)
            errors.Add("household", $"At most {EvacuationRequestValidator.MaxPeople} people per household; register larger ones as several.");
        else
            for (var i = 0; i < registration.Household.Count; i++)
                ValidateMember(registration.Household[i], $"household[{i}]", today, errors);

        return errors.ToDictionary();
    }

    /// <summary>Why <paramref name="area"/> is no area of <paramref name="country"/>, or null when it is one.</summary>
    public string? AreaProblem(string area, string? country) =>
        !seeds.Places.TryGetValue(area, out var place) ? "There is no such place; GET /api/places lists them."
        : country is not null && place.Country != country ? $"'{place.Code}' is not in the country of residence."
        : null;

    static void ValidateMember(HouseholdMember? member, string path, DateOnly today, FieldErrors errors)
    {
        if (member is null)
        {
            errors.Add(path, "Required.");
            return;
        }
        EvacuationRequestValidator.CheckNamesAndSex(member.GivenName, member.FamilyName, member.Sex, path, errors);
        if (member.BirthDate is { } birthDate)
            EvacuationRequestValidator.CheckBirthDate(birthDate, $"{path}.birthDate", today, errors);
        if (member.Document is { } document)
            EvacuationRequestValidator.CheckDocument(document, $"{path}.document", errors);
    }
}
