using Micic.Identity.Data;
using Micic.Identity.Domain;
using Micic.ServiceDefaults;

namespace Micic.Identity.Application;

/// <summary>The sign-in trail: sign-ins, failures, lockouts, disables, with time, client and address.</summary>
public sealed class SignInTrail(IdentityDb db, TimeProvider clock, IHttpContextAccessor http)
{
    /// <summary>Adds a line to the trail, saved with the unit of work it belongs to (the caller's <c>SaveChangesAsync</c>).</summary>
    public void Add(SignInKind kind, string userName, StaffAccount? account = null, string? clientId = null, string? detail = null, string? by = null) =>
        db.SignInEvents.Add(new SignInEvent
        {
            Id = Guid.CreateVersion7(), At = clock.GetUtcNow(), Kind = kind.WireName(), UserName = userName, UserId = account?.Id,
            OrganisationId = account?.OrganisationId, ClientId = clientId, Detail = detail, ByUserName = by,
            Address = http.HttpContext?.Connection.RemoteIpAddress?.ToString(),
        });

    public async Task Record(SignInKind kind, string userName, StaffAccount? account = null, string? clientId = null, string? detail = null,
        CancellationToken cancellationToken = default)
    {
        Add(kind, userName, account, clientId, detail);
        await db.SaveChangesAsync(cancellationToken);
    }
}
