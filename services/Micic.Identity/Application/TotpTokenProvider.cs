using Micic.Identity.Domain;
using Microsoft.AspNetCore.Identity;

namespace Micic.Identity.Application;

/// <summary>
/// The authenticator app as ASP.NET Core Identity's second factor, so that its sign-in manager counts wrong codes toward
/// the lockout like wrong passwords; the code itself is checked by <see cref="Totp"/>, once per step.
/// </summary>
public sealed class TotpTokenProvider(TimeProvider clock) : IUserTwoFactorTokenProvider<StaffAccount>
{
    public const string Name = "micic-totp";

    public Task<bool> CanGenerateTwoFactorTokenAsync(UserManager<StaffAccount> manager, StaffAccount user) => Task.FromResult(user.TotpSecret is not null);

    /// <summary>Codes come from the person's authenticator, never from the server.</summary>
    public Task<string> GenerateAsync(string purpose, UserManager<StaffAccount> manager, StaffAccount user) => Task.FromResult("");

    public async Task<bool> ValidateAsync(string purpose, string token, UserManager<StaffAccount> manager, StaffAccount user)
    {
        if (user.TotpSecret is null || Totp.Accept(user.TotpSecret, token, clock.GetUtcNow(), user.TotpLastStep) is not { } step)
            return false;
        user.TotpLastStep = step;
        return (await manager.UpdateAsync(user)).Succeeded;
    }
}
