using System.Security.Claims;
using Micic.Identity.Application;
using Micic.Identity.Domain;
using Micic.ServiceDefaults.Auth;
using Micic.ServiceDefaults.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Micic.Identity.Apis;

/// <summary>
/// An organisation's accounts, managed by its admin (a coordinator manages every organisation's). People only: a
/// machine client's shared secret never creates or disables a person.
/// </summary>
public static class AccountsApi
{
    public static IEndpointRouteBuilder MapAccountsApi(this IEndpointRouteBuilder app)
    {
        var accounts = app.MapGroup("/api/accounts").WithTags("Accounts").RequireAuthorization(policy => policy
            .RequireRole(Roles.Admin, Roles.Coordinator)
            .RequireAssertion(context => Actor.Of(context.User).Kind == ActorKind.User));
        accounts.MapGet("/", List);
        accounts.MapPost("/", Invite);
        accounts.MapPatch("/{id:guid}", Change);
        accounts.MapPost("/{id:guid}/disable", Disable);
        accounts.MapPost("/{id:guid}/enable", Enable);
        return app;
    }

    public sealed record AccountsDesk(AccountAdministration Accounts, AccountValidator Validator, ClaimsPrincipal User);

    static async Task<Results<Ok<PagedList<AccountView>>, ValidationProblem, ProblemHttpResult>> List([AsParameters] AccountsDesk desk, string? organisationId,
        int? page, int? pageSize, CancellationToken cancellationToken)
    {
        var (paging, errors) = PageRequest.From(page, pageSize);
        var organisation = string.IsNullOrEmpty(organisationId) ? null : desk.Validator.Organisation(organisationId);
        if (!string.IsNullOrEmpty(organisationId) && organisation is null)
            errors["organisationId"] = ["No such organisation."];
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors);
        // An admin sees its own organisation's accounts, whatever it asked for.
        var scope = desk.User.IsCoordinator() ? organisation?.Id : desk.User.OrganisationId();
        if (organisation is not null && !AccountAdministration.Manages(desk.User, organisation.Id))
            return Forbidden();
        var (items, total) = await desk.Accounts.List(scope, paging.Page, paging.PageSize, cancellationToken);
        return TypedResults.Ok(new PagedList<AccountView>(items, paging.Page, paging.PageSize, total));
    }

    static async Task<Results<Created<Invitation>, ValidationProblem, ProblemHttpResult>> Invite([AsParameters] AccountsDesk desk, InviteAccount body,
        CancellationToken cancellationToken)
    {
        var organisation = desk.Validator.Organisation(body.OrganisationId ?? desk.User.OrganisationId());
        if (organisation is null)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["organisationId"] = ["No such organisation."] });
        if (!AccountAdministration.Manages(desk.User, organisation.Id))
            return Forbidden();
        var errors = desk.Validator.Validate(body, organisation);
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors, title: "The account is not valid.");
        var invitation = await desk.Accounts.Invite(organisation, body.UserName!, body.Roles!.Select(role => role!).ToList(), Actor.Of(desk.User), cancellationToken);
        if (invitation is null)
            return Problems.Conflict("That user name is taken.", $"An account named '{body.UserName}' exists already.");
        return TypedResults.Created($"/api/accounts/{invitation.Id}", invitation);
    }

    static async Task<Results<Ok<AccountView>, ValidationProblem, ProblemHttpResult>> Change([AsParameters] AccountsDesk desk, Guid id, ChangeAccount body,
        CancellationToken cancellationToken)
    {
        if (await Managed(desk, id, cancellationToken) is not { } account)
            return NotFound(id);
        var errors = AccountValidator.Validate(body, desk.Validator.Organisation(account.OrganisationId)!);
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors, title: "The roles are not valid.");
        await desk.Accounts.ChangeRoles(account, body.Roles!.Select(role => role!).ToList());
        return TypedResults.Ok(await desk.Accounts.View(account, cancellationToken));
    }

    static Task<Results<Ok<AccountView>, ValidationProblem, ProblemHttpResult>> Disable([AsParameters] AccountsDesk desk, Guid id, AccountReason body,
        CancellationToken cancellationToken) =>
        WithReason(desk, id, body, cancellationToken, async (account, reason, by) =>
        {
            if (account.Id.ToString() == desk.User.FindFirstValue(MicicClaims.Subject))
                return Problems.Conflict("You cannot disable yourself.", "Ask another administrator of your organisation, or a coordinator.");
            await desk.Accounts.Disable(account, reason, by, cancellationToken);
            return null;
        });

    static Task<Results<Ok<AccountView>, ValidationProblem, ProblemHttpResult>> Enable([AsParameters] AccountsDesk desk, Guid id, AccountReason body,
        CancellationToken cancellationToken) =>
        WithReason(desk, id, body, cancellationToken, async (account, reason, by) =>
        {
            await desk.Accounts.Enable(account, reason, by);
            return null;
        });

    /// <summary>A change of an account's standing: a reason is required, the account must be one the caller manages.</summary>
    static async Task<Results<Ok<AccountView>, ValidationProblem, ProblemHttpResult>> WithReason(AccountsDesk desk, Guid id, AccountReason body,
        CancellationToken cancellationToken, Func<StaffAccount, string, Actor, Task<ProblemHttpResult?>> change)
    {
        var errors = Reason.Check(body.Reason);
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors);
        if (await Managed(desk, id, cancellationToken) is not { } account)
            return NotFound(id);
        if (await change(account, body.Reason!.Trim(), Actor.Of(desk.User)) is { } refused)
            return refused;
        return TypedResults.Ok(await desk.Accounts.View(account, cancellationToken));
    }

    /// <summary>The account, when the caller manages its organisation; otherwise it is not found, like any id outside one's scope.</summary>
    static async Task<StaffAccount?> Managed(AccountsDesk desk, Guid id, CancellationToken cancellationToken) =>
        await desk.Accounts.Find(id, cancellationToken) is { } account && AccountAdministration.Manages(desk.User, account.OrganisationId) ? account : null;

    static ProblemHttpResult NotFound(Guid id) => Problems.NotFound("No such account.", $"There is no account {id} among those you manage.");

    static ProblemHttpResult Forbidden() => TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden,
        title: "Not your organisation.", detail: "An administrator manages the accounts of their own organisation only.");
}
