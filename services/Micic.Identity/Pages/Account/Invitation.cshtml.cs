using Micic.Identity.Application;
using Micic.Identity.Domain;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Mvc;

namespace Micic.Identity.Pages.Account;

/// <summary>
/// An invitation accepted: the person sets a password and adds Micic to their authenticator, proving it with a code,
/// then may add a passkey. The secret offered travels in the form, sealed, so that what the person enrolled is exactly
/// what is kept.
/// </summary>
public sealed class InvitationModel(AccountAdministration accounts, SignInDesk desk, IDataProtectionProvider protection, TimeProvider clock) : SignInPage
{
    [BindProperty(SupportsGet = true)]
    public string? Token { get; set; }

    [BindProperty]
    public string? Enrolment { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    [BindProperty]
    public string? Confirmation { get; set; }

    [BindProperty]
    public string? Code { get; set; }

    public bool Invalid { get; private set; }
    public string? UserName { get; private set; }
    public string Secret { get; private set; } = "";
    public string EnrolmentUri { get; private set; } = "";

    protected override string Title => Text.InvitationTitle;

    ITimeLimitedDataProtector Sealer => protection.CreateProtector("micic-invitation-enrolment").ToTimeLimitedDataProtector();

    public async Task<IActionResult> OnGetAsync()
    {
        if (await accounts.Invited(Token) is not { } account)
            return Refused();
        Offer(account, Totp.NewSecret());
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (await accounts.Invited(Token) is not { } account)
            return Refused();
        string secret;
        try
        {
            secret = Sealer.Unprotect(Enrolment ?? "");
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return Refused();
        }
        Offer(account, secret);
        if (Password != Confirmation)
            return Again(Text.PasswordsDiffer);
        if (Totp.Accept(secret, Code, clock.GetUtcNow(), null) is not { } step)
            return Again(Text.WrongCode);
        var result = await accounts.Accept(account, Password ?? "", secret, step);
        if (!result.Succeeded)
            return Again(string.Join(" ", result.Errors.Select(error => error.Description)));
        // Signed in with what was just given, the person is offered a passkey before going on.
        await desk.AfterInvitation(account, ClientId, HttpContext.RequestAborted);
        return RedirectToPage("/Account/Passkeys", new { returnUrl = ReturnUrl, welcome = "true" });
    }

    void Offer(StaffAccount account, string secret)
    {
        UserName = account.UserName;
        Secret = secret;
        EnrolmentUri = Totp.EnrolmentUri(secret, account.UserName!, "Micic");
        Enrolment = Sealer.Protect(secret, TimeSpan.FromHours(1));
    }

    IActionResult Again(string message)
    {
        Message = message;
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    IActionResult Refused()
    {
        Invalid = true;
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }
}
