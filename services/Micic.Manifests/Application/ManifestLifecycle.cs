using System.Security.Claims;
using Micic.Contracts;
using Micic.Manifests.Data;
using Micic.Manifests.Domain;
using Micic.Persistence.Data;
using Micic.Persistence.Messaging;
using Micic.Persistence.Privacy;
using Micic.ServiceDefaults.Auth;

namespace Micic.Manifests.Application;

/// <summary>What a step of a manifest's lifecycle came to.</summary>
public abstract record ManifestStep
{
    /// <summary>Taken: the manifest as it now is.</summary>
    public sealed record Taken(Manifest Manifest) : ManifestStep;

    /// <summary>No such manifest or passenger, as far as the caller may know.</summary>
    public sealed record Missing(string Title, string Detail) : ManifestStep;

    /// <summary>Not now: the manifest's state does not allow it.</summary>
    public sealed record Refused(Refusal Refusal) : ManifestStep;

    /// <summary>The caller sees the passenger but may not do this for them.</summary>
    public sealed record Forbidden(string Title, string Detail) : ManifestStep;

    /// <summary>Values given are wrong for this manifest, each problem named by its field.</summary>
    public sealed record Invalid(Dictionary<string, string[]> Errors) : ManifestStep
    {
        public Invalid(string field, string error) : this(new Dictionary<string, string[]> { [field] = [error] })
        {
        }
    }
}

/// <summary>
/// The steps of a movement, each in one unit of work with what it announces: a consulate's travel document, closing for
/// boarding, boarding, departure. The manifest is locked while a step is taken, so concurrent steps apply one by one.
/// </summary>
public sealed class ManifestLifecycle(DbSession session, ManifestStore store, TransactionalOutbox outbox, PersonalDataAudit audit)
{
    /// <summary>The consulate of a passenger's nationality records an emergency travel document (laissez-passer).</summary>
    public Task<ManifestStep> IssueTravelDocument(Guid id, Guid personId, string kind, string number, ClaimsPrincipal consulate,
        CancellationToken cancellationToken) =>
        Step(id, consulate, "travel-document", manifest => manifest.IsVisibleTo(consulate), async manifest =>
        {
            // A passenger outside the consulate's scope — another nationality, or a group that did not consent — is absent to it;
            // one it sees only as the carrier of the movement is not its to document.
            if (manifest.PassengersVisibleTo(consulate).SingleOrDefault(p => p.PersonId == personId) is not { } passenger)
                return new ManifestStep.Missing("No such passenger.", $"No passenger {personId} of your nationals is on manifest {id}.");
            if (!passenger.IsConsularCaseOf(consulate))
                return new ManifestStep.Forbidden("Only the consulate of the passenger's nationality issues their travel document.",
                    $"Passenger {personId} is not one of your nationals whose group consented to sharing with their consulate.");
            if (manifest.RefuseTravelDocument() is { } refusal)
                return new ManifestStep.Refused(refusal);
            await store.RecordTravelDocument(id, passenger.PersonId, kind, number, consulate.OrganisationId(), cancellationToken);
            return null;
        }, cancellationToken);

    public Task<ManifestStep> Close(Guid id, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        Step(id, user, "manifest-close", manifest => manifest.IsRunBy(user), async manifest =>
        {
            if (manifest.RefuseClosing() is { } refusal)
                return new ManifestStep.Refused(refusal);
            await store.SetStatus(id, ManifestStatus.Closed, departedAt: null, cancellationToken);
            await outbox.Publish(new ManifestClosed
            {
                ManifestId = id, OfferId = manifest.OfferId, RequestIds = manifest.Passengers.Select(p => p.RequestId).Distinct().ToList(),
            }, cancellationToken);
            return null;
        }, cancellationToken);

    /// <summary>
    /// A passenger boarded or did not come. A no-show's seat is released and they go back to matching on their own,
    /// keeping their place; their family is not held back.
    /// </summary>
    public Task<ManifestStep> Board(Guid id, BoardingRecord boarding, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        Step(id, user, "boarding", manifest => manifest.IsRunBy(user), manifest =>
            manifest.Listed([boarding])[0] is { } passenger
                ? Record(manifest, [(passenger, boarding.Boarding)], cancellationToken)
                : Task.FromResult<ManifestStep?>(new ManifestStep.Missing("No such passenger.", $"No passenger {boarding.PersonId} is on manifest {id}.")),
            cancellationToken);

    /// <summary>
    /// The carrier's boarding list, synced once the gate has closed: each passenger recorded as a call of their own would
    /// record them, all in one unit of work, or none of them. An entry naming nobody on the manifest is named back.
    /// The answer shows nobody's data, so nothing is read that needs auditing.
    /// </summary>
    public Task<ManifestStep> Board(Guid id, IReadOnlyList<BoardingRecord> list, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        Step(id, user, purpose: null, manifest => manifest.IsRunBy(user), async manifest =>
        {
            var listed = manifest.Listed(list);
            var absent = list.Index().Where(entry => listed[entry.Index] is null).ToDictionary(entry => $"passengers[{entry.Index}].personId",
                entry => new[] { $"No passenger {entry.Item.PersonId} is on manifest {id}." });
            if (absent.Count > 0)
                return new ManifestStep.Invalid(absent);
            return await Record(manifest, list.Select((entry, i) => (listed[i]!, entry.Boarding)).ToList(), cancellationToken);
        }, cancellationToken);

    /// <summary>The movement leaves: passengers not recorded as boarded are no-shows; who is on board is announced.</summary>
    public Task<ManifestStep> Depart(Guid id, DateTimeOffset departedAt, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        Step(id, user, "departure", manifest => manifest.IsRunBy(user), async manifest =>
        {
            if (manifest.RefuseDeparture() is { } refusal)
                return new ManifestStep.Refused(refusal);
            if (manifest.DepartureTimeError(departedAt, ManifestStepValidator.ClockAllowance) is { } error)
                return new ManifestStep.Invalid("departedAt", error);
            await Apply(manifest, manifest.MissedDeparture.Select(missed => (missed, Boarding.NoShow)).ToList(), cancellationToken);
            await store.SetStatus(id, ManifestStatus.Departed, departedAt, cancellationToken);
            var aboard = manifest.Aboard;
            await outbox.Publish(new MovementDeparted
            {
                ManifestId = id, OfferId = manifest.OfferId, ToPlace = manifest.ToPlace, RequestIds = aboard.Select(p => p.RequestId).Distinct().ToList(),
                Passengers = aboard.Count, DepartedAt = departedAt,
                // Counts only, for what each State's nationals cost: no one on board is named.
                PassengersByNationality = aboard.GroupBy(p => p.Nationality).ToDictionary(nationals => nationals.Key, nationals => nationals.Count()),
            }, cancellationToken);
            return null;
        }, cancellationToken);

    /// <summary>
    /// Locks the manifest, lets <paramref name="take"/> change it (or say why not: then nothing is committed), and reads
    /// it back as changed: the passengers the caller is then shown are a read of their data, audited for <paramref name="purpose"/>
    /// (null when the answer shows nobody's data).
    /// </summary>
    async Task<ManifestStep> Step(Guid id, ClaimsPrincipal user, string? purpose, Func<Manifest, bool> mayAct, Func<Manifest, Task<ManifestStep?>> take,
        CancellationToken cancellationToken)
    {
        await session.BeginAsync(cancellationToken);
        if (await store.Find(id, cancellationToken, forUpdate: true) is not { } manifest || !mayAct(manifest))
            return new ManifestStep.Missing("No such manifest.", $"No manifest {id} is visible to you.");
        if (await take(manifest) is { } notTaken)
            return notTaken;
        var changed = (await store.Find(id, cancellationToken))!;
        if (purpose is not null)
            await audit.Record(Actor.Of(user), purpose, changed.PassengersVisibleTo(user).Select(p => p.PersonId).ToList(), cancellationToken,
                manifestId: id);
        await session.CommitAsync(cancellationToken);
        return new ManifestStep.Taken(changed);
    }

    /// <summary>Records each passenger's boarding if boarding allows it for every one of them; else records nothing and says why.</summary>
    async Task<ManifestStep?> Record(Manifest manifest, IReadOnlyList<(Passenger Passenger, Boarding Boarding)> boardings, CancellationToken cancellationToken)
    {
        foreach (var (passenger, _) in boardings)
            if (manifest.RefuseBoarding(passenger) is { } refusal)
                return new ManifestStep.Refused(refusal);
        await Apply(manifest, boardings, cancellationToken);
        return null;
    }

    /// <summary>Records passengers as boarded or no-shows, and sends every no-show back to matching: one announcement each, in the same unit of work.</summary>
    async Task Apply(Manifest manifest, IReadOnlyList<(Passenger Passenger, Boarding Boarding)> boardings, CancellationToken cancellationToken)
    {
        await store.Board(manifest.Id, boardings.Select(b => (b.Passenger.PersonId, b.Boarding)).ToList(), cancellationToken);
        foreach (var (passenger, _) in boardings.Where(b => b.Boarding == Boarding.NoShow))
            await outbox.Publish(new PassengerNoShow
            {
                ManifestId = manifest.Id, OfferId = manifest.OfferId, RequestId = passenger.RequestId, PersonId = passenger.PersonId,
            }, cancellationToken);
    }
}
