using Micic.Contracts;
using Micic.ServiceDefaults.ReferenceData;

namespace Micic.Messaging.Domain;

/// <summary>A broadcast's text in each language; English is required, the others optional.</summary>
public sealed record BroadcastTexts(string? En, string? Fr, string? Ar, string? Bn)
{
    /// <summary>The text a phone of this language reads: its own language's, else English.</summary>
    public string For(string language) =>
        (language switch
        {
            MessageLanguage.French => Fr,
            MessageLanguage.Arabic => Ar,
            MessageLanguage.Bengali => Bn,
            _ => null,
        } is { } own && !string.IsNullOrWhiteSpace(own) ? own : En!).Trim();

    public IEnumerable<(string Language, string? Text)> All => [("en", En), ("fr", Fr), ("ar", Ar), ("bn", Bn)];
}

/// <summary>
/// Who a broadcast reaches and what it says: the consenting, not stopped groups of the crisis still waiting to leave or
/// matched to a seat (at the pickup place, of the nationality, when given), each phone once, in its language.
/// </summary>
public static class BroadcastRules
{
    /// <summary>The journeys a broadcast is for: those waiting at a pickup place.</summary>
    public static readonly IReadOnlyList<string> Audience = [RequestStatus.Submitted, RequestStatus.Pending, RequestStatus.Matched, RequestStatus.Manifested];

    public static Dictionary<string, string[]> Problems(string? crisisId, string? pickupPlace, string? nationality, BroadcastTexts? texts, SeedData seeds,
        Crisis? crisis)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrEmpty(crisisId))
            errors["crisisId"] = ["Required."];
        else if (crisis is null)
            errors["crisisId"] = ["There is no such crisis."];
        if (pickupPlace is not null && !seeds.Places.ContainsKey(pickupPlace))
            errors["pickupPlace"] = ["There is no such place; GET /api/places lists them."];
        if (nationality is not null && !seeds.Countries.Contains(nationality))
            errors["nationality"] = ["Must be an ISO 3166-1 alpha-3 code, e.g. SDN."];
        if (texts is null)
            errors["text"] = ["Required: {en, fr?, ar?, bn?}."];
        else
        {
            if (string.IsNullOrWhiteSpace(texts.En))
                errors["text.en"] = ["Required: the English text, sent to any language without its own."];
            foreach (var (language, text) in texts.All.Where(pair => pair.Text is not null && (pair.Language != "en" || !string.IsNullOrWhiteSpace(pair.Text))))
                if (FeedbackRules.TextProblem(text, FeedbackRules.MaxAnswerLength) is { } problem)
                    errors[$"text.{language}"] = [problem];
        }
        return errors;
    }
}
