using Micic.Contracts;
using Micic.Messaging.Domain;
using Micic.Persistence.Data;
using Npgsql;

namespace Micic.Messaging.Data;

/// <summary>A phone a broadcast goes to, with its group and language.</summary>
public sealed record BroadcastRecipient(Guid RequestId, string Phone, string Language);

/// <summary>Groups' scope (crisis, pickup place, nationalities) and the broadcasts sent to them.</summary>
public sealed class BroadcastStore(DbSession session)
{
    public async Task SaveScopes(IReadOnlyCollection<EvacuationRequested> requests, CancellationToken cancellationToken)
    {
        if (requests.Count == 0)
            return;
        await using var command = await session.Command("""
            INSERT INTO group_scope (request_id, crisis_id, pickup_place, nationalities)
            SELECT id, crisis, place, string_to_array(nationalities, ',')
            FROM unnest(@ids, @crises, @places, @nationalities) AS g (id, crisis, place, nationalities)
            ON CONFLICT (request_id) DO UPDATE SET pickup_place = EXCLUDED.pickup_place, nationalities = EXCLUDED.nationalities
            """, cancellationToken);
        command.Parameters.Add(new NpgsqlParameter<Guid[]>("ids", requests.Select(request => request.RequestId).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<string[]>("crises", requests.Select(request => request.CrisisId).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<string[]>("places", requests.Select(request => request.PickupPlace).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<string[]>("nationalities",
            requests.Select(request => string.Join(',', request.Nationalities.Select(nationality => nationality.Nationality))).ToArray()));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// The groups a broadcast is for: of the crisis (at the pickup place, of the nationality, when given) and waiting to leave
    /// or matched to a seat. A group matching has not yet spoken of is waiting: it was registered, and nothing has moved it on.
    /// </summary>
    const string InScope = """
        FROM group_scope g LEFT JOIN journey j USING (request_id)
        WHERE g.crisis_id = @crisis AND (@place::text IS NULL OR g.pickup_place = @place)
          AND (@nationality::text IS NULL OR @nationality = ANY(g.nationalities))
          AND (j.status IS NULL OR j.status = ANY(@statuses))
        """;

    /// <summary>The groups in scope whose contact Messaging has not had from Requests yet (never asked, or the answer still on its way).</summary>
    public async Task<IReadOnlyList<Guid>> Unreached(string crisisId, string? pickupPlace, string? nationality, CancellationToken cancellationToken)
    {
        await using var command = await ScopeCommand($"""
            SELECT g.request_id {InScope}
              AND NOT EXISTS (SELECT 1 FROM contact c WHERE c.request_id = g.request_id AND c.answered_at IS NOT NULL)
            """, crisisId, pickupPlace, nationality, cancellationToken);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var groups = new List<Guid>();
        while (await reader.ReadAsync(cancellationToken))
            groups.Add(reader.GetGuid(0));
        return groups;
    }

    /// <summary>Each phone in scope once: a group that consented (Messaging holds its phone) and has not sent STOP.</summary>
    public async Task<IReadOnlyList<BroadcastRecipient>> Audience(string crisisId, string? pickupPlace, string? nationality, CancellationToken cancellationToken)
    {
        await using var command = await ScopeCommand($"""
            SELECT DISTINCT ON (c.phone) c.request_id, c.phone, coalesce(c.language, 'en')
            FROM ({"SELECT g.request_id " + InScope}) g JOIN contact c USING (request_id)
            WHERE c.phone IS NOT NULL AND NOT EXISTS (SELECT 1 FROM opt_out o WHERE o.phone = c.phone)
            ORDER BY c.phone, c.request_id
            """, crisisId, pickupPlace, nationality, cancellationToken);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var recipients = new List<BroadcastRecipient>();
        while (await reader.ReadAsync(cancellationToken))
            recipients.Add(new BroadcastRecipient(reader.GetGuid(0), reader.GetString(1), reader.GetString(2)));
        return recipients;
    }

    async Task<NpgsqlCommand> ScopeCommand(string sql, string crisisId, string? pickupPlace, string? nationality, CancellationToken cancellationToken)
    {
        var command = await session.Command(sql, cancellationToken);
        command.Parameters.AddWithValue("crisis", crisisId);
        command.Parameters.Add(Parameters.OptionalText("place", pickupPlace));
        command.Parameters.Add(Parameters.OptionalText("nationality", nationality));
        command.Parameters.Add(new NpgsqlParameter<string[]>("statuses", BroadcastRules.Audience.ToArray()));
        return command;
    }

    /// <summary>The broadcast and its messages, due at once through the outbound queue (its shared rate).</summary>
    public async Task Add(Guid id, string organisationId, string crisisId, string? pickupPlace, string? nationality, BroadcastTexts texts,
        IReadOnlyList<BroadcastRecipient> recipients, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var command = await session.Command("""
            INSERT INTO broadcast (id, at, organisation_id, crisis_id, pickup_place, nationality, recipients)
            VALUES (@id, @at, @organisation, @crisis, @place, @nationality, @recipients);
            INSERT INTO message (id, direction, kind, request_id, phone, language, text, status, at, next_attempt_at, broadcast_id)
            SELECT m.id, 'out', 'broadcast', m.request_id, m.phone, m.language, m.text, 'queued', @at, now(), @id
            FROM unnest(@ids, @requests, @phones, @languages, @texts) AS m (id, request_id, phone, language, text)
            ON CONFLICT (broadcast_id, phone) WHERE broadcast_id IS NOT NULL DO NOTHING;
            """, cancellationToken);
        var p = command.Parameters;
        p.AddWithValue("id", id);
        p.AddWithValue("at", at);
        p.AddWithValue("organisation", organisationId);
        p.AddWithValue("crisis", crisisId);
        p.Add(Parameters.OptionalText("place", pickupPlace));
        p.Add(Parameters.OptionalText("nationality", nationality));
        p.AddWithValue("recipients", recipients.Count);
        p.Add(new NpgsqlParameter<Guid[]>("ids", recipients.Select(_ => Guid.CreateVersion7(at)).ToArray()));
        p.Add(new NpgsqlParameter<Guid[]>("requests", recipients.Select(recipient => recipient.RequestId).ToArray()));
        p.Add(new NpgsqlParameter<string[]>("phones", recipients.Select(recipient => recipient.Phone).ToArray()));
        p.Add(new NpgsqlParameter<string[]>("languages", recipients.Select(recipient => recipient.Language).ToArray()));
        p.Add(new NpgsqlParameter<string[]>("texts", recipients.Select(recipient => texts.For(recipient.Language)).ToArray()));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
