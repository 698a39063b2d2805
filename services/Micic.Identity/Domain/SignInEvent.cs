namespace Micic.Identity.Domain;

/// <summary>What happened at a sign-in desk, for the sign-in trail.</summary>
public enum SignInKind
{
    SignIn,
    Failure,
    Lockout,
    Disabled,
    Enabled,
    Invited,
    InvitationAccepted,
    SignOut,
    PasskeyAdded,
    PasskeyRemoved,
}

/// <summary>One line of the sign-in trail: never changed, never deleted.</summary>
public sealed class SignInEvent
{
    public Guid Id { get; set; }
    public DateTimeOffset At { get; set; }
    public string Kind { get; set; } = "";
    public string UserName { get; set; } = "";
    public Guid? UserId { get; set; }
    public string? OrganisationId { get; set; }
    /// <summary>The client signed in to (micic-cli, the dashboard, a machine client).</summary>
    public string? ClientId { get; set; }
    public string? Address { get; set; }
    /// <summary>Why (a wrong code, the reason given for a disable), never a password or a code.</summary>
    public string? Detail { get; set; }
    /// <summary>Who did it, when it is not the person (an admin disabling an account).</summary>
    public string? ByUserName { get; set; }
}

/// <summary>A revocation as the identity database keeps it: the record Redis is put back from.</summary>
public sealed class RevocationRecord
{
    public string Key { get; set; } = "";
    public string OrganisationId { get; set; } = "";
    public string? UserId { get; set; }
    public string Reason { get; set; } = "";
    public DateTimeOffset RevokedAt { get; set; }
    public string RevokedBy { get; set; } = "";
    public string? SecretFingerprint { get; set; }
}
