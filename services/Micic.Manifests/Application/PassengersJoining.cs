using Micic.Contracts;
using Micic.Manifests.Data;
using Micic.Manifests.Domain;
using Micic.Persistence.Messaging;

namespace Micic.Manifests.Application;

/// <summary>
/// Matched groups' people take their places on the manifests the groups are on now, from Requests' answer — a batch of
/// groups in one unit of work. Should one of them carry a document someone else on that manifest carries, coordinators
/// are alerted in the same unit of work — the carrier sees the warning on the manifest from then on. Only the holders of
/// the joining people's documents are read, so a group joins a ship of a thousand as cheaply as a bus.
/// </summary>
public sealed class PassengersJoining(ManifestStore store, TransactionalOutbox outbox, TimeProvider clock)
{
    public async Task Join(PassengerDetailsOfGroups answer, CancellationToken cancellationToken)
    {
        await store.StopAwaiting(answer.NotFound, cancellationToken);
        var onManifest = await store.ManifestsOf(answer.Groups.Select(group => group.RequestId).ToList(), cancellationToken);
        // A group taken off meanwhile stays off.
        var joining = answer.Groups.Where(group => onManifest.ContainsKey(group.RequestId))
            .Select(group => (ManifestId: onManifest[group.RequestId], Group: group)).ToList();
        var documents = joining
            .SelectMany(joined => joined.Group.People.Select(person =>
                (joined.ManifestId, DocumentKey: SameDocument.KeyOf(person.DocumentKind, person.Nationality, person.DocumentNumber))))
            .Where(document => document.DocumentKey is not null)
            .Select(document => (document.ManifestId, DocumentKey: document.DocumentKey!))
            .Distinct().ToList();

        var before = Warnings(await store.HoldersOf(documents, cancellationToken));
        await store.PutOn(joining, cancellationToken);
        if (documents.Count == 0)
            return;

        // Only what these groups brought: a warning already raised is not raised again when details arrive twice.
        foreach (var (manifestId, warnings) in Warnings(await store.HoldersOf(documents, cancellationToken)))
        {
            var raised = before.GetValueOrDefault(manifestId) ?? [];
            var fresh = warnings.Where(warning => !raised.Any(warning.SamePeopleAs)).ToList();
            if (fresh.Count == 0)
                continue;
            var manifest = (await store.Find(manifestId, cancellationToken, withPassengers: false))!;
            foreach (var warning in fresh)
                await outbox.Publish(new ManifestHoldsSameDocument
                {
                    ManifestId = manifest.Id, OfferId = manifest.OfferId, FromPlace = manifest.FromPlace, ToPlace = manifest.ToPlace,
                    DepartsAt = manifest.DepartsAt, PersonIds = warning.PersonIds, RequestIds = warning.RequestIds, At = clock.GetUtcNow(),
                }, cancellationToken);
        }
    }

    static Dictionary<Guid, IReadOnlyList<SameDocument>> Warnings(IEnumerable<(Guid ManifestId, Passenger Passenger)> holders) =>
        holders.GroupBy(holder => holder.ManifestId, holder => holder.Passenger)
            .ToDictionary(manifest => manifest.Key, manifest => SameDocument.Among(manifest));
}
