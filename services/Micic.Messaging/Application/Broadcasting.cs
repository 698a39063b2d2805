using System.Security.Claims;
using MassTransit;
using Micic.Contracts;
using Micic.Messaging.Data;
using Micic.Messaging.Domain;
using Micic.Persistence.Data;
using Micic.ServiceDefaults.Auth;

namespace Micic.Messaging.Application;

/// <summary>A coordinator's broadcast: to the groups of a crisis, at a pickup place or of a nationality.</summary>
public sealed record SendBroadcast(string? CrisisId, string? PickupPlace, string? Nationality, BroadcastTexts? Text);

/// <summary>The broadcast taken: how many phones it goes to.</summary>
public sealed record BroadcastSent(Guid Id, int Recipients);

public enum BroadcastOutcome
{
    Sent,
    /// <summary>No group in scope can be written to: nothing stored.</summary>
    NobodyInScope,
    /// <summary>Requests did not answer in time for the contacts of groups in scope: nothing stored, the coordinator tries again.</summary>
    ContactsUnanswered,
}

/// <summary>
/// Broadcasts: each phone in scope gets the text once, in its language, through the outbound queue at the shared rate;
/// the broadcast and its messages are stored together.
/// </summary>
/// <remarks>
/// A family still waiting for a seat has had no notice yet, so Messaging may not hold its contact: those in scope are asked
/// of Requests while the coordinator waits, before anything is stored. So the broadcast reaches them too, and the answer's
/// count of recipients is the number of phones it goes to — or, should Requests not answer in time, nothing is sent and
/// the coordinator is told to try again, rather than given a count that leaves out those still waiting.
/// </remarks>
public sealed class Broadcasting(DbSession session, BroadcastStore broadcasts, ContactBook contacts, OutboundWakeup wakeup, TimeProvider clock)
{
    public async Task<(BroadcastOutcome Outcome, BroadcastSent? Sent)> Send(ClaimsPrincipal user, SendBroadcast broadcast, CancellationToken cancellationToken)
    {
        var unreached = await broadcasts.Unreached(broadcast.CrisisId!, broadcast.PickupPlace, broadcast.Nationality, cancellationToken);
        MessageContactsOfGroups? answer = null;
        if (unreached.Count > 0)
        {
            try
            {
                answer = await contacts.AskNow(unreached, cancellationToken);
            }
            catch (RequestTimeoutException)
            {
                return (BroadcastOutcome.ContactsUnanswered, null);
            }
        }

        var now = clock.GetUtcNow();
        await session.BeginAsync(cancellationToken);
        if (answer is not null)
            await contacts.Answered(answer, cancellationToken);
        var recipients = await broadcasts.Audience(broadcast.CrisisId!, broadcast.PickupPlace, broadcast.Nationality, cancellationToken);
        if (recipients.Count == 0)
        {
            await session.RollbackAsync();
            return (BroadcastOutcome.NobodyInScope, null);
        }
        var id = Guid.CreateVersion7(now);
        await broadcasts.Add(id, user.OrganisationId(), broadcast.CrisisId!, broadcast.PickupPlace, broadcast.Nationality, broadcast.Text!, recipients, now,
            cancellationToken);
        session.AfterCommit(wakeup.Wake);
        await session.CommitAsync(cancellationToken);
        return (BroadcastOutcome.Sent, new BroadcastSent(id, recipients.Count));
    }
}
