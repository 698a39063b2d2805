using Micic.ServiceDefaults;
using Micic.ServiceDefaults.ReferenceData;

using System.Text.Json.Serialization;

namespace Micic.Funds.Domain;

public sealed record SubmitClaim(string? SiteCode, string? Category,
    [property: JsonNumberHandling(JsonNumberHandling.Strict)] decimal? Amount, string? Currency,
    [property: JsonNumberHandling(JsonNumberHandling.Strict)] int? People, DateOnly? From, DateOnly? To,
    string? Note);

public sealed record ApproveClaim(Guid? FundId);

public sealed record RejectClaim(string? Reason);

/// <summary>A claim as checked, before it is stored.</summary>
public sealed record NewClaim(string? SiteCode, ClaimCategory Category, Money Amount, int People, DateOnly From, DateOnly To, string? Note);

/// <summary>Checks a claim: a known site, a category, an amount in a known currency, people helped and a period already begun.</summary>
public sealed class ClaimValidator(Currencies currencies, SeedData seeds, TimeProvider clock)
{
    public const int MaxNoteLength = 2000;

    /// <summary>More people than any reception site has helped in one claim's period: a typing mistake.</summary>
    public const int MaxPeople = 1_000_000;

    public (NewClaim? Claim, Dictionary<string, string[]> Errors) Validate(SubmitClaim? claim)
    {
        if (claim is null)
            return (null, new() { ["body"] = ["Required: send a JSON body."] });
        var errors = new Dictionary<string, string[]>();
        if (claim.SiteCode is { } site && !seeds.Places.ContainsKey(site))
            errors["siteCode"] = [$"There is no site '{FundValidator.Shown(site)}'."];
        if (!WireNames<ClaimCategory>.TryParse(claim.Category, out var category))
            errors["category"] = [$"Must be one of: {string.Join(", ", WireNames<ClaimCategory>.All)}."];
        var (amount, amountError, currencyError) = Money.Parse(claim.Amount, claim.Currency, currencies);
        if (amountError is not null)
            errors["amount"] = [amountError];
        if (currencyError is not null)
            errors["currency"] = [currencyError];
        if (claim.People is not (>= 1 and <= MaxPeople))
            errors["people"] = [$"Required: how many people were helped, 1 to {MaxPeople}."];
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        if (claim.From is not { } from)
            errors["from"] = ["Required: the first day the costs cover."];
        else if (from > today.AddDays(1))
            errors["from"] = ["Must not be in the future: claim what was spent."];
        if (claim.To is not { } to)
            errors["to"] = ["Required: the last day the costs cover."];
        else if (claim.From is { } start && to < start)
            errors["to"] = ["Must not be before from."];
        else if (to > today.AddDays(1))
            errors["to"] = ["Must not be in the future: claim what was spent."];
        var note = string.IsNullOrWhiteSpace(claim.Note) ? null : claim.Note.Trim();
        if (note is { Length: > MaxNoteLength })
            errors["note"] = [$"At most {MaxNoteLength} characters."];
        return errors.Count > 0
            ? (null, errors)
            : (new NewClaim(claim.SiteCode, category, amount!.Value, claim.People!.Value, claim.From!.Value, claim.To!.Value, note), errors);
    }

    public Dictionary<string, string[]> Validate(ApproveClaim? approval) =>
        approval?.FundId is null || approval.FundId == Guid.Empty ? new() { ["fundId"] = ["Required: the fund that pays the claim."] } : [];

    public Dictionary<string, string[]> Validate(RejectClaim? rejection) => ServiceDefaults.Http.Reason.Check(rejection?.Reason);
}
