using Micic.Contracts;
using Micic.Persistence.Data;
using Micic.ServiceDefaults.Auth;
using Micic.ServiceDefaults.Http;
using Npgsql;
using NpgsqlTypes;

namespace Micic.Dashboard.Data;

/// <summary>
/// One entry of the trail: who was shown (or erased) whose personal data, where, when and why. <see cref="At"/> is real
/// time; on a crisis clock <see cref="CrisisAt"/> is the crisis time beside it.
/// </summary>
public sealed record AuditEntry(
    DateTimeOffset At, DateTimeOffset? CrisisAt, string OrganisationId, ActorView Actor, string Service, string Purpose, Guid? PersonId, Guid? RequestId, Guid? ManifestId,
    string? SiteCode, int People);

/// <summary>What to look for in the trail; every part optional.</summary>
public sealed record AuditQuery(Guid? PersonId, string? OrganisationId, string? ActorId, DateTimeOffset? From, DateTimeOffset? To);

/// <summary>The audit trail of personal data across services, gathered from their <see cref="PersonalDataAccessed"/> announcements.</summary>
public sealed class AuditTrail(DbSession session)
{
    /// <summary>
    /// Adds an entry; the same announcement delivered again adds nothing. One made before actors were recorded names
    /// none: the table names its organisation as a client, as for the entries from before.
    /// </summary>
    public async Task Add(PersonalDataAccessed access, CancellationToken cancellationToken)
    {
        await using var command = await session.Command("""
            INSERT INTO audit_trail (access_id, at, crisis_at, service, organisation_id, actor_kind, actor_id, actor_name, purpose, person_ids,
                request_id, manifest_id, site_code)
            VALUES (@id, @at, @crisis_at, @service, @organisation, @actor_kind, @actor_id, @actor_name, @purpose, @people, @request, @manifest, @site)
            ON CONFLICT (access_id) DO NOTHING
            """, cancellationToken);
        var p = command.Parameters;
        p.AddWithValue("id", access.AccessId);
        p.AddWithValue("at", access.At);
        p.Add(Parameters.Optional("crisis_at", access.CrisisAt, NpgsqlDbType.TimestampTz));
        p.AddWithValue("service", access.Service);
        p.AddWithValue("organisation", access.OrganisationId);
        p.Add(Parameters.OptionalText("actor_kind", access.ActorKind));
        p.Add(Parameters.OptionalText("actor_id", access.ActorId));
        p.Add(Parameters.OptionalText("actor_name", access.ActorName));
        p.AddWithValue("purpose", access.Purpose);
        p.AddWithValue("people", access.PersonIds.ToArray());
        p.Add(Parameters.Optional("request", access.RequestId, NpgsqlDbType.Uuid));
        p.Add(Parameters.Optional("manifest", access.ManifestId, NpgsqlDbType.Uuid));
        p.Add(Parameters.OptionalText("site", access.SiteCode));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// The entries that match, oldest first. Looking for one person, each entry names them; otherwise an entry names a
    /// person only when it was about one.
    /// </summary>
    public async Task<(IReadOnlyList<AuditEntry> Items, long Total)> Find(AuditQuery query, PageRequest page, CancellationToken cancellationToken)
    {
        await using var command = await session.Command("", cancellationToken);
        command.Parameters.Add(Parameters.Optional("person", query.PersonId, NpgsqlDbType.Uuid));
        command.Parameters.Add(Parameters.OptionalText("organisation", query.OrganisationId));
        command.Parameters.Add(Parameters.OptionalText("actor", query.ActorId));
        command.Parameters.Add(Parameters.Optional("from", query.From, NpgsqlDbType.TimestampTz));
        command.Parameters.Add(Parameters.Optional("to", query.To, NpgsqlDbType.TimestampTz));
        return await PagedQuery.Read(command,
            """
            at, organisation_id, actor_kind, actor_id, actor_name, service, purpose,
            CASE WHEN @person::uuid IS NOT NULL THEN @person WHEN cardinality(person_ids) = 1 THEN person_ids[1] END,
            request_id, manifest_id, site_code, cardinality(person_ids), crisis_at
            """,
            """
            FROM audit_trail
            WHERE (@person::uuid IS NULL OR person_ids @> ARRAY[@person::uuid])
              AND (@organisation::text IS NULL OR organisation_id = @organisation)
              AND (@actor::text IS NULL OR actor_id = @actor)
              AND (@from::timestamptz IS NULL OR at >= @from)
              AND (@to::timestamptz IS NULL OR at <= @to)
            """,
            "at, access_id", (page.PageSize, page.Offset),
            reader => new AuditEntry(reader.GetFieldValue<DateTimeOffset>(0), reader.IsDBNull(12) ? null : reader.GetFieldValue<DateTimeOffset>(12), reader.GetString(1),
                new ActorView(reader.GetString(2), reader.GetString(3), reader.GetString(4)), reader.GetString(5), reader.GetString(6),
                reader.IsDBNull(7) ? null : reader.GetGuid(7), reader.IsDBNull(8) ? null : reader.GetGuid(8),
                reader.IsDBNull(9) ? null : reader.GetGuid(9), reader.IsDBNull(10) ? null : reader.GetString(10), reader.GetInt32(11)),
            cancellationToken);
    }
}
