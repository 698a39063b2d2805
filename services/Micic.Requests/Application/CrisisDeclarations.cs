using System.Security.Claims;
using Micic.Contracts;
using Micic.Persistence.Crises;
using Micic.Persistence.Data;
using Micic.Persistence.Messaging;
using Micic.Requests.Data;
using Micic.Requests.Domain;
using Micic.ServiceDefaults.Auth;
using Micic.ServiceDefaults.ReferenceData;

namespace Micic.Requests.Application;

/// <summary>What a change of alert level came to.</summary>
public abstract record AlertLevelOutcome
{
    public sealed record Changed(DeclaredCrisis Crisis) : AlertLevelOutcome;

    /// <summary>The crisis is at that level already: nothing changed, nothing was announced.</summary>
    public sealed record Unchanged(DeclaredCrisis Crisis) : AlertLevelOutcome;

    public sealed record Missing : AlertLevelOutcome;
}

/// <summary>
/// Coordinators declare crises and change their alert levels. Held by Requests because the crisis a request belongs to
/// is decided at intake here, and a registered national's "I want to leave" becomes a request here. Each declaration and
/// each change is stored with its integration event (<see cref="CrisisDeclared"/>, <see cref="CrisisAlertLevelChanged"/>)
/// in one unit of work; the other services learn the crisis from the event (<see cref="CrisisCatalogue"/>).
/// </summary>
public sealed class CrisisDeclarations(DbSession session, CrisisStore store, DeclaredCrisisStore catalogue, TransactionalOutbox outbox,
    TimeProvider clock)
{
    public async Task<DeclaredCrisis> Declare(DeclareCrisis body, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        await session.BeginAsync(cancellationToken);
        var crisis = DeclaredCrisis.Declare(CrisisCatalogue.NewId(), body.Name!.Trim(), body.Country!, [.. body.Areas?.Select(area => area!).Distinct() ?? []],
            AlertLevel.Of(body.AlertLevel)!, clock.GetUtcNow(), ActorView.Of(Actor.Of(user)));
        await store.Add(crisis, cancellationToken);
        await Announce(crisis, cancellationToken);
        await session.CommitAsync(cancellationToken);
        return crisis;
    }

    /// <summary>
    /// Moves a crisis to another level. A crisis of the seeds (<paramref name="seeded"/>) has no level until a coordinator
    /// gives it one: that first change declares it, under its own id and for the whole country, so that its registered
    /// nationals are asked and their "I want to leave" lands in the crisis the operation already serves.
    /// </summary>
    public async Task<AlertLevelOutcome> ChangeLevel(string id, AlertLevel level, ClaimsPrincipal user, Crisis? seeded, CancellationToken cancellationToken)
    {
        await session.BeginAsync(cancellationToken);
        var crisis = await store.Lock(id, cancellationToken);
        if (crisis is null && seeded is not null)
        {
            var declared = DeclaredCrisis.Declare(seeded.Id, seeded.Name, seeded.Country, [], level, clock.GetUtcNow(), ActorView.Of(Actor.Of(user)));
            if (await store.Add(declared, cancellationToken))
            {
                await Announce(declared, cancellationToken);
                await session.CommitAsync(cancellationToken);
                return new AlertLevelOutcome.Changed(declared);
            }
            crisis = await store.Lock(id, cancellationToken); // another coordinator's call declared it meanwhile: this one changes it
        }
        if (crisis is null)
            return new AlertLevelOutcome.Missing();
        if (crisis.ChangeTo(level, clock.GetUtcNow(), ActorView.Of(Actor.Of(user))) is not { } change)
            return new AlertLevelOutcome.Unchanged(crisis);
        await store.Change(crisis, change, cancellationToken);
        await outbox.Publish(new CrisisAlertLevelChanged
        {
            CrisisId = crisis.Id, Country = crisis.Country, Areas = crisis.Areas, From = change.From!.Number, To = change.To.Number, At = change.At,
        }, cancellationToken);
        await session.CommitAsync(cancellationToken);
        return new AlertLevelOutcome.Changed(crisis);
    }

    /// <summary>Announces a declaration (<see cref="CrisisDeclared"/>) in the caller's unit of work.</summary>
    async Task Announce(DeclaredCrisis crisis, CancellationToken cancellationToken)
    {
        var declared = new CrisisDeclared
        {
            CrisisId = crisis.Id, Name = crisis.Name, Country = crisis.Country, Areas = crisis.Areas, AlertLevel = crisis.Level.Number,
            At = crisis.DeclaredAt,
        };
        // Requests accepts requests in it from this commit on, not from when its own consumer has read the event.
        await catalogue.Learn(declared, cancellationToken);
        await outbox.Publish(declared, cancellationToken);
    }

    public Task<DeclaredCrisis?> Find(string id, CancellationToken cancellationToken) => store.Find(id, cancellationToken);

    public Task<IReadOnlyList<DeclaredCrisis>> All(CancellationToken cancellationToken) => store.All(cancellationToken);
}
