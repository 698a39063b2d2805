using Micic.ServiceDefaults;
using Microsoft.AspNetCore.Identity;

namespace Micic.Identity.Domain;

/// <summary>Where an account stands, as the accounts API names it.</summary>
public enum AccountStatus
{
    Invited,
    Active,
    Locked,
    Disabled,
}

/// <summary>The second factor a person signs in with.</summary>
public enum SecondFactor
{
    None,
    Totp,
    Passkey,
}

/// <summary>
/// A person who signs in as themselves: one organisation, some of its roles. The password, lockout and security stamp are
/// ASP.NET Core Identity's; the rest is Micic's.
/// </summary>
public sealed class StaffAccount : IdentityUser<Guid>
{
    public string OrganisationId { get; set; } = "";

    public List<string> Roles { get; set; } = [];

    /// <summary>The shared secret of the person's authenticator (base32), once enrolled.</summary>
    public string? TotpSecret { get; set; }

    /// <summary>The last 30-second step a code was accepted for: a code is used once.</summary>
    public long? TotpLastStep { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? LastSignInAt { get; set; }

    public DateTimeOffset? DisabledAt { get; set; }

    public string? DisabledReason { get; set; }

    /// <summary>SHA-256 of the invitation's secret, until it is used.</summary>
    public string? InvitationHash { get; set; }

    public DateTimeOffset? InvitationExpiresAt { get; set; }

    public AccountStatus StatusAt(DateTimeOffset now) =>
        DisabledAt is not null ? AccountStatus.Disabled
        : PasswordHash is null ? AccountStatus.Invited
        : LockoutEnd > now ? AccountStatus.Locked
        : AccountStatus.Active;

    /// <summary>The strongest way the person can prove it is them: a passkey before an authenticator's codes.</summary>
    public SecondFactor SecondFactor(bool holdsPasskey) =>
        holdsPasskey ? Domain.SecondFactor.Passkey : TotpSecret is not null ? Domain.SecondFactor.Totp : Domain.SecondFactor.None;

    public string StatusName(DateTimeOffset now) => StatusAt(now).WireName();
}
