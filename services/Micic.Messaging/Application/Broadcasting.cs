using System.Security.Claims;
using Micic.Messaging.Data;
using Micic.Messaging.Domain;
using Micic.Persistence.Data;
using Micic.ServiceDefaults.Auth;

namespace Micic.Messaging.Application;

/// <summary>A coordinator's broadcast: to the groups of a crisis, at a pickup place or of a nationality.</summary>
public sealed record SendBroadcast(string? CrisisId, string? PickupPlace, string? Nationality, BroadcastTexts? Text);

/// <summary>The broadcast taken: how many phones it goes to.</summary>
public sealed record BroadcastSent(Guid Id, int Recipients);

/// <summary>
/// Broadcasts: each phone in scope gets the text once, in its language, through the outbound queue at the shared rate;
/// the broadcast and its messages are stored together.
/// </summary>
public sealed class Broadcasting(DbSession session, BroadcastStore broadcasts, OutboundWakeup wakeup, TimeProvider clock)
{
    /// <returns>The broadcast, or null when nobody is in scope (nothing stored).</returns>
    public async Task<BroadcastSent?> Send(ClaimsPrincipal user, SendBroadcast broadcast, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await session.BeginAsync(cancellationToken);
        var recipients = await broadcasts.Audience(broadcast.CrisisId!, broadcast.PickupPlace, broadcast.Nationality, cancellationToken);
        if (recipients.Count == 0)
        {
            await session.RollbackAsync();
            return null;
        }
        var id = Guid.CreateVersion7(now);
        await broadcasts.Add(id, user.OrganisationId(), broadcast.CrisisId!, broadcast.PickupPlace, broadcast.Nationality, broadcast.Text!, recipients, now,
            cancellationToken);
        session.AfterCommit(wakeup.Wake);
        await session.CommitAsync(cancellationToken);
        return new BroadcastSent(id, recipients.Count);
    }
}
