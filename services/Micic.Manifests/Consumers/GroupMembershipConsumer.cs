using MassTransit;
using Micic.Contracts;
using Micic.Manifests.Data;
using Micic.Persistence.Data;

namespace Micic.Manifests.Consumers;

/// <summary>
/// Keeps manifests current from matching: a matched group is put on its offer's manifest, a group sent back to waiting
/// or cancelled is taken off. The people's details are asked of Requests point-to-point (request/response), so no
/// broadcast event ever carries them.
/// </summary>
public sealed class GroupMembershipConsumer(ManifestStore manifests, IBus bus) : IConsumer<EvacuationStatusChanged>
{
    static readonly RequestTimeout DetailsTimeout = RequestTimeout.After(s: 30);

    public async Task Consume(ConsumeContext<EvacuationStatusChanged> context)
    {
        var change = context.Message;
        if (!await manifests.TakeChange(change.RequestId, change.Sequence, context.CancellationToken))
            return; // an older change arriving late

        switch (change.Status)
        {
            case RequestStatus.Matched when change.OfferId is { } offerId:
                // The offer's manifest is created from OfferPublished; if that is still on its way, retry later.
                var manifestId = await manifests.IdOf(offerId, context.CancellationToken)
                    ?? throw new InvalidOperationException($"No manifest yet for offer {offerId}.");
                // Straight through the bus, not the consume context: the question must go out now, not after commit.
                var client = bus.CreateRequestClient<GetPassengerDetails>(DetailsTimeout);
                var response = await client.GetResponse<PassengerDetails, PassengerDetailsNotFound>(
                    new GetPassengerDetails { RequestId = change.RequestId }, context.CancellationToken);
                if (response.Is(out Response<PassengerDetails>? details))
                    await manifests.PutOn(manifestId, details.Message, context.CancellationToken);
                break;
            case RequestStatus.Pending or RequestStatus.Cancelled:
                await manifests.TakeOff(change.RequestId, context.CancellationToken);
                break;
        }
    }
}
