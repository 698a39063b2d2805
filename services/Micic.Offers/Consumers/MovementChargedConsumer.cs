using MassTransit;
using Micic.Contracts;
using Micic.Offers.Data;

namespace Micic.Offers.Consumers;

/// <summary>Keeps on the offer what a fund paid for its departed movement, so that the offer shows its charge.</summary>
public sealed class MovementChargedConsumer(OfferStore offers) : IConsumer<MovementCharged>
{
    public Task Consume(ConsumeContext<MovementCharged> context) => offers.RecordCharge(context.Message, context.CancellationToken);
}
