using Micic.Identity.Domain;
using Micic.ServiceDefaults.Http;
using Microsoft.AspNetCore.Identity;

namespace Micic.Identity.Application;

public enum PasswordOutcome
{
    SignedIn,
    NeedsSecondFactor,
    LockedOut,
    Refused,
}

public enum CodeOutcome
{
    SignedIn,
    NoPendingSignIn,
    LockedOut,
    Refused,
}

/// <summary>
/// Signing a person in on the provider's pages: password, then the authenticator's code where their organisation or
/// roles ask for one. Wrong passwords and wrong codes count alike toward the lockout (five, then 15 minutes), and each
/// attempt goes into the sign-in trail.
/// </summary>
public sealed class SignInDesk(SignInManager<StaffAccount> signIns, UserManager<StaffAccount> users, SignInTrail trail, TimeProvider clock)
{
    public async Task<PasswordOutcome> WithPassword(string? userName, string? password, string? clientId, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(userName) || string.IsNullOrEmpty(password) || userName.Length > AccountRules.MaxUserNameLength || password.Length > 1000
            || PrintableText.HasControlCharacters(userName))
            return PasswordOutcome.Refused;
        var account = await users.FindByNameAsync(userName);
        if (account is null || account.StatusAt(clock.GetUtcNow()) is AccountStatus.Disabled or AccountStatus.Invited)
        {
            await trail.Record(SignInKind.Failure, userName, account, clientId, account is null ? "unknown user" : "account " + account.StatusName(clock.GetUtcNow()), cancellationToken);
            return PasswordOutcome.Refused;
        }
        var wasLocked = await users.IsLockedOutAsync(account);
        var result = await signIns.PasswordSignInAsync(account, password, isPersistent: false, lockoutOnFailure: true);
        return await Outcome(result, wasLocked, account, clientId, "wrong password", cancellationToken) switch
        {
            CodeOutcome.SignedIn => PasswordOutcome.SignedIn,
            CodeOutcome.LockedOut => PasswordOutcome.LockedOut,
            _ when result.RequiresTwoFactor => PasswordOutcome.NeedsSecondFactor,
            _ => PasswordOutcome.Refused,
        };
    }

    public async Task<bool> AwaitingSecondFactor() => await signIns.GetTwoFactorAuthenticationUserAsync() is not null;

    public async Task<CodeOutcome> WithCode(string? code, string? clientId, CancellationToken cancellationToken)
    {
        if (await signIns.GetTwoFactorAuthenticationUserAsync() is not { } account)
            return CodeOutcome.NoPendingSignIn;
        var wasLocked = await users.IsLockedOutAsync(account);
        var result = await signIns.TwoFactorSignInAsync(TotpTokenProvider.Name, code ?? "", isPersistent: false, rememberClient: false);
        return await Outcome(result, wasLocked, account, clientId, "wrong or reused code", cancellationToken);
    }

    async Task<CodeOutcome> Outcome(SignInResult result, bool wasLocked, StaffAccount account, string? clientId, string failure, CancellationToken cancellationToken)
    {
        if (result.Succeeded)
        {
            account.LastSignInAt = clock.GetUtcNow();
            trail.Add(SignInKind.SignIn, account.UserName!, account, clientId, account.TwoFactorEnabled ? "pwd otp" : "pwd");
            await users.UpdateAsync(account); // saves the trail with it
            return CodeOutcome.SignedIn;
        }
        if (result.RequiresTwoFactor)
            return CodeOutcome.Refused;
        if (result.IsLockedOut)
        {
            // The attempt that locks the account, then every attempt while it is locked.
            await trail.Record(wasLocked ? SignInKind.Failure : SignInKind.Lockout, account.UserName!, account, clientId,
                wasLocked ? "while locked out" : failure, cancellationToken);
            return CodeOutcome.LockedOut;
        }
        await trail.Record(SignInKind.Failure, account.UserName!, account, clientId, failure, cancellationToken);
        return CodeOutcome.Refused;
    }
}
