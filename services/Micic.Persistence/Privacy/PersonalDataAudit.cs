using Micic.Contracts;
using Micic.Persistence.Data;
using Micic.Persistence.Messaging;
using Micic.ServiceDefaults;
using Micic.ServiceDefaults.Auth;
using Micic.ServiceDefaults.Time;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using NpgsqlTypes;

namespace Micic.Persistence.Privacy;

/// <summary>The name a service gives itself in the audit trail.</summary>
public sealed record AuditedService(string Name);

/// <summary>
/// The audit of personal data a service shows or erases: who (the person or client, and its organisation), why and whose
/// (ids, never the data), written in the unit of work of the read — no answer leaves without its record — and announced
/// (<see cref="PersonalDataAccessed"/>) so that the trail can be read across services. Its times are real, even on an
/// exercise's crisis clock: the trail answers for what people did with real data, when they did it; on a crisis clock the
/// crisis time stands beside the real one, so that an exercise's evaluators can place each read in the scenario.
/// </summary>
public sealed class PersonalDataAudit(DbSession session, TransactionalOutbox outbox, [FromKeyedServices(RealTime.Key)] TimeProvider clock,
    TimeProvider platformClock, AuditedService service)
{
    /// <summary>The purpose of a record of erasure.</summary>
    public const string Erasure = "erasure";

    /// <summary>Who erases: the retention period, not an organisation.</summary>
    public static readonly Actor Retention = Actor.Platform("micic:retention");

    /// <summary>Records that <paramref name="actor"/> was shown these people's data for <paramref name="purpose"/>.</summary>
    public async Task Record(Actor actor, string purpose, IReadOnlyCollection<Guid> personIds, CancellationToken cancellationToken,
        Guid? requestId = null, Guid? manifestId = null, string? siteCode = null)
    {
        if (personIds.Count == 0)
            return; // nobody's data was shown
        if (!session.InTransaction)
            throw new InvalidOperationException("A read of personal data is audited in the read's unit of work: begin it before reading.");

        var access = new PersonalDataAccessed
        {
            AccessId = Guid.CreateVersion7(), At = clock.GetUtcNow(), CrisisAt = (platformClock as CrisisClock)?.GetUtcNow(), Service = service.Name, OrganisationId = actor.OrganisationId,
            ActorKind = actor.Kind.WireName(), ActorId = actor.Id, ActorName = actor.Name, Purpose = purpose,
            PersonIds = [.. personIds], RequestId = requestId, ManifestId = manifestId, SiteCode = siteCode,
        };
        session.Defer(new NpgsqlBatchCommand("""
            INSERT INTO personal_data_access (id, at, crisis_at, organisation_id, actor_kind, actor_id, actor_name, purpose, person_ids, request_id,
                manifest_id, site_code)
            VALUES (@id, @at, @crisis_at, @organisation, @actor_kind, @actor_id, @actor_name, @purpose, @people, @request, @manifest, @site)
            """)
        {
            Parameters =
            {
                new NpgsqlParameter<Guid>("id", access.AccessId), new NpgsqlParameter<DateTimeOffset>("at", access.At),
                Parameters.Optional("crisis_at", access.CrisisAt, NpgsqlDbType.TimestampTz),
                new NpgsqlParameter<string>("organisation", access.OrganisationId), new NpgsqlParameter<string>("actor_kind", access.ActorKind),
                new NpgsqlParameter<string>("actor_id", access.ActorId), new NpgsqlParameter<string>("actor_name", access.ActorName),
                new NpgsqlParameter<string>("purpose", purpose), new NpgsqlParameter<Guid[]>("people", [.. personIds]),
                Parameters.Optional("request", requestId, NpgsqlDbType.Uuid), Parameters.Optional("manifest", manifestId, NpgsqlDbType.Uuid),
                Parameters.OptionalText("site", siteCode),
            },
        });
        await outbox.Publish(access, cancellationToken);
    }

    /// <summary>Records that retention erased these people's data here.</summary>
    public Task Erased(IReadOnlyCollection<Guid> personIds, CancellationToken cancellationToken, Guid? requestId = null) =>
        Record(Retention, Erasure, personIds, cancellationToken, requestId);
}
