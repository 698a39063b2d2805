using System.Security.Claims;
using Micic.Identity.Application;
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

    static async Task<Results<Ok<PagedList<SignInEntry>>, ValidationProblem, ProblemHttpResult>> Trail(IdentityDb db, AccountValidator validator,
        ClaimsPrincipal user, string? userName, string? organisationId, DateTimeOffset? from, DateTimeOffset? to, int? page, int? pageSize,
        CancellationToken cancellationToken)
    {
        var (paging, errors) = PageRequest.From(page, pageSize);
        if (userName is { Length: > AccountRules.MaxUserNameLength })
            errors["userName"] = [$"At most {AccountRules.MaxUserNameLength} characters."];
        else if (userName is not null && PrintableText.HasControlCharacters(userName))
            errors["userName"] = ["Control characters are not allowed."];
        var organisation = string.IsNullOrEmpty(organisationId) ? null : validator.Organisation(organisationId);
        if (!string.IsNullOrEmpty(organisationId) && organisation is null)
            errors["organisationId"] = ["No such organisation."];
        if (from > to)
            errors["from"] = ["Must not be after 'to'."];
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors);
        // An admin reads its own organisation's trail; asking for another's is refused, as for its accounts.
        if (organisation is not null && !AccountAdministration.Manages(user, organisation.Id))
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Not your organisation.",
                detail: "An administrator reads the sign-in trail of their own organisation only.");

        var query = db.SignInEvents.AsNoTracking().Where(e => (userName == null || e.UserName == userName) && (from == null || e.At >= from) && (to == null || e.At <= to));
        if (!user.IsCoordinator() || organisation is not null)
        {
            var scope = organisation?.Id ?? user.OrganisationId();
            query = query.Where(e => e.OrganisationId == scope);
        }
        var total = await query.CountAsync(cancellationToken);
        var items = await query.OrderBy(e => e.At).Skip(paging.Offset).Take(paging.PageSize)
            .Select(e => new SignInEntry(e.At, e.Kind, e.UserName, e.UserId, e.OrganisationId, e.ClientId, e.Address, e.Detail, e.ByUserName))
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(new PagedList<SignInEntry>(items, paging.Page, paging.PageSize, total));
    }
}
