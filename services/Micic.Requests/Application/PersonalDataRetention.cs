using Micic.Contracts;
using Micic.Persistence.Messaging;
using Micic.Persistence.Privacy;
using Micic.Requests.Data;

namespace Micic.Requests.Application;

/// <summary>
/// Once a journey has ended (completed or cancelled) and its retention period has passed, the people's names,
/// birth dates and ages, documents, contact and notes are erased here; ids, nationality, sex, needs and times stay for the figures.
/// Every other service is told (<see cref="PersonalDataErased"/>) and erases its copies; the audit trail records it.
/// </summary>
public sealed class PersonalDataRetention(EvacuationRequestStore store, PersonalDataAudit audit, TransactionalOutbox outbox, TimeProvider clock)
    : IPersonalDataEraser
{
    const int Batch = 200;

    public async Task<int> EraseDue(DateTimeOffset endedBefore, CancellationToken cancellationToken)
    {
        var erased = await store.EraseEnded(endedBefore, Batch, cancellationToken);
        foreach (var (requestId, personIds) in erased)
        {
            await audit.Erased(personIds, cancellationToken, requestId);
            await outbox.Publish(new PersonalDataErased { RequestId = requestId, PersonIds = personIds, ErasedAt = clock.GetUtcNow() }, cancellationToken);
        }
        return erased.Count == 0 ? 0 : Math.Max(1, erased.Sum(group => group.PersonIds.Count));
    }
}
