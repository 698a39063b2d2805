using System.Security.Claims;
using Micic.Contracts;
using Micic.Funds.Application;
using Micic.Funds.Domain;
using Micic.Persistence.Crises;
using Micic.ServiceDefaults.Auth;
using Micic.ServiceDefaults.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Micic.Funds.Apis;

public static class CostsApi
{
    public static IEndpointRouteBuilder MapCostsApi(this IEndpointRouteBuilder app)
    {
        // Under the offer's address, though Funds answers it: the gateway routes it here.
        app.MapPost("/api/offers/{id:guid}/funding", Choose).WithTags("Costs").RequireAuthorization(Roles.Coordinator);
        app.MapGet("/api/costs", Costs).WithTags("Costs").RequireAuthorization(policy => policy.RequireRole(Roles.Coordinator, Roles.Consulate));
        return app;
    }

    /// <summary>
    /// Chooses the fund that pays for an offer's movement: it must pay in the offer's currency, for evacuation, in its
    /// period, for the offer's nationalities, and have left uncommitted what the movement may cost (every seat). Choosing
    /// again before the movement is charged replaces the choice; a movement departed uncharged is charged at once.
    /// </summary>
    static async Task<Results<Ok<FundingView>, ValidationProblem, ProblemHttpResult>> Choose(
        Guid id, ChooseFund? body, ClaimsPrincipal user, FundValidator validator, MovementCharging charging, CancellationToken cancellationToken)
    {
        if (validator.ValidateFunding(body) is { Count: > 0 } errors)
            return TypedResults.ValidationProblem(errors, title: "The funding is not valid.");
        var fundId = body!.FundId!.Value;
        return await charging.Choose(id, fundId, user, cancellationToken) switch
        {
            FundingOutcome.Committed(_, var estimate) =>
                TypedResults.Ok(new FundingView(id, fundId, "committed", estimate.Amount, estimate.Currency, null)),
            FundingOutcome.Charged(var charged) => TypedResults.Ok(new FundingView(id, fundId, "charged", charged.Amount, charged.Currency,
                new MovementChargeView(charged.Amount, charged.Currency, charged.FundId, charged.SeatsUsed, charged.SeatsUnused))),
            FundingOutcome.Refused(var refusal) => Problems.Conflict(refusal.Title, refusal.Detail),
            FundingOutcome.FundMissing => FundsApi.NoSuchFund(fundId),
            _ => Problems.NotFound("No such offer.", $"There is no offer {id}."),
        };
    }

    /// <summary>
    /// What evacuating people cost in a crisis, in the reporting currency at the seeded rates of <c>asOf</c>: per person
    /// evacuated, by mode, nationality and fund. A consulate sees its own nationals' lines only.
    /// </summary>
    static async Task<Results<Ok<CostsView>, ValidationProblem>> Costs(
        string? crisisId, ClaimsPrincipal user, CrisisCatalogue crises, CostReports reports, ExchangeRates rates, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(crisisId))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["crisisId"] = ["Required: the crisis whose costs to show."] });
        if (await crises.Find(crisisId, cancellationToken) is null)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["crisisId"] = [$"There is no crisis '{FundValidator.Shown(crisisId)}'."] });
        var summary = await reports.Of(crisisId, user, cancellationToken);
        return TypedResults.Ok(new CostsView(crisisId, rates.Reporting.Code, rates.RatesOf, summary.PerPersonEvacuated,
            summary.ByMode.Sum(line => line.People), summary.ByMode.Sum(line => line.Amount),
            summary.ByMode.Select(line => new ModeCost(line.Key, line.People, line.Amount)).ToList(),
            summary.ByNationality.Select(line => new NationalityCost(line.Key, line.People, line.Amount)).ToList(),
            summary.ByFund.Select(line => new FundCost(line.FundId, line.Name, line.People, line.Amount)).ToList()));
    }
}

public sealed record MovementChargeView(decimal Amount, string Currency, Guid? FundId, int SeatsUsed, int SeatsUnused);

/// <summary>
/// A fund chosen for an offer: <c>committed</c> to its estimated cost (every seat used) until it departs, or
/// <c>charged</c> at once for a movement that had departed uncharged.
/// </summary>
public sealed record FundingView(Guid OfferId, Guid FundId, string Status, decimal Amount, string Currency, MovementChargeView? Charge);

public sealed record ModeCost(string Mode, int People, decimal Amount);

public sealed record NationalityCost(string Nationality, int People, decimal Amount);

public sealed record FundCost(Guid FundId, string Name, int People, decimal Amount);

/// <summary>
/// What a crisis's charged movements cost, in <c>currency</c> (the reporting currency) at the seeded rates of the day
/// <c>asOf</c>; <c>perPersonEvacuated</c> is absent while nobody was.
/// </summary>
public sealed record CostsView(string CrisisId, string Currency, DateOnly AsOf, decimal? PerPersonEvacuated, int People, decimal Amount,
    IReadOnlyList<ModeCost> ByMode, IReadOnlyList<NationalityCost> ByNationality, IReadOnlyList<FundCost> ByFund);
