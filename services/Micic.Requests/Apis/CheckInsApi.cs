using System.Security.Claims;
using Micic.Persistence.Crises;
using Micic.Requests.Application;
using Micic.Requests.Data;
using Micic.Requests.Domain;
using Micic.ServiceDefaults.Auth;
using Micic.ServiceDefaults.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Micic.Requests.Apis;

/// <summary>
/// The check-ins of a crisis (<see cref="CheckIns"/>): a consulate reads its nationals', with names (audited); a
/// coordinator counts them by nationality and answer; no one else reads anything.
/// </summary>
public static class CheckInsApi
{
    public static IEndpointRouteBuilder MapCheckInsApi(this IEndpointRouteBuilder app)
    {
        var checkIns = app.MapGroup("/api/crises/{id}/check-ins").WithTags("Check-ins")
            .RequireAuthorization(policy => policy.RequireRole(Roles.Consulate, Roles.Coordinator));
        checkIns.MapGet("/", List);
        checkIns.MapGet("/counts", Counts);
        return app;
    }

    /// <summary>
    /// A consulate: its nationals' households, most urgent first (need help, want to leave, to call), each with its answer
    /// and, for those who want to leave, their request's status; <c>answer</c> (safe, need-help, want-to-leave, none) and
    /// <c>status</c> (asked, answered, to-call) narrow it. A coordinator: counts by nationality and answer, no names.
    /// </summary>
    static async Task<Results<Ok<PagedList<CheckInView>>, Ok<CheckInsByNationality>, ValidationProblem, ProblemHttpResult>> List(
        string id, string? answer, string? status, int? page, int? pageSize, ClaimsPrincipal user, CrisisCatalogue crises, CheckIns checkIns,
        CheckInStore store, CancellationToken cancellationToken)
    {
        var (request, errors) = PageRequest.From(page, pageSize);
        int? answerDigit = null;
        if (!string.IsNullOrEmpty(answer) && (answerDigit = CheckInAnswer.Parse(answer)) is null)
            errors["answer"] = [$"Must be one of: {string.Join(", ", CheckInAnswer.FilterNames)}."];
        if (!string.IsNullOrEmpty(status) && !CheckInStatus.All.Contains(status))
            errors["status"] = [$"Must be one of: {string.Join(", ", CheckInStatus.All)}."];
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors);
        if (await crises.Find(id, cancellationToken) is null)
            return NoSuchCrisis(id);

        if (!user.IsInRole(Roles.Consulate))
            return TypedResults.Ok(CheckInsByNationality.From(await store.Counts(id, null, cancellationToken)));
        var (items, total) = await checkIns.List(user, id, answerDigit, string.IsNullOrEmpty(status) ? null : status, request, cancellationToken);
        return TypedResults.Ok(new PagedList<CheckInView>([.. items.Select(CheckInView.From)], request.Page, request.PageSize, total));
    }

    /// <summary>How the check-ins stand by nationality and area — the consulate's own nationals, or all for a coordinator: counts only.</summary>
    static async Task<Results<Ok<CheckInCounts>, ProblemHttpResult>> Counts(string id, ClaimsPrincipal user, CrisisCatalogue crises, CheckInStore store,
        CancellationToken cancellationToken)
    {
        if (await crises.Find(id, cancellationToken) is null)
            return NoSuchCrisis(id);
        return TypedResults.Ok(new CheckInCounts(await store.Counts(id, user.IsInRole(Roles.Consulate) ? user.Nationalities() : null, cancellationToken)));
    }

    static ProblemHttpResult NoSuchCrisis(string id) =>
        Problems.NotFound("No such crisis.", $"No crisis '{(id.Length > 100 ? id[..100] + "…" : id)}' is known.");
}

/// <summary>A household's check-in as its consulate reads it: names, area, the phone's last three digits, the answer and what came of it.</summary>
public sealed record CheckInView(
    Guid RegistrationId, string Nationality, IReadOnlyList<string> Names, string? Area, string Phone, string? Answer, DateTimeOffset? AnsweredAt,
    int Attempts, string Status, DateTimeOffset? ToCallSince, Guid? RequestId, string? RequestReference, string? RequestStatus, string? Problem)
{
    public static CheckInView From(CheckInRow row) => new(
        row.RegistrationId, row.Nationality, row.Names, row.Area, MaskedPhone.Of(row.Phone), CheckInAnswer.Name(row.Answer), row.AnsweredAt,
        row.Attempts, CheckInStatus.Of(row.Answer, row.ToCallAt), row.ToCallAt, row.RequestId, row.RequestReference, row.RequestStatus, row.Problem);
}

public sealed record CheckInCounts(IReadOnlyList<CheckInCount> Items);

public sealed record NationalityCheckIns(string Nationality, int Asked, int Safe, int NeedHelp, int WantToLeave, int Unanswered, int ToCall);

/// <summary>What a coordinator reads of a crisis's check-ins: counts by nationality and answer, nothing about anyone.</summary>
public sealed record CheckInsByNationality(IReadOnlyList<NationalityCheckIns> Items)
{
    public static CheckInsByNationality From(IEnumerable<CheckInCount> counts) => new([.. counts.GroupBy(count => count.Nationality)
        .Select(group => new NationalityCheckIns(group.Key, group.Sum(c => c.Asked), group.Sum(c => c.Safe), group.Sum(c => c.NeedHelp),
            group.Sum(c => c.WantToLeave), group.Sum(c => c.Unanswered), group.Sum(c => c.ToCall)))]);
}
