using System.Security.Claims;
using Micic.Contracts;
using Micic.Persistence.Data;
using Micic.Persistence.Messaging;
using Micic.Persistence.Privacy;
using Micic.Requests.Data;
using Micic.Requests.Domain;
using Micic.ServiceDefaults.Auth;
using Micic.ServiceDefaults.Http;

namespace Micic.Requests.Application;

/// <summary>What an erasure came to.</summary>
public enum ErasureOutcome
{
    Erased,
    /// <summary>No such registration, as far as the caller may know.</summary>
    Missing,
}

/// <summary>
/// The consular registry of nationals abroad: households registered by the consulate of their State before a crisis,
/// read only by that State's consulates (names) and coordinators (counts), every read of names audited.
/// <para>
/// It lives in Requests rather than in a service of its own: Requests already holds households with their personal
/// data, contacts with consent, CSV import, the audit of every read and erasure at retention; and in a crisis a
/// household's "I want to leave" becomes an evacuation request of the same household, in one transaction, without a
/// second copy of anyone's personal data in another service.
/// </para>
/// </summary>
public sealed class ConsularRegistry(DbSession session, RegistrationStore store, PersonalDataAudit audit, TransactionalOutbox outbox, TimeProvider clock)
{
    /// <summary>Who reads the contacts for check-ins: Messaging, asking point to point.</summary>
    public static readonly Actor CheckIns = Actor.Platform("micic:messages");

    /// <summary>Valid registrations of the caller's nationals, stored in one unit of work (or the caller's): all of them, or none.</summary>
    public async Task<IReadOnlyList<Guid>> Register(IReadOnlyList<RegisterHousehold> households, string organisationId, CancellationToken cancellationToken)
    {
        await session.BeginAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var registrations = households.Select(household => ConsularRegistration.Accept(household, organisationId, now)).ToList();
        foreach (var chunk in registrations.Chunk(1000))
            await store.Insert(chunk, cancellationToken);
        await session.CommitAsync(cancellationToken);
        return [.. registrations.Select(registration => registration.Id)];
    }

    /// <summary>One registration, audited; null when it is not one of the caller's nationals' (or there is none).</summary>
    public async Task<ConsularRegistration?> Read(Guid id, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        await session.BeginAsync(cancellationToken);
        if (await store.Find(id, cancellationToken) is not { } registration || !user.IsConsulateOf(registration.Nationality))
            return null;
        await audit.Record(Actor.Of(user), "registration-view", PeopleOf([registration]), cancellationToken);
        await session.CommitAsync(cancellationToken);
        return registration;
    }

    /// <summary>A page of the caller's nationals' registrations, with names: audited as one read of everyone on the page.</summary>
    /// <param name="nationality">One of the caller's nationalities, or null for all of them.</param>
    public async Task<(IReadOnlyList<ConsularRegistration> Items, long Total)> List(ClaimsPrincipal user, string? countryOfResidence, string? area,
        string? nationality, PageRequest page, CancellationToken cancellationToken)
    {
        await session.BeginAsync(cancellationToken);
        var nationalities = user.Nationalities().Where(held => nationality is null || held == nationality).ToHashSet();
        var (items, total) = await store.List(nationalities, countryOfResidence, area, page, cancellationToken);
        await audit.Record(Actor.Of(user), "registrations-list", PeopleOf(items), cancellationToken);
        await session.CommitAsync(cancellationToken);
        return (items, total);
    }

    /// <summary>Erases a registration of the caller's nationals on request; the erasure is in the audit trail.</summary>
    public async Task<ErasureOutcome> Erase(Guid id, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        await session.BeginAsync(cancellationToken);
        if (await store.Find(id, cancellationToken) is not { } registration || !user.IsConsulateOf(registration.Nationality)
            || await store.Delete(id, cancellationToken) is not { } people)
            return ErasureOutcome.Missing;
        await audit.Record(Actor.Of(user), PersonalDataAudit.Erasure, people, cancellationToken);
        await outbox.Publish(new RegistrationErased { RegistrationId = id, PersonIds = people, ErasedAt = clock.GetUtcNow() }, cancellationToken);
        await session.CommitAsync(cancellationToken);
        return ErasureOutcome.Erased;
    }

    /// <summary>
    /// A page of the consenting households of a country, with their phones, for check-ins: asked point to point by
    /// Messaging, audited as one read of the people whose phone goes.
    /// </summary>
    public async Task<(IReadOnlyList<RegisteredContactRow> Items, Guid? Next)> ForCheckIns(string countryOfResidence, IReadOnlyCollection<string>? areas,
        Guid? after, int limit, CancellationToken cancellationToken)
    {
        await session.BeginAsync(cancellationToken);
        var rows = await store.Contacts(countryOfResidence, areas, after, limit, cancellationToken);
        var page = rows.Take(limit).ToList();
        await audit.Record(CheckIns, "check-in-contacts", [.. page.SelectMany(row => row.PersonIds)], cancellationToken);
        await session.CommitAsync(cancellationToken);
        return (page, rows.Count > limit ? page[^1].RegistrationId : null);
    }

    static List<Guid> PeopleOf(IEnumerable<ConsularRegistration> registrations) =>
        [.. registrations.SelectMany(registration => registration.Household).Select(person => person.Id)];
}
