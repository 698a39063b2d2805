using MassTransit;
using Micic.Contracts;
using Micic.Persistence.Data;
using Micic.Transit.Data;

namespace Micic.Transit.Consumers;

/// <summary>
/// When a movement leaves, asks Manifests point-to-point who is on board, and expects them at its site. The question
/// goes straight through the bus: it must be answered now, not after this transaction commits.
/// </summary>
public sealed class MovementDepartedConsumer(TransitStore store, IBus bus) : IConsumer<MovementDeparted>
{
    public async Task Consume(ConsumeContext<MovementDeparted> context)
    {
        var client = bus.CreateRequestClient<GetDepartedPassengers>(RequestTimeout.After(s: 30));
        var response = await client.GetResponse<DepartedPassengers>(new GetDepartedPassengers { ManifestId = context.Message.ManifestId }, context.CancellationToken);
        await store.Expect(response.Message, context.CancellationToken);
    }
}
