using System.Security.Claims;
using Micic.Identity.Data;
using Micic.Identity.Domain;
using Micic.ServiceDefaults.Auth;
using Micic.ServiceDefaults.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Micic.Identity.Apis;

public sealed record SignInEntry(DateTimeOffset At, string Kind, string UserName, Guid? UserId, string? OrganisationId, string? ClientId, string? Address,
    string? Detail, string? By);

/// <summary>The sign-in trail: sign-ins, failures, lockouts, disables (a coordinator: everyone's; an admin: its organisation's).</summary>
public static class SignInAuditApi
{
    public static IEndpointRouteBuilder MapSignInAuditApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/audit/sign-ins", Trail).WithTags("Audit").RequireAuthorization(policy => policy.RequireRole(Roles.Coordinator, Roles.Admin));
        return app;
    }

    static async Task<Results<Ok<PagedList<SignInEntry>>, ValidationProblem>> Trail(IdentityDb db, ClaimsPrincipal user, string? userName,
        DateTimeOffset? from, DateTimeOffset? to, int? page, int? pageSize, CancellationToken cancellationToken)
    {
        var (paging, errors) = PageRequest.From(page, pageSize);
        if (userName is { Length: > AccountRules.MaxUserNameLength })
            errors["userName"] = [$"At most {AccountRules.MaxUserNameLength} characters."];
        if (from > to)
            errors["from"] = ["Must not be after 'to'."];
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors);

        var query = db.SignInEvents.AsNoTracking().Where(e => (userName == null || e.UserName == userName) && (from == null || e.At >= from) && (to == null || e.At <= to));
        if (!user.IsCoordinator())
        {
            var organisation = user.OrganisationId();
            query = query.Where(e => e.OrganisationId == organisation);
        }
        var total = await query.CountAsync(cancellationToken);
        var items = await query.OrderBy(e => e.At).Skip(paging.Offset).Take(paging.PageSize)
            .Select(e => new SignInEntry(e.At, e.Kind, e.UserName, e.UserId, e.OrganisationId, e.ClientId, e.Address, e.Detail, e.ByUserName))
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(new PagedList<SignInEntry>(items, paging.Page, paging.PageSize, total));
    }
}
