using MassTransit;
using Micic.Contracts;
using Micic.Requests.Data;
using Micic.Requests.Domain;
using Micic.Persistence.Data;
using Micic.ServiceDefaults.ReferenceData;

namespace Micic.Requests.Consumers;

/// <summary>Raises the onward request a transit site asked for, and hands it to matching like any other.</summary>
public sealed class OnwardJourneyConsumer(DbSession session, EvacuationRequestStore store, SeedData seeds, TimeProvider clock)
    : IConsumer<OnwardJourneyRequested>
{
    public async Task Consume(ConsumeContext<OnwardJourneyRequested> context)
    {
        var onward = context.Message;
        if (await store.Find(onward.RequestId, context.CancellationToken) is not null)
            return; // raised already
        var group = onward.FromRequestId is { } from ? await store.Find(from, context.CancellationToken) : null;
        var request = OnwardJourney.From(onward, group, seeds.Places[onward.PickupPlace].Country, clock.GetUtcNow());
        while (!await store.TryInsert(session, request, context.CancellationToken))
            request = request.WithNewReference();
        await context.Publish(request.ToEvent());
    }
}
