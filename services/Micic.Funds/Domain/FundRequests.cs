using Micic.ServiceDefaults;
using Micic.ServiceDefaults.ReferenceData;

using System.Text.Json.Serialization;

namespace Micic.Funds.Domain;

/// <remarks>Money is a JSON number: an amount sent as text ("1,000.50", "1.000,50") is read differently in different places, and refused.</remarks>
public sealed record CreateFund(string? Name, string? DonorOrganisationId, string? Currency,
    [property: JsonNumberHandling(JsonNumberHandling.Strict)] decimal? Pledged, FundRestrictions? Restrictions, string? Source = null);

/// <summary>The body of <c>POST /api/offers/{id}/funding</c>: the fund that pays for the offer's movement.</summary>
public sealed record ChooseFund(Guid? FundId);

public sealed record FundRestrictions(IReadOnlyList<string?>? Nationalities, IReadOnlyList<string?>? Purposes, DateOnly? From, DateOnly? To);

public sealed record PledgeToFund([property: JsonNumberHandling(JsonNumberHandling.Strict)] decimal? Amount);

public sealed record RecordReceipt([property: JsonNumberHandling(JsonNumberHandling.Strict)] decimal? Amount, DateTimeOffset? ReceivedAt);

/// <summary>A new fund as checked: its name, donor, what is pledged (possibly nothing yet) and its restrictions.</summary>
public sealed record NewFund(string Name, string? DonorOrganisationId, Money Pledged, Restrictions Restrictions, FundSource Source = FundSource.Donor);

/// <summary>Checks what a coordinator says of a fund and of the money it receives.</summary>
public sealed class FundValidator(Currencies currencies, SeedData seeds, TimeProvider clock)
{
    public const int MaxNameLength = 200;

    /// <summary>How far a receipt may be dated ahead of the platform's clock (a donor's bank in another time zone).</summary>
    static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    public (NewFund? Fund, Dictionary<string, string[]> Errors) Validate(CreateFund? fund)
    {
        var errors = new Dictionary<string, string[]>();
        if (fund is null)
            return (null, new() { ["body"] = ["Required: send a JSON body."] });
        var name = fund.Name?.Trim();
        if (string.IsNullOrEmpty(name))
            errors["name"] = ["Required."];
        else if (name.Length > MaxNameLength)
            errors["name"] = [$"At most {MaxNameLength} characters."];
        if (fund.DonorOrganisationId is { } donor && seeds.Organisations.All(organisation => organisation.Id != donor))
            errors["donorOrganisationId"] = [$"There is no organisation '{Shown(donor)}'."];
        // A fund may be opened before its donor pledges an amount.
        var (pledged, amountError, currencyError) = Money.Parse(fund.Pledged, fund.Currency, currencies, zeroAllowed: true);
        if (currencyError is not null)
            errors["currency"] = [currencyError];
        if (amountError is not null)
            errors["pledged"] = [amountError];

        var source = FundSource.Donor;
        if (fund.Source is not null && !WireNames<FundSource>.TryParse(fund.Source, out source))
            errors["source"] = [$"Must be one of: {string.Join(", ", WireNames<FundSource>.All)}."];

        var nationalities = new List<string>();
        var purposes = new List<Purpose>();
        var given = fund.Restrictions;
        foreach (var (nationality, i) in (given?.Nationalities ?? []).Select((n, i) => (n, i)))
            if (!seeds.IsCountry(nationality))
                errors[$"restrictions.nationalities[{i}]"] = ["Must be an ISO 3166-1 alpha-3 country code."];
            else
                nationalities.Add(nationality!);
        foreach (var (purpose, i) in (given?.Purposes ?? []).Select((p, i) => (p, i)))
            if (!WireNames<Purpose>.TryParse(purpose, out var known))
                errors[$"restrictions.purposes[{i}]"] = [$"Must be one of: {string.Join(", ", WireNames<Purpose>.All)}."];
            else
                purposes.Add(known);
        if (given is { From: { } from, To: { } to } && to < from)
            errors["restrictions.to"] = ["Must not be before restrictions.from."];

        return errors.Count > 0
            ? (null, errors)
            : (new NewFund(name!, fund.DonorOrganisationId, pledged!.Value,
                new Restrictions(nationalities.Distinct().ToList(), purposes.Distinct().ToList(), given?.From, given?.To), source), errors);
    }

    /// <summary>A receipt in the fund's own currency, received already (not in the future).</summary>
    public (Money? Amount, Dictionary<string, string[]> Errors) Validate(RecordReceipt? receipt, string fundCurrency)
    {
        var errors = new Dictionary<string, string[]>();
        if (receipt is null)
            return (null, new() { ["body"] = ["Required: send a JSON body."] });
        var (amount, amountError, _) = Money.Parse(receipt.Amount, fundCurrency, currencies);
        if (amountError is not null)
            errors["amount"] = [amountError];
        if (receipt.ReceivedAt is not { } at)
            errors["receivedAt"] = ["Required."];
        else if (at > clock.GetUtcNow() + ClockSkew)
            errors["receivedAt"] = ["Must not be in the future."];
        return (errors.Count > 0 ? null : amount, errors);
    }

    /// <summary>A pledge in the fund's own currency.</summary>
    public (Money? Amount, Dictionary<string, string[]> Errors) Validate(PledgeToFund? pledge, string fundCurrency)
    {
        var (amount, amountError, _) = Money.Parse(pledge?.Amount, fundCurrency, currencies);
        return amountError is null ? (amount, []) : (null, new() { ["amount"] = [amountError] });
    }

    public Dictionary<string, string[]> ValidateFunding(ChooseFund? choice) =>
        choice?.FundId is null || choice.FundId == Guid.Empty ? new() { ["fundId"] = ["Required: the fund that pays for the movement."] } : [];

    internal static string Shown(string value) => value.Length > 40 ? value[..40] + "…" : value;
}
