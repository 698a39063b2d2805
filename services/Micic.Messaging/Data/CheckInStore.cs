using Micic.Messaging.Domain;
using Micic.Persistence.Data;
using Npgsql;

namespace Micic.Messaging.Data;

/// <summary>A round of check-ins still being sent: which crisis, where, and how far through the registry it is.</summary>
public sealed record CheckInRound(string CrisisId, string? CrisisName, string Country, IReadOnlyList<string> Areas, Guid? Cursor, int Cohorts);

/// <summary>A household to ask, its text already written in its language.</summary>
public sealed record CheckInQuestion(Guid RegistrationId, string Phone, string Language, string Nationality, string Text);

/// <summary>A household's check-in, as the phone's latest.</summary>
public sealed record PhoneCheckIn(string CrisisId, Guid RegistrationId, string Nationality, string Language, int? Answer);

/// <summary>A check-in a day without an answer.</summary>
public sealed record SilentCheckIn(string CrisisId, string CrisisName, Guid RegistrationId, string Phone, string Language, string Nationality, int Attempts);

/// <summary>Check-ins: the rounds a crisis starts, each household's question and answer, and what silence leads to.</summary>
public sealed class CheckInStore(DbSession session)
{
    /// <summary>A round for the crisis, once: a second raise to level 3 or 4, or the event brought twice, starts none.</summary>
    public async Task StartRound(string crisisId, string? crisisName, string country, IReadOnlyList<string> areas, DateTimeOffset at,
        CancellationToken cancellationToken)
    {
        await using var command = await session.Command("""
            INSERT INTO check_in_round (crisis_id, crisis_name, country, areas, started_at) VALUES (@crisis, @name, @country, @areas, @at)
            ON CONFLICT (crisis_id) DO NOTHING
            """, cancellationToken);
        command.Parameters.AddWithValue("crisis", crisisId);
        command.Parameters.Add(Parameters.OptionalText("name", crisisName));
        command.Parameters.AddWithValue("country", country);
        command.Parameters.Add(new NpgsqlParameter<string[]>("areas", areas.ToArray()));
        command.Parameters.AddWithValue("at", at);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>An unfinished round no other instance is working, leased to this one for <paramref name="lease"/>.</summary>
    public async Task<CheckInRound?> LeaseRound(TimeSpan lease, CancellationToken cancellationToken)
    {
        await using var command = await session.Command("""
            WITH free AS (
                SELECT crisis_id FROM check_in_round
                WHERE finished_at IS NULL AND (leased_until IS NULL OR leased_until < now())
                ORDER BY started_at LIMIT 1 FOR UPDATE SKIP LOCKED)
            UPDATE check_in_round r SET leased_until = now() + @lease FROM free WHERE r.crisis_id = free.crisis_id
            RETURNING r.crisis_id, r.crisis_name, r.country, r.areas, r.cursor, r.cohorts
            """, cancellationToken);
        command.Parameters.AddWithValue("lease", lease);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new CheckInRound(reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.GetString(2), reader.GetFieldValue<string[]>(3),
                reader.IsDBNull(4) ? null : reader.GetGuid(4), reader.GetInt32(5))
            : null;
    }

    /// <summary>How far the round got: the next page's cursor (none: finished), its lease renewed, the crisis's name as written.</summary>
    public async Task Advance(string crisisId, string crisisName, Guid? cursor, int cohorts, TimeSpan lease, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var command = await session.Command("""
            UPDATE check_in_round SET crisis_name = @name, cursor = @cursor, cohorts = @cohorts, leased_until = now() + @lease,
                finished_at = CASE WHEN @cursor::uuid IS NULL THEN @at END
            WHERE crisis_id = @crisis
            """, cancellationToken);
        command.Parameters.AddWithValue("crisis", crisisId);
        command.Parameters.AddWithValue("name", crisisName);
        command.Parameters.Add(Parameters.Optional("cursor", cursor, NpgsqlTypes.NpgsqlDbType.Uuid));
        command.Parameters.AddWithValue("cohorts", cohorts);
        command.Parameters.AddWithValue("lease", lease);
        command.Parameters.AddWithValue("at", at);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Asks these households, each once per crisis, never a phone that sent STOP: the check-ins and their messages, due
    /// <paramref name="dueIn"/> from now on the queue's clock.
    /// </summary>
    /// <returns>The households asked now (not those asked before).</returns>
    public async Task<IReadOnlyList<Guid>> Ask(string crisisId, IReadOnlyList<CheckInQuestion> questions, TimeSpan dueIn, DateTimeOffset at,
        DateTimeOffset followUpAt, CancellationToken cancellationToken)
    {
        if (questions.Count == 0)
            return [];
        await using var command = await session.Command("""
            WITH question AS (
                SELECT * FROM unnest(@ids, @registrations, @phones, @languages, @nationalities, @texts)
                    AS q (id, registration_id, phone, language, nationality, text)),
            asked AS (
                INSERT INTO check_in (crisis_id, registration_id, phone, language, nationality, attempts, asked_at, follow_up_at)
                SELECT @crisis, q.registration_id, q.phone, q.language, q.nationality, 1, @at, @follow_up FROM question q
                WHERE NOT EXISTS (SELECT 1 FROM opt_out o WHERE o.phone = q.phone)
                ON CONFLICT (crisis_id, registration_id) DO NOTHING
                RETURNING registration_id),
            sent AS (
                INSERT INTO message (id, direction, kind, template, registration_id, phone, language, text, status, at, next_attempt_at)
                SELECT q.id, 'out', 'check-in', 'CheckIn', q.registration_id, q.phone, q.language, q.text, 'queued', @at, now() + @due_in
                FROM question q JOIN asked USING (registration_id))
            SELECT registration_id FROM asked
            """, cancellationToken);
        var p = command.Parameters;
        p.AddWithValue("crisis", crisisId);
        p.AddWithValue("at", at);
        p.AddWithValue("follow_up", followUpAt);
        p.AddWithValue("due_in", dueIn);
        p.Add(new NpgsqlParameter<Guid[]>("ids", questions.Select(_ => Guid.CreateVersion7(at)).ToArray()));
        p.Add(new NpgsqlParameter<Guid[]>("registrations", questions.Select(question => question.RegistrationId).ToArray()));
        p.Add(new NpgsqlParameter<string[]>("phones", questions.Select(question => question.Phone).ToArray()));
        p.Add(new NpgsqlParameter<string[]>("languages", questions.Select(question => question.Language).ToArray()));
        p.Add(new NpgsqlParameter<string[]>("nationalities", questions.Select(question => question.Nationality).ToArray()));
        p.Add(new NpgsqlParameter<string[]>("texts", questions.Select(question => question.Text).ToArray()));
        return await Ids(command, cancellationToken);
    }

    /// <summary>The phone's latest check-in, if it was ever asked one.</summary>
    public async Task<PhoneCheckIn?> LatestOf(string phone, CancellationToken cancellationToken)
    {
        await using var command = await session.Command("""
            SELECT crisis_id, registration_id, nationality, language, answer FROM check_in WHERE phone = @phone ORDER BY asked_at DESC LIMIT 1
            """, cancellationToken);
        command.Parameters.AddWithValue("phone", phone);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new PhoneCheckIn(reader.GetString(0), reader.GetGuid(1), reader.GetString(2), reader.GetString(3), reader.IsDBNull(4) ? null : reader.GetInt16(4))
            : null;
    }

    /// <summary>The household's answer, replacing an earlier one; its follow-ups end.</summary>
    public async Task Answer(string crisisId, Guid registrationId, CheckInAnswer answer, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var command = await session.Command("""
            UPDATE check_in SET answer = @answer, answered_at = @at, follow_up_at = NULL
            WHERE crisis_id = @crisis AND registration_id = @registration
            """, cancellationToken);
        command.Parameters.AddWithValue("crisis", crisisId);
        command.Parameters.AddWithValue("registration", registrationId);
        command.Parameters.AddWithValue("answer", (short)answer);
        command.Parameters.AddWithValue("at", at);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Check-ins silent until <paramref name="now"/>, locked for this unit of work (other instances take others).</summary>
    public async Task<IReadOnlyList<SilentCheckIn>> Silent(DateTimeOffset now, int limit, CancellationToken cancellationToken)
    {
        await using var command = await session.Command("""
            SELECT c.crisis_id, coalesce(r.crisis_name, c.crisis_id), c.registration_id, c.phone, c.language, c.nationality, c.attempts
            FROM check_in c JOIN check_in_round r USING (crisis_id)
            WHERE c.follow_up_at <= @now AND c.answer IS NULL
            ORDER BY c.follow_up_at LIMIT @limit FOR UPDATE OF c SKIP LOCKED
            """, cancellationToken);
        command.Parameters.AddWithValue("now", now);
        command.Parameters.AddWithValue("limit", limit);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var silent = new List<SilentCheckIn>();
        while (await reader.ReadAsync(cancellationToken))
            silent.Add(new SilentCheckIn(reader.GetString(0), reader.GetString(1), reader.GetGuid(2), reader.GetString(3), reader.GetString(4),
                reader.GetString(5), reader.GetInt32(6)));
        return silent;
    }

    /// <summary>The question again, to households a day silent (never to a phone that sent STOP since).</summary>
    public async Task AskAgain(string crisisId, IReadOnlyList<CheckInQuestion> questions, DateTimeOffset at, DateTimeOffset followUpAt,
        CancellationToken cancellationToken)
    {
        await using var command = await session.Command("""
            WITH question AS (
                SELECT * FROM unnest(@ids, @registrations, @phones, @languages, @texts) AS q (id, registration_id, phone, language, text)),
            again AS (
                UPDATE check_in c SET attempts = c.attempts + 1, asked_at = @at, follow_up_at = @follow_up
                FROM question q WHERE c.crisis_id = @crisis AND c.registration_id = q.registration_id
                RETURNING c.registration_id)
            INSERT INTO message (id, direction, kind, template, registration_id, phone, language, text, status, at, next_attempt_at)
            SELECT q.id, 'out', 'check-in', 'CheckInAgain', q.registration_id, q.phone, q.language, q.text, 'queued', @at, now()
            FROM question q JOIN again USING (registration_id)
            WHERE NOT EXISTS (SELECT 1 FROM opt_out o WHERE o.phone = q.phone)
            """, cancellationToken);
        var p = command.Parameters;
        p.AddWithValue("crisis", crisisId);
        p.AddWithValue("at", at);
        p.AddWithValue("follow_up", followUpAt);
        p.Add(new NpgsqlParameter<Guid[]>("ids", questions.Select(_ => Guid.CreateVersion7(at)).ToArray()));
        p.Add(new NpgsqlParameter<Guid[]>("registrations", questions.Select(question => question.RegistrationId).ToArray()));
        p.Add(new NpgsqlParameter<string[]>("phones", questions.Select(question => question.Phone).ToArray()));
        p.Add(new NpgsqlParameter<string[]>("languages", questions.Select(question => question.Language).ToArray()));
        p.Add(new NpgsqlParameter<string[]>("texts", questions.Select(question => question.Text).ToArray()));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Asked twice, never answered: no more follow-ups; the consulate calls.</summary>
    public async Task GiveUp(string crisisId, IReadOnlyList<Guid> registrationIds, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var command = await session.Command("""
            UPDATE check_in SET follow_up_at = NULL, unanswered_at = @at WHERE crisis_id = @crisis AND registration_id = ANY(@registrations)
            """, cancellationToken);
        command.Parameters.AddWithValue("crisis", crisisId);
        command.Parameters.AddWithValue("at", at);
        command.Parameters.Add(new NpgsqlParameter<Guid[]>("registrations", registrationIds.ToArray()));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// A registration erased in Requests: its check-ins go, and the phone and words of every message to and from it, and
    /// of the feedback and call-backs those messages became; false when nothing was held.
    /// </summary>
    public async Task<bool> Erase(Guid registrationId, CancellationToken cancellationToken)
    {
        await using var command = await session.Command("""
            WITH asked AS (DELETE FROM check_in WHERE registration_id = @id RETURNING 1),
            messages AS (
                -- One still queued is never sent: it has nothing left to send.
                UPDATE message SET phone = NULL, text = NULL,
                    status = CASE WHEN status = 'queued' THEN 'failed' ELSE status END,
                    failure = CASE WHEN status = 'queued' THEN 'erased before it was sent' ELSE failure END,
                    next_attempt_at = CASE WHEN status = 'queued' THEN NULL ELSE next_attempt_at END
                WHERE registration_id = @id AND (phone IS NOT NULL OR text IS NOT NULL) RETURNING id),
            feedback_erased AS (
                UPDATE feedback SET phone = NULL, text = NULL WHERE message_id IN (SELECT id FROM messages) RETURNING 1),
            call_backs_erased AS (
                UPDATE call_back SET phone = '', note = NULL WHERE message_id IN (SELECT id FROM messages) RETURNING 1)
            SELECT (SELECT count(*) FROM asked) + (SELECT count(*) FROM messages) + (SELECT count(*) FROM feedback_erased)
                 + (SELECT count(*) FROM call_backs_erased)
            """, cancellationToken);
        command.Parameters.AddWithValue("id", registrationId);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))! > 0;
    }

    static async Task<IReadOnlyList<Guid>> Ids(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var ids = new List<Guid>();
        while (await reader.ReadAsync(cancellationToken))
            ids.Add(reader.GetGuid(0));
        return ids;
    }
}
