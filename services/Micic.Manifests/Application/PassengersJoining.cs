using Micic.Contracts;
using Micic.Manifests.Data;
using Micic.Manifests.Domain;
using Micic.Persistence.Messaging;

namespace Micic.Manifests.Application;

/// <summary>
/// A matched group's people take their places on the manifest the group is on now, from Requests' answer. Should one of
/// them carry a document someone else on that manifest carries, coordinators are alerted in the same unit of work — the
/// carrier sees the warning on the manifest from then on.
/// </summary>
public sealed class PassengersJoining(ManifestStore store, TransactionalOutbox outbox, TimeProvider clock)
{
    public async Task Join(PassengerDetails details, CancellationToken cancellationToken)
    {
        if (await store.ManifestOf(details.RequestId, cancellationToken) is not { } manifestId)
            return; // the group was taken off meanwhile
        // A group without a document to share (most families waiting for a laissez-passer) spares the manifest a read.
        var mayShare = details.People.Any(person => SameDocument.Counts(person.DocumentKind, person.DocumentNumber));
        var before = mayShare ? SameDocument.Among(await store.PassengersOn(manifestId, cancellationToken)) : [];
        await store.PutOn(manifestId, details, cancellationToken);
        if (!mayShare)
            return;

        var manifest = (await store.Find(manifestId, cancellationToken))!;
        // Only what this group brought: a warning already raised is not raised again when details arrive twice.
        foreach (var warning in SameDocument.Among(manifest.Passengers).Where(warning => !before.Any(warning.SamePeopleAs)))
            await outbox.Publish(new ManifestHoldsSameDocument
            {
                ManifestId = manifest.Id, OfferId = manifest.OfferId, FromPlace = manifest.FromPlace, ToPlace = manifest.ToPlace,
                DepartsAt = manifest.DepartsAt, PersonIds = warning.PersonIds, RequestIds = warning.RequestIds, At = clock.GetUtcNow(),
            }, cancellationToken);
    }
}
