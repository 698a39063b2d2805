using MassTransit;
using Micic.Contracts;
using Micic.Manifests.Data;
using Micic.Persistence.Messaging;

namespace Micic.Manifests.Application;

/// <summary>
/// Keeps manifests current from matching, a batch of status changes at a time: a matched group joins its offer's
/// manifest at once, counted, and its people's details are asked of Requests point to point (so no broadcast event ever
/// carries them) — one question for the whole batch; a group sent back to waiting or cancelled is taken off, and one
/// matched to a movement that has closed for boarding is sent back to matching. The
/// question leaves through the outbox with the change, and the answer comes back to <see cref="PassengersJoining"/>: no
/// transaction waits for another service.
/// </summary>
public sealed class GroupMembership(ManifestStore manifests, TransactionalOutbox outbox)
{
    public async Task Apply(IReadOnlyCollection<EvacuationStatusChanged> changes, CancellationToken cancellationToken)
    {
        // Of several changes of one group in a batch, the newest that moves it decides; the newest of all is remembered,
        // so that an older change arriving late changes nothing.
        var groups = changes.GroupBy(change => change.RequestId)
            .Select(group => (RequestId: group.Key, Newest: group.Max(change => change.Sequence),
                Move: group.Where(change => Moves(change.Status)).MaxBy(change => change.Sequence)))
            .ToList();
        var applied = await manifests.TakeChanges(groups.Select(group => (group.RequestId, group.Newest)).ToList(), cancellationToken);
        var moves = groups
            .Where(group => group.Move is not null && applied.TryGetValue(group.RequestId, out var last) && group.Move.Sequence > last)
            .Select(group => group.Move!)
            .ToList();

        await manifests.TakeOff(moves.Where(change => change.Status != RequestStatus.Matched).Select(change => change.RequestId).ToList(), cancellationToken);

        var joining = moves.Where(change => change.Status == RequestStatus.Matched).ToList();
        if (joining.Count == 0)
            return;
        var manifestOf = await manifests.ManifestsOfOffers(joining.Select(change => change.OfferId!.Value).Distinct().ToList(), cancellationToken);
        // The offer's manifest is created from OfferPublished; if that is still on its way, the batch is retried later.
        if (joining.FirstOrDefault(change => !manifestOf.ContainsKey(change.OfferId!.Value)) is { } early)
            throw new InvalidOperationException($"No manifest yet for offer {early.OfferId}.");

        // Seats held in the moment the movement closed for boarding are no place on it: the group, whole, goes back to
        // matching (not on this offer again) instead of waiting on a list that has left.
        var late = joining.Where(change => !manifestOf[change.OfferId!.Value].Open).ToList();
        await manifests.TakeOff(late.Select(change => change.RequestId).ToList(), cancellationToken);
        foreach (var change in late)
            await outbox.Publish(new ReleaseFromOffer
            {
                RequestId = change.RequestId, OfferId = change.OfferId,
                Reason = "the movement had closed for boarding when the group's seats were confirmed",
            }, cancellationToken);

        joining = joining.Except(late).ToList();
        if (joining.Count == 0)
            return;
        await manifests.Await(joining.Select(change => (manifestOf[change.OfferId!.Value].ManifestId, change.RequestId, change.GroupSize)).ToList(),
            cancellationToken);
        var requests = await outbox.SendEndpoint(CommandQueues.AddressOf<GetPassengerDetails>());
        await requests.Send(new GetPassengerDetails { RequestIds = joining.Select(change => change.RequestId).ToList() },
            question => question.ResponseAddress = CommandQueues.AddressOf<PassengerDetailsOfGroups>(), cancellationToken);
    }

    /// <summary>Whether a change moves the group on or off a manifest (a matched group has an offer; the others say where it is).</summary>
    static bool Moves(string status) =>
        status is RequestStatus.Matched or RequestStatus.Pending or RequestStatus.Cancelled;
}
