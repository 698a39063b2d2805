using Micic.Identity.Application;
using Microsoft.AspNetCore.Mvc;

namespace Micic.Identity.Pages.Account;

public sealed class MfaModel(SignInDesk desk) : SignInPage
{
    [BindProperty]
    public string? Code { get; set; }

    protected override string Title => Text.MfaTitle;

    public async Task<IActionResult> OnGetAsync() =>
        await desk.AwaitingSecondFactor() ? Page() : RedirectToPage("/Account/Login", new { returnUrl = ReturnUrl });

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        switch (await desk.WithCode(Code, ClientId, cancellationToken))
        {
            case CodeOutcome.SignedIn:
                return Onward();
            case CodeOutcome.NoPendingSignIn:
                return RedirectToPage("/Account/Login", new { returnUrl = ReturnUrl });
            case CodeOutcome.LockedOut:
                Message = Text.LockedOut;
                break;
            default:
                Message = Text.WrongCode;
                break;
        }
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }
}
