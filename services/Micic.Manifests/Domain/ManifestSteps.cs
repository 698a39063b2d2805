using Micic.ServiceDefaults;

namespace Micic.Manifests.Domain;

/// <summary>The body of <c>POST /api/manifests/{id}/travel-documents</c>, nullable so that every problem is reported at once.</summary>
public sealed record TravelDocumentBody(Guid? PersonId, string? Kind, string? Number);

/// <summary>The body of <c>POST /api/manifests/{id}/boarding</c>.</summary>
public sealed record BoardingBody(Guid? PersonId, string? Status);

/// <summary>The body of <c>POST /api/manifests/{id}/depart</c>.</summary>
public sealed record DepartureBody(DateTimeOffset? DepartedAt);

/// <summary>Rules for what carriers and consulates send about a manifest, each problem named by its field.</summary>
public sealed class ManifestStepValidator(TimeProvider clock)
{
    public const string LaissezPasser = "laissez-passer";
    public const int MaxDocumentNumberLength = 40;

    /// <summary>Carriers' and consulates' clocks may be a few minutes apart.</summary>
    public static readonly TimeSpan ClockAllowance = TimeSpan.FromMinutes(5);

    public Dictionary<string, string[]> Validate(TravelDocumentBody document)
    {
        var errors = new Dictionary<string, string[]>();
        if (document.PersonId is null)
            errors["personId"] = ["Required."];
        if (document.Kind != LaissezPasser)
            errors["kind"] = [$"Must be {LaissezPasser}."];
        if (string.IsNullOrWhiteSpace(document.Number) || document.Number.Length > MaxDocumentNumberLength)
            errors["number"] = [$"Required, at most {MaxDocumentNumberLength} characters."];
        return errors;
    }

    public Dictionary<string, string[]> Validate(BoardingBody boarding)
    {
        var errors = new Dictionary<string, string[]>();
        if (boarding.PersonId is null)
            errors["personId"] = ["Required."];
        if (!WireNames<Boarding>.TryParse(boarding.Status, out var status) || status == Boarding.Expected)
            errors["status"] = [$"Must be {Boarding.Boarded.WireName()} or {Boarding.NoShow.WireName()}."];
        return errors;
    }

    /// <summary>What a valid boarding body records.</summary>
    public static Boarding Recorded(BoardingBody boarding) => WireNames<Boarding>.Parse(boarding.Status!);

    public Dictionary<string, string[]> Validate(DepartureBody departure) =>
        departure.DepartedAt is { } departedAt && departedAt <= clock.GetUtcNow().Add(ClockAllowance)
            ? []
            : new() { ["departedAt"] = ["Required, and not in the future."] };
}
