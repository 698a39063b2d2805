using System.Buffers.Text;
using System.Security.Claims;
using System.Text.Json;
using Micic.Identity.Domain;
using Micic.ServiceDefaults.Auth;
using Micic.ServiceDefaults.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

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

public enum PasskeyOutcome
{
    SignedIn,
    /// <summary>No ceremony was begun on this page (or it was used already): the person starts again.</summary>
    NoCeremony,
    LockedOut,
    Disabled,
    Refused,
}

/// <summary>
/// Signing a person in on the provider's pages: password, then the authenticator's code where their organisation or
/// roles ask for one; or a passkey the person is verified on, which stands for both. Wrong passwords, wrong codes and
/// refused passkeys count alike toward the lockout (five, then 15 minutes), and each attempt goes into the sign-in trail.
/// </summary>
public sealed class SignInDesk(SignInManager<StaffAccount> signIns, UserManager<StaffAccount> users, SignInTrail trail, IOptions<IdentityPasskeyOptions> passkeys,
    TimeProvider clock)
{
    /// <summary>The trail's name for a passkey no account holds: there is nobody else to write it under.</summary>
    public const string UnknownPasskey = "(unknown passkey)";

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
        var methods = account.TwoFactorEnabled ? "pwd otp" : "pwd";
        return await Outcome(result, wasLocked, account, clientId, methods, "wrong password", cancellationToken) switch
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
        return await Outcome(result, wasLocked, account, clientId, "pwd otp", "wrong or reused code", cancellationToken);
    }

    /// <summary>An invitation just accepted: the person gave their new password and a code from their authenticator, and is signed in with both.</summary>
    public async Task AfterInvitation(StaffAccount account, string? clientId, CancellationToken cancellationToken)
    {
        await signIns.SignInWithClaimsAsync(account, isPersistent: false,
            [new Claim(MicicClaims.AuthenticationMethods, Methods.Password), new Claim(MicicClaims.AuthenticationMethods, Methods.MultipleFactors)]);
        await Outcome(SignInResult.Success, wasLocked: false, account, clientId, "pwd otp", "", cancellationToken);
    }

    /// <summary>The options a browser needs to ask the authenticator for any of the person's passkeys (JSON); the challenge stays in a cookie.</summary>
    public Task<string> PasskeyRequest() => signIns.MakePasskeyRequestOptionsAsync(null);

    /// <summary>
    /// A passkey assertion (the browser's credential JSON): checked by Identity against the challenge this browser was
    /// given, the origin and the stored public key, with the person verified on the authenticator. A refused one counts
    /// against the account the passkey belongs to, as a wrong password would.
    /// </summary>
    public async Task<PasskeyOutcome> WithPasskey(string? credential, string? clientId, CancellationToken cancellationToken)
    {
        // What no authenticator would send is refused before anything is looked up or written, like an empty password.
        if (CredentialId(credential) is not { } credentialId)
            return PasskeyOutcome.Refused;
        PasskeyAssertionResult<StaffAccount> assertion;
        try
        {
            assertion = await signIns.PerformPasskeyAssertionAsync(credential!);
        }
        catch (InvalidOperationException)
        {
            // Identity keeps no ceremony for this browser: the options were never asked for, or their challenge was spent.
            return PasskeyOutcome.NoCeremony;
        }
        var account = assertion.Succeeded ? assertion.User : await users.FindByPasskeyIdAsync(credentialId);
        if (account is null)
        {
            await trail.Record(SignInKind.Failure, UnknownPasskey, clientId: clientId, detail: "passkey refused", cancellationToken: cancellationToken);
            return PasskeyOutcome.Refused;
        }
        if (account.StatusAt(clock.GetUtcNow()) is AccountStatus.Disabled or AccountStatus.Invited)
        {
            await trail.Record(SignInKind.Failure, account.UserName!, account, clientId, "passkey of an account " + account.StatusName(clock.GetUtcNow()), cancellationToken);
            return PasskeyOutcome.Disabled;
        }
        // Identity refuses an assertion made without the person verified on the authenticator, when it is required.
        var methods = PasskeyRules.SignInMethods(userVerified: passkeys.Value.UserVerificationRequirement == "required");
        var wasLocked = await users.IsLockedOutAsync(account);
        SignInResult result;
        if (wasLocked)
            result = SignInResult.LockedOut;
        else if (!assertion.Succeeded)
        {
            await users.AccessFailedAsync(account);
            result = await users.IsLockedOutAsync(account) ? SignInResult.LockedOut : SignInResult.Failed;
        }
        else
        {
            // The passkey's new signature count is kept: a cloned authenticator shows up as a count that goes back.
            await users.AddOrUpdatePasskeyAsync(account, assertion.Passkey);
            await users.ResetAccessFailedCountAsync(account);
            await signIns.SignInWithClaimsAsync(account, isPersistent: false, methods.Select(method => new Claim(MicicClaims.AuthenticationMethods, method)));
            result = SignInResult.Success;
        }
        return await Outcome(result, wasLocked, account, clientId, string.Join(' ', methods), "passkey refused", cancellationToken) switch
        {
            CodeOutcome.SignedIn => PasskeyOutcome.SignedIn,
            CodeOutcome.LockedOut => PasskeyOutcome.LockedOut,
            _ => PasskeyOutcome.Refused,
        };
    }

    /// <summary>
    /// The credential id a browser's passkey answer names (a JSON object whose "id" is base64url, at most 1023 bytes as
    /// WebAuthn allows), read without trusting anything else in it; null for anything else.
    /// </summary>
    static byte[]? CredentialId(string? credential)
    {
        if (string.IsNullOrWhiteSpace(credential) || credential.Length > PasskeyRules.MaxCredentialLength)
            return null;
        try
        {
            using var json = JsonDocument.Parse(credential);
            return json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("id", out var id)
                && id.ValueKind == JsonValueKind.String && Base64Url.IsValid(id.GetString()!, out var length) && length is > 0 and <= 1023
                ? Base64Url.DecodeFromChars(id.GetString()!)
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    async Task<CodeOutcome> Outcome(SignInResult result, bool wasLocked, StaffAccount account, string? clientId, string methods, string failure,
        CancellationToken cancellationToken)
    {
        if (result.Succeeded)
        {
            account.LastSignInAt = clock.GetUtcNow();
            trail.Add(SignInKind.SignIn, account.UserName!, account, clientId, methods);
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
