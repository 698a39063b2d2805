using MassTransit;
using Micic.Contracts;
using Micic.Manifests.Data;
using Micic.Persistence.Messaging;

namespace Micic.Manifests.Consumers;

/// <summary>
/// Keeps manifests current from matching: a matched group joins its offer's manifest at once, counted, and its people's
/// details are asked of Requests point to point (so no broadcast event ever carries them); a group sent back to waiting
/// or cancelled is taken off. The question leaves through the outbox with the change, and the answer comes back to
/// <see cref="PassengerDetailsConsumer"/>: no transaction waits for another service.
/// </summary>
public sealed class GroupMembershipConsumer(ManifestStore manifests) : IConsumer<EvacuationStatusChanged>
{
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
                await manifests.Await(manifestId, change.RequestId, change.GroupSize, context.CancellationToken);
                var requests = await context.GetSendEndpoint(CommandQueues.AddressOf<GetPassengerDetails>());
                await requests.Send(new GetPassengerDetails { RequestId = change.RequestId },
                    question => question.ResponseAddress = CommandQueues.AddressOf<PassengerDetails>(), context.CancellationToken);
                break;
            case RequestStatus.Pending or RequestStatus.Cancelled:
                await manifests.TakeOff(change.RequestId, context.CancellationToken);
                break;
        }
    }
}
