using Micic.ServiceDefaults;

namespace Micic.Manifests.Domain;

/// <summary>The body of <c>POST /api/manifests/{id}/travel-documents</c>, nullable so that every problem is reported at once.</summary>
public sealed record TravelDocumentBody(Guid? PersonId, string? Kind, string? Number);

/// <summary>
/// The body of <c>POST /api/manifests/{id}/boarding</c>: one passenger (<c>personId</c>, <c>status</c>), or the carrier's
/// boarding list synced once the gate has closed (<c>passengers</c>).
/// </summary>
public sealed record BoardingBody(Guid? PersonId = null, string? Status = null, IReadOnlyList<BoardingEntry?>? Passengers = null);

/// <summary>A line of a boarding list.</summary>
public sealed record BoardingEntry(Guid? PersonId, string? Status);

/// <summary>A passenger's boarding to record.</summary>
public sealed record BoardingRecord(Guid PersonId, Boarding Boarding);

/// <summary>The body of <c>POST /api/manifests/{id}/depart</c>.</summary>
public sealed record DepartureBody(DateTimeOffset? DepartedAt);

/// <summary>Rules for what carriers and consulates send about a manifest, each problem named by its field.</summary>
public sealed class ManifestStepValidator(TimeProvider clock)
{
    public const string LaissezPasser = "laissez-passer";
    public const int MaxDocumentNumberLength = 40;

    /// <summary>A ship's full load: a carrier syncs its boarding list in calls of at most this many passengers.</summary>
    public const int MaxBoardingList = 1000;

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

    /// <summary>
    /// One passenger, or a list of 1 to <see cref="MaxBoardingList"/> passengers each named once — every problem named by its
    /// entry (<c>passengers[3].personId</c>).
    /// </summary>
    public Dictionary<string, string[]> Validate(BoardingBody boarding)
    {
        var errors = new Dictionary<string, string[]>();
        void Add(string field, string message) => errors[field] = [.. errors.GetValueOrDefault(field, []), message];

        if (boarding.Passengers is not { } list)
        {
            ValidateEntry(boarding.PersonId, boarding.Status, "", Add);
            return errors;
        }
        if (boarding.PersonId is not null || boarding.Status is not null)
            Add("passengers", "Give either personId and status (one passenger) or passengers (a boarding list), not both.");
        if (list.Count is 0 or > MaxBoardingList)
        {
            Add("passengers", $"Between 1 and {MaxBoardingList} passengers.");
            return errors;
        }
        var listedAt = new Dictionary<Guid, int>();
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] is not { } entry)
            {
                Add($"passengers[{i}]", "Required.");
                continue;
            }
            ValidateEntry(entry.PersonId, entry.Status, $"passengers[{i}].", Add);
            if (entry.PersonId is { } personId && !listedAt.TryAdd(personId, i))
                Add($"passengers[{i}].personId", $"Listed already, as passengers[{listedAt[personId]}].");
        }
        return errors;
    }

    static void ValidateEntry(Guid? personId, string? status, string path, Action<string, string> add)
    {
        if (personId is null)
            add($"{path}personId", "Required.");
        if (!WireNames<Boarding>.TryParse(status, out var boarding) || boarding == Boarding.Expected)
            add($"{path}status", $"Must be {Boarding.Boarded.WireName()} or {Boarding.NoShow.WireName()}.");
    }

    /// <summary>What a valid boarding body records: one passenger's boarding, or each of the list's.</summary>
    public static IReadOnlyList<BoardingRecord> Recorded(BoardingBody boarding) =>
        boarding.Passengers is { } list
            ? list.Select(entry => new BoardingRecord(entry!.PersonId!.Value, WireNames<Boarding>.Parse(entry.Status!))).ToList()
            : [new BoardingRecord(boarding.PersonId!.Value, WireNames<Boarding>.Parse(boarding.Status!))];

    public Dictionary<string, string[]> Validate(DepartureBody departure) =>
        departure.DepartedAt is { } departedAt && departedAt <= clock.GetUtcNow().Add(ClockAllowance)
            ? []
            : new() { ["departedAt"] = ["Required, and not in the future."] };
}
