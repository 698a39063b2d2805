using Micic.Identity.Application;
using Micic.Identity.Domain;
using Microsoft.AspNetCore.Mvc;

namespace Micic.Identity.Pages.Account;

public sealed class LoginModel(SignInDesk desk, PasskeySettings passkeys) : SignInPage
{
    [BindProperty]
    public string? UserName { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    /// <summary>The browser's answer to the passkey request (JSON), put in by the page script.</summary>
    [BindProperty]
    public string? Credential { get; set; }

    [BindProperty(SupportsGet = true)]
    public bool Accepted { get; set; }

    /// <summary>What went wrong with a passkey, shown beside its button rather than on the password form.</summary>
    public string? PasskeyMessage { get; private set; }

    public bool OffersPasskeys => PasskeyRules.Serves(passkeys.DomainFor(Request));

    protected override string Title => Text.Title;

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var outcome = await desk.WithPassword(UserName, Password, ClientId, cancellationToken);
        switch (outcome)
        {
            case PasswordOutcome.SignedIn:
                return Onward();
            case PasswordOutcome.NeedsSecondFactor:
                return RedirectToPage("/Account/Mfa", new { returnUrl = ReturnUrl });
            case PasswordOutcome.LockedOut:
                Message = Text.LockedOut;
                break;
            default:
                Message = Text.WrongCredentials;
                break;
        }
        return Refused();
    }

    /// <summary>The options of a passkey request, for the page script to hand to the browser.</summary>
    public async Task<IActionResult> OnPostPasskeyOptionsAsync() =>
        OffersPasskeys ? Content(await desk.PasskeyRequest(), "application/json") : PasskeysUnavailable();

    public async Task<IActionResult> OnPostPasskeyAsync(CancellationToken cancellationToken)
    {
        if (!OffersPasskeys)
            return PasskeysUnavailable();
        switch (await desk.WithPasskey(Credential, ClientId, cancellationToken))
        {
            case PasskeyOutcome.SignedIn:
                return Onward();
            case PasskeyOutcome.LockedOut:
                PasskeyMessage = Text.LockedOut;
                break;
            case PasskeyOutcome.Disabled:
                PasskeyMessage = Text.Disabled;
                break;
            case PasskeyOutcome.NoCeremony:
                PasskeyMessage = Text.SessionExpired;
                break;
            default:
                PasskeyMessage = Text.Passkeys.Refused;
                break;
        }
        return Refused();
    }

    IActionResult Refused()
    {
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }
}
