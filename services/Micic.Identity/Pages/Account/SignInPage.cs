using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Micic.Identity.Pages.Account;

/// <summary>What the sign-in pages share: their language, where to go afterwards (only back into this origin), a message.</summary>
public abstract class SignInPage : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public SignInText Text { get; private set; } = SignInText.All["en"];

    public string? Message { get; protected set; }

    public override void OnPageHandlerExecuting(PageHandlerExecutingContext context)
    {
        // A password form takes nothing from elsewhere and runs no script, and no other site may frame it to catch clicks.
        Response.Headers.ContentSecurityPolicy = "default-src 'self'; base-uri 'none'; object-src 'none'; frame-ancestors 'none'";
        // Never sent anywhere but back into Micic: a link to a look-alike site would otherwise sign people in there.
        if (ReturnUrl is not null && !Url.IsLocalUrl(ReturnUrl))
            ReturnUrl = null;
        Text = SignInText.For(HttpContext, ReturnUrl);
        ViewData["Text"] = Text;
        ViewData["Title"] = Title;
        // The language links keep the rest of the address (where to return, an invitation's token).
        ViewData["Query"] = string.Concat(Request.Query.Where(parameter => parameter.Key != "lang")
            .Select(parameter => $"{Uri.EscapeDataString(parameter.Key)}={Uri.EscapeDataString(parameter.Value.ToString())}&"));
    }

    protected abstract string Title { get; }

    protected IActionResult Onward() => LocalRedirect(ReturnUrl ?? "/");

    /// <summary>Asked for a passkey where the browser can hold none (an address such as 127.0.0.1): a problem, not a page.</summary>
    protected static IActionResult PasskeysUnavailable() => Problem(StatusCodes.Status404NotFound, "Passkeys are not available at this address.",
        "Browsers keep passkeys for a domain name: open the provider at its name, or set Identity:Passkeys:ServerDomain.");

    /// <summary>An RFC 9457 problem, for what the page script asks for rather than a page.</summary>
    protected static IActionResult Problem(int status, string title, string? detail = null) =>
        new ObjectResult(new ProblemDetails { Status = status, Title = title, Detail = detail }) { StatusCode = status };

    /// <summary>The client the person is signing in to, from the authorisation request they came from.</summary>
    protected string? ClientId => ReturnUrl is { } url && url.IndexOf('?') is var at and >= 0
        ? Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(url[at..]).GetValueOrDefault("client_id").ToString() is { Length: > 0 } client ? client : null
        : null;
}
