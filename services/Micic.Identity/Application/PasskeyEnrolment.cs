using System.Buffers.Text;
using System.Security.Claims;
using Micic.Identity.Domain;
using Micic.ServiceDefaults.Auth;
using Microsoft.AspNetCore.Identity;

namespace Micic.Identity.Application;

/// <summary>A passkey as its holder sees it in their list: the credential's id (base64url), the name they gave it, when it was added.</summary>
public sealed record PasskeyView(string Id, string Name, DateTimeOffset CreatedAt);

public enum EnrolmentOutcome
{
    Added,
    /// <summary>No ceremony was begun on this page (or it was used already): the person starts again.</summary>
    NoCeremony,
    BadName,
    TooMany,
    Refused,
}

/// <summary>
/// A person signed in on the provider's pages adds or removes their passkeys. Identity verifies the authenticator's
/// answer against the challenge this browser was given; each change goes into the sign-in trail.
/// </summary>
public sealed class PasskeyEnrolment(SignInManager<StaffAccount> signIns, UserManager<StaffAccount> users, TokenDesk sessions, SignInTrail trail)
{
    /// <summary>The person the session belongs to, when it still stands and is strong enough to change how they sign in.</summary>
    public async Task<StaffAccount?> Holder(ClaimsPrincipal session) =>
        await sessions.Holder(session) is { } account && PasskeyRules.MayChange(TokenDesk.SessionMethods(session), account.TwoFactorEnabled)
            ? account
            : null;

    public async Task<IReadOnlyList<PasskeyView>> Held(StaffAccount account) =>
        [.. (await users.GetPasskeysAsync(account)).OrderBy(passkey => passkey.CreatedAt)
            .Select(passkey => new PasskeyView(Base64Url.EncodeToString(passkey.CredentialId), passkey.Name ?? "", passkey.CreatedAt))];

    /// <summary>What the browser needs to have the authenticator make a passkey for this person (JSON); the challenge stays in a cookie.</summary>
    public Task<string> CreationOptions(StaffAccount account) =>
        signIns.MakePasskeyCreationOptionsAsync(new PasskeyUserEntity { Id = account.Id.ToString(), Name = account.UserName!, DisplayName = account.UserName! });

    /// <param name="credential">The browser's answer to <see cref="CreationOptions"/>, as JSON.</param>
    /// <param name="unnamed">What a passkey is called in the person's language, for one they did not name.</param>
    public async Task<EnrolmentOutcome> Add(StaffAccount account, ClaimsPrincipal session, string? credential, string? name, string unnamed)
    {
        var held = await users.GetPasskeysAsync(account);
        if (held.Count >= PasskeyRules.MaxPerPerson)
            return EnrolmentOutcome.TooMany;
        if (PasskeyRules.Name(name, held.Count, unnamed) is not { } named)
            return EnrolmentOutcome.BadName;
        if (string.IsNullOrWhiteSpace(credential) || credential.Length > PasskeyRules.MaxCredentialLength)
            return EnrolmentOutcome.Refused;
        PasskeyAttestationResult attestation;
        try
        {
            attestation = await signIns.PerformPasskeyAttestationAsync(credential);
        }
        catch (InvalidOperationException)
        {
            return EnrolmentOutcome.NoCeremony;
        }
        // The ceremony must have been begun for this very person (a browser may have changed hands since).
        if (!attestation.Succeeded || attestation.UserEntity.Id != account.Id.ToString())
            return EnrolmentOutcome.Refused;
        attestation.Passkey.Name = named;
        trail.Add(SignInKind.PasskeyAdded, account.UserName!, account, detail: named);
        if (!(await users.AddOrUpdatePasskeyAsync(account, attestation.Passkey)).Succeeded)
            return EnrolmentOutcome.Refused;
        await KeepSession(account, session);
        return EnrolmentOutcome.Added;
    }

    /// <returns>False when the person holds no passkey with that id.</returns>
    public async Task<bool> Remove(StaffAccount account, ClaimsPrincipal session, string? id)
    {
        if (string.IsNullOrEmpty(id) || id.Length > 2000 || !Base64Url.IsValid(id)
            || await users.GetPasskeyAsync(account, Base64Url.DecodeFromChars(id)) is not { } passkey)
            return false;
        trail.Add(SignInKind.PasskeyRemoved, account.UserName!, account, detail: passkey.Name);
        if (!(await users.RemovePasskeyAsync(account, passkey.CredentialId)).Succeeded)
            return false;
        await KeepSession(account, session);
        return true;
    }

    /// <summary>
    /// The session is issued again with the account's current security stamp, whatever changing a passkey did to it, so
    /// the change does not end the session that made it; it still says what the person did to open it.
    /// </summary>
    async Task KeepSession(StaffAccount account, ClaimsPrincipal session) =>
        await signIns.SignInWithClaimsAsync(account, isPersistent: false,
            TokenDesk.SessionMethods(session).Select(method => new Claim(MicicClaims.AuthenticationMethods, method)));
}
