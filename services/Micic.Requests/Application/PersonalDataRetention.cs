using Micic.Contracts;
using Micic.Persistence.Messaging;
using Micic.Persistence.Privacy;
using Micic.Requests.Data;

namespace Micic.Requests.Application;

/// <summary>
/// Once a journey has ended (completed or cancelled) and its retention period has passed, the people's names,
/// birth dates and ages, documents, contact and notes are erased here; ids, nationality, sex, needs and times stay for the figures.
/// Every other service is told (<see cref="PersonalDataErased"/>) and erases its copies; the audit trail records it.
/// A registration of nationals abroad whose household has left the country (its request completed) goes whole at the same
/// time, and Messaging, which asked it "are you safe?", is told (<see cref="RegistrationErased"/>). Self-registrations
/// whose code expired unconfirmed are erased as soon as it expires (<see cref="SelfRegistrations.ExpireDue"/>).
/// </summary>
public sealed class PersonalDataRetention(EvacuationRequestStore store, RegistrationStore registrations, SelfRegistrations selfRegistrations,
    PersonalDataAudit audit, TransactionalOutbox outbox, TimeProvider clock)
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
        var left = await registrations.EraseLeft(endedBefore, Batch, cancellationToken);
        foreach (var (registrationId, personIds) in left)
        {
            await audit.Erased(personIds, cancellationToken);
            await outbox.Publish(new RegistrationErased { RegistrationId = registrationId, PersonIds = personIds, ErasedAt = clock.GetUtcNow() }, cancellationToken);
        }
        var expired = await selfRegistrations.ExpireDue(Batch, cancellationToken);
        return erased.Count + left.Count == 0 ? expired : Math.Max(1, erased.Concat(left).Sum(group => group.PersonIds.Count)) + expired;
    }
}
