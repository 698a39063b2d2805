using Micic.ServiceDefaults.ReferenceData;
using System.Security.Claims;
using Micic.Funds.Application;
using Micic.Funds.Data;
using Micic.Funds.Domain;
using Micic.Persistence.Data;
using Micic.ServiceDefaults;
using Micic.ServiceDefaults.Auth;
using Micic.ServiceDefaults.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Micic.Funds.Apis;

public static class FundsApi
{
    public static IEndpointRouteBuilder MapFundsApi(this IEndpointRouteBuilder app)
    {
        var funds = app.MapGroup("/api/funds").WithTags("Funds").RequireAuthorization(Roles.Coordinator);
        funds.MapPost("/", Open).WithIdempotencyKey<CreateFund>();
        funds.MapGet("/", List);
        funds.MapGet("/{id:guid}", Get);
        // A receipt sent again (a lost answer, a retry) must not count the money twice.
        funds.MapPost("/{id:guid}/receipts", Receive).WithIdempotencyKey<RecordReceipt>();
        // A consulate pledges to a fund (for its nationals' evacuation, say) without seeing the funds' books.
        app.MapPost("/api/funds/{id:guid}/pledges", Pledge).WithTags("Funds").WithIdempotencyKey<PledgeToFund>()
            .RequireAuthorization(policy => policy.RequireRole(Roles.Coordinator, Roles.Consulate));
        return app;
    }

    static async Task<Results<Created<FundOpened>, ValidationProblem>> Open(
        CreateFund body, ClaimsPrincipal user, FundValidator validator, FundsDesk desk, CancellationToken cancellationToken)
    {
        var (fund, errors) = validator.Validate(body);
        if (fund is null)
            return TypedResults.ValidationProblem(errors, title: "The fund is not valid.");
        var id = await desk.Open(fund, user, cancellationToken);
        return TypedResults.Created($"/api/funds/{id}", new FundOpened(id));
    }

    /// <summary>Money a donor paid into a fund, in the fund's currency: from then on the fund may pay with it.</summary>
    static async Task<Results<Created<FundView>, ValidationProblem, ProblemHttpResult>> Receive(
        Guid id, RecordReceipt body, FundValidator validator, FundsDesk desk, CancellationToken cancellationToken)
    {
        if (await desk.Find(id, cancellationToken) is not { } fund)
            return NoSuchFund(id);
        var (amount, errors) = validator.Validate(body, fund.Currency);
        if (amount is null)
            return TypedResults.ValidationProblem(errors, title: "The receipt is not valid.");
        return await desk.Receive(id, amount.Value, body.ReceivedAt!.Value, cancellationToken) is { } received
            ? TypedResults.Created($"/api/funds/{id}", FundView.From(received))
            : NoSuchFund(id);
    }

    static async Task<Results<Created<PledgeView>, ValidationProblem, ProblemHttpResult>> Pledge(
        Guid id, PledgeToFund body, ClaimsPrincipal user, FundValidator validator, FundsDesk desk, CancellationToken cancellationToken)
    {
        if (await desk.Find(id, cancellationToken) is not { } fund)
            return NoSuchFund(id);
        var (amount, errors) = validator.Validate(body, fund.Currency);
        if (amount is null)
            return TypedResults.ValidationProblem(errors, title: "The pledge is not valid.");
        return await desk.Pledge(id, amount.Value, user, cancellationToken) is { } pledge
            ? TypedResults.Created($"/api/funds/{id}", new PledgeView(pledge, id, user.OrganisationId(), amount.Value.Amount, amount.Value.Currency))
            : NoSuchFund(id);
    }

    static async Task<Ok<IReadOnlyList<FundView>>> List(FundsDesk desk, CancellationToken cancellationToken) =>
        TypedResults.Ok<IReadOnlyList<FundView>>((await desk.All(cancellationToken)).Select(FundView.From).ToList());

    static async Task<Results<Ok<FundDetailsView>, ProblemHttpResult>> Get(Guid id, FundsDesk desk, CancellationToken cancellationToken) =>
        await desk.Details(id, cancellationToken) is { } details ? TypedResults.Ok(FundDetailsView.From(details)) : NoSuchFund(id);

    internal static ProblemHttpResult NoSuchFund(Guid id) => Problems.NotFound("No such fund.", $"There is no fund {id}.");
}

public sealed record FundOpened(Guid Id);

public sealed record PledgeView(Guid Id, Guid FundId, string OrganisationId, decimal Amount, string Currency);

public sealed record RestrictionsView(IReadOnlyList<string> Nationalities, IReadOnlyList<string> Purposes, DateOnly? From, DateOnly? To);

/// <summary>
/// A fund's standing: <c>committed</c> is what the open offers it was chosen for will cost it at every seat (an
/// estimate, spent only when they depart), <c>source</c> whose money it is (donor, state, bond), and
/// <c>daysLeftAtRecentBurn</c> is absent while it has spent nothing in the last week.
/// </summary>
public sealed record FundView(Guid Id, string Name, string? DonorOrganisationId, string Currency, decimal Pledged, decimal Received, decimal Committed,
    decimal Spent, decimal Balance, decimal? DaysLeftAtRecentBurn, RestrictionsView Restrictions, string Source)
{
    public static FundView From(FundStanding standing)
    {
        var fund = standing.Fund;
        return new(fund.Id, fund.Name, fund.DonorOrganisationId, fund.Currency, fund.Pledged, fund.Received, standing.Committed, fund.Spent, fund.Balance,
            standing.DaysLeftAtRecentBurn,
            new RestrictionsView(fund.Restrictions.Nationalities, fund.Restrictions.Purposes.Select(p => p.WireName()).ToList(),
                fund.Restrictions.From, fund.Restrictions.To), fund.Source.WireName());
    }
}

public sealed record ReceiptView(Guid Id, decimal Amount, DateTimeOffset ReceivedAt);

/// <summary>A charge: for a claim or for a movement (<c>offerId</c>), with its amount in the reporting currency.</summary>
public sealed record ChargeView(Guid Id, Guid? ClaimId, decimal Amount, string Purpose, DateTimeOffset ChargedAt, Guid? OfferId, decimal? ReportingAmount);

public sealed record FundDetailsView(FundView Fund, IReadOnlyList<ReceiptView> Receipts, IReadOnlyList<ChargeView> Charges)
{
    public static FundDetailsView From(FundDetails details) => new(FundView.From(details.Standing),
        details.Receipts.Select(r => new ReceiptView(r.Id, r.Amount, r.ReceivedAt)).ToList(),
        details.Charges.Select(c => new ChargeView(c.Id, c.ClaimId, c.Amount, c.Purpose.WireName(), c.ChargedAt, c.OfferId, c.ReportingAmount)).ToList());
}
