using MassTransit;
using Micic.Contracts;
using Micic.Requests.Data;
using Micic.Requests.Domain;
using Micic.Persistence.Data;

namespace Micic.Requests.Consumers;

/// <summary>A passenger who did not board is split off into a request of their own, which matching takes up keeping their place.</summary>
public sealed class PassengerNoShowConsumer(DbSession session, EvacuationRequestStore store, TimeProvider clock) : IConsumer<PassengerNoShow>
{
    public async Task Consume(ConsumeContext<PassengerNoShow> context)
    {
        var noShow = context.Message;
        if (await store.Find(noShow.RequestId, context.CancellationToken) is not { } group
            || group.People.SingleOrDefault(person => person.Id == noShow.PersonId) is not { } person)
            return; // split off already

        var now = clock.GetUtcNow();
        var alone = NoShow.SplitOff(group, person, now);
        if (!await store.RemovePerson(session, group.Id, person.Id, $"person did not board; now travels on request {alone.Reference}", now, context.CancellationToken))
            return;
        while (!await store.TryInsert(session, alone, context.CancellationToken))
            alone = alone.WithNewReference();
        await context.Publish(alone.ToEvent());
    }
}
