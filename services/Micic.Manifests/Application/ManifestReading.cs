using System.Data;
using System.Security.Claims;
using Micic.Manifests.Data;
using Micic.Manifests.Domain;
using Micic.Persistence.Data;
using Micic.Persistence.Privacy;
using Micic.ServiceDefaults.Auth;

namespace Micic.Manifests.Application;

/// <summary>
/// What a caller sees of a manifest: the passengers they may see, how many others there are, and how many people's
/// details are still arriving. The three always make up everyone on the manifest.
/// </summary>
public sealed record ManifestSight(Manifest Manifest, IReadOnlyList<Passenger> Shown)
{
    public int Others => Manifest.Passengers.Count - Shown.Count;
    public int AwaitingDetails => Manifest.AwaitingDetails;
    public int Total => Manifest.PassengerCount;

    /// <summary>
    /// Documents carried twice among the passengers shown, and only those: a consulate is not told that one of its
    /// nationals shares a document with someone it may not see (a group that did not consent), which would say more of
    /// that person than their consent allows. Coordinators and the carrier see every passenger, so every warning.
    /// </summary>
    public IReadOnlyList<SameDocument> Warnings { get; } = SameDocument.Among(Shown);
}

/// <summary>Reads of a manifest's passengers, each audited in the read's unit of work.</summary>
public sealed class ManifestReading(DbSession session, ManifestStore store, PersonalDataAudit audit)
{
    /// <summary>
    /// A manifest as the caller may see it, for <paramref name="purpose"/> (a view, an export); null when it is not
    /// visible to them. One snapshot, so that a group's details arriving meanwhile are counted once: either still
    /// arriving or among the passengers.
    /// </summary>
    public async Task<ManifestSight?> Read(Guid id, ClaimsPrincipal user, string purpose, CancellationToken cancellationToken)
    {
        await session.BeginAsync(IsolationLevel.RepeatableRead, cancellationToken);
        if (await store.Find(id, cancellationToken) is not { } manifest || !manifest.IsVisibleTo(user))
            return null;
        var sight = new ManifestSight(manifest, manifest.PassengersVisibleTo(user));
        await audit.Record(Actor.Of(user), purpose, sight.Shown.Select(p => p.PersonId).ToList(), cancellationToken, manifestId: id);
        await session.CommitAsync(cancellationToken);
        return sight;
    }
}
