using Micic.Messaging.Data;
using Micic.Messaging.Domain;
using Micic.Persistence.Data;

namespace Micic.Messaging.Application;

/// <summary>The SMS gateway's word on a message sent: delivered or not. A report for no message sent changes nothing.</summary>
public sealed class DeliveryReports(DbSession session, MessageStore messages, TimeProvider clock)
{
    /// <returns>False when no such message went out.</returns>
    public async Task<bool> Record(Guid messageId, int report, CancellationToken cancellationToken)
    {
        await session.BeginAsync(cancellationToken);
        var known = await messages.Deliver(messageId, DeliveryReport.StatusOf(report) ?? MessageStatus.Sent, clock.GetUtcNow(),
            cancellationToken);
        await session.CommitAsync(cancellationToken);
        return known;
    }
}
