using Micic.Identity.Application;
using Microsoft.AspNetCore.Mvc;

namespace Micic.Identity.Pages.Account;

public sealed class LoginModel(SignInDesk desk) : SignInPage
{
    [BindProperty]
    public string? UserName { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    [BindProperty(SupportsGet = true)]
    public bool Accepted { get; set; }

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
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }
}
