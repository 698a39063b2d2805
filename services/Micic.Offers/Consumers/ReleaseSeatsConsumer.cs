using MassTransit;
using Micic.Contracts;
using Micic.Offers.Data;
using Micic.Persistence.Data;

namespace Micic.Offers.Consumers;

/// <summary>Frees a group's seats (cancellation, no-show, manual release) and tells matching they are free again.</summary>
public sealed class ReleaseSeatsConsumer(OfferStore offers) : IConsumer<ReleaseSeats>
{
    public async Task Consume(ConsumeContext<ReleaseSeats> context)
    {
        var release = context.Message;
        if (await offers.Release(release, context.CancellationToken) is { } freed)
            await context.Publish(new SeatsReleased
            {
                OfferId = release.OfferId, RequestId = release.RequestId, Seats = freed.Seats, SeatsLeft = freed.SeatsLeft,
                Reason = release.Reason, Capacity = freed.Capacity,
            });
    }
}
