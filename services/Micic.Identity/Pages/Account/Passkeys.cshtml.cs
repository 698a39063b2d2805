using System.Security.Claims;
using Micic.Identity.Application;
using Micic.Identity.Domain;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace Micic.Identity.Pages.Account;

/// <summary>
/// A person's passkeys: the list (name, date), add one, remove one. Reached signed in on the provider's pages — after
/// accepting an invitation (<c>?welcome=true</c>), or by anyone who signed in with their password and code.
/// </summary>
public sealed class PasskeysModel(PasskeyEnrolment enrolment, PasskeySettings passkeys) : SignInPage
{
    [BindProperty(SupportsGet = true)]
    public bool Welcome { get; set; }

    /// <summary>What the last change did (<c>added</c>, <c>removed</c>), said once the page is shown again.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Done { get; set; }

    /// <summary>The browser's answer to the creation options (JSON), put in by the page script.</summary>
    [BindProperty]
    public string? Credential { get; set; }

    [BindProperty]
    public string? Name { get; set; }

    [BindProperty]
    public string? Id { get; set; }

    public IReadOnlyList<PasskeyView> Held { get; private set; } = [];

    public string? UserName { get; private set; }

    public bool OffersPasskeys => PasskeyRules.Serves(passkeys.DomainFor(Request));

    protected override string Title => Welcome ? Text.Passkeys.AddOptional : Text.Passkeys.Title;

    public string? Status => Done switch
    {
        "added" => Text.Passkeys.Added,
        "removed" => Text.Passkeys.Removed,
        _ => null,
    };

    public async Task<IActionResult> OnGetAsync() => await Holder() is ({ } account, _) ? await Show(account) : SignInFirst();

    public async Task<IActionResult> OnPostOptionsAsync()
    {
        if (!OffersPasskeys)
            return PasskeysUnavailable();
        return await Holder() is ({ } account, _)
            ? Content(await enrolment.CreationOptions(account), "application/json")
            : Problem(StatusCodes.Status401Unauthorized, "Sign in first.");
    }

    public async Task<IActionResult> OnPostAddAsync()
    {
        if (await Holder() is not ({ } account, { } session))
            return SignInFirst();
        if (!OffersPasskeys)
            return await Show(account, Text.Passkeys.Unavailable);
        return await enrolment.Add(account, session, Credential, Name, Text.Passkeys.Unnamed) switch
        {
            EnrolmentOutcome.Added => Again("added"),
            EnrolmentOutcome.BadName => await Show(account, Text.Passkeys.BadName),
            EnrolmentOutcome.TooMany => await Show(account, Text.Passkeys.TooMany),
            EnrolmentOutcome.NoCeremony => await Show(account, Text.SessionExpired),
            _ => await Show(account, Text.Passkeys.Failed),
        };
    }

    public async Task<IActionResult> OnPostRemoveAsync()
    {
        if (await Holder() is not ({ } account, { } session))
            return SignInFirst();
        return await enrolment.Remove(account, session, Id) ? Again("removed") : await Show(account, Text.Passkeys.Failed);
    }

    async Task<(StaffAccount, ClaimsPrincipal)?> Holder()
    {
        var session = await HttpContext.AuthenticateAsync(IdentityConstants.ApplicationScheme);
        return session.Succeeded && await enrolment.Holder(session.Principal) is { } account ? (account, session.Principal) : null;
    }

    async Task<IActionResult> Show(StaffAccount account, string? message = null)
    {
        UserName = account.UserName;
        Held = await enrolment.Held(account);
        Message = message;
        if (message is not null)
            Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    /// <summary>After a change, the page is asked for again: a reload does not post the change twice.</summary>
    IActionResult Again(string done) => RedirectToPage("/Account/Passkeys", new { returnUrl = ReturnUrl, welcome = Welcome ? "true" : null, done });

    IActionResult SignInFirst() =>
        RedirectToPage("/Account/Login", new { returnUrl = Url.Page("/Account/Passkeys", new { returnUrl = ReturnUrl, welcome = Welcome ? "true" : null }) });
}
