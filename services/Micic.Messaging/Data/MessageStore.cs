using Micic.Messaging.Domain;
using Micic.Persistence.Data;
using Micic.ServiceDefaults.Http;
using Npgsql;
using NpgsqlTypes;

namespace Micic.Messaging.Data;

/// <summary>A notice of a group's journey, before it is known how to reach the group.</summary>
public sealed record NewNotice(Guid RequestId, Template Template, string Key, Guid? OfferId, DateTimeOffset At);

/// <summary>A notice that waited for its group's contact and its offer's departure, with both now that they are known.</summary>
public sealed record AwaitingNotice(Guid Id, Template Template, string? Place, DateTimeOffset? DepartsAt, string? Reference, string? Phone, string Language,
    bool Stopped);

/// <summary>A text to send now.</summary>
public sealed record OutboundText(Guid Id, string Phone, string Text, int Attempts);

/// <summary>A message as it is listed.</summary>
public sealed record StoredMessage(Guid Id, string Direction, string? Phone, string? Language, string Kind, string? Text, string Status,
    DateTimeOffset At, Guid? RequestId, Guid? RegistrationId, DateTimeOffset? SentAt, DateTimeOffset? DeliveredAt);

/// <summary>What a list of messages is filtered on, and whose messages the caller may see (null: everyone's).</summary>
public sealed record MessageFilter(Guid? RequestId, Guid? RegistrationId, string? Direction, string? Status, string? OrganisationId);

/// <summary>
/// Every SMS in and out: the outbound queue with its shared send rate, inbound messages recorded once, STOPs. What people
/// see (at, sent, delivered) is stamped with the service's clock, crisis time in a replay; the queue's schedule (due,
/// retries, the rate per second) runs on the database's real clock, as the operator counts real seconds.
/// </summary>
public sealed class MessageStore(DbSession session)
{
    public async Task AddNotices(IReadOnlyCollection<NewNotice> notices, CancellationToken cancellationToken)
    {
        if (notices.Count == 0)
            return;
        await using var command = await session.Command("""
            INSERT INTO message (id, direction, kind, template, request_id, status, at, notice_key, offer_id)
            SELECT id, 'out', 'notice', template, request_id, 'awaiting', at, key, offer_id
            FROM unnest(@ids, @templates, @requests, @ats, @keys, @offers) AS n (id, template, request_id, at, key, offer_id)
            ON CONFLICT (request_id, notice_key) WHERE notice_key IS NOT NULL DO NOTHING
            """, cancellationToken);
        var p = command.Parameters;
        p.Add(new NpgsqlParameter<Guid[]>("ids", notices.Select(notice => Guid.CreateVersion7(notice.At)).ToArray()));
        p.Add(new NpgsqlParameter<string[]>("templates", notices.Select(notice => notice.Template.ToString()).ToArray()));
        p.Add(new NpgsqlParameter<Guid[]>("requests", notices.Select(notice => notice.RequestId).ToArray()));
        p.Add(new NpgsqlParameter<DateTimeOffset[]>("ats", notices.Select(notice => notice.At).ToArray()));
        p.Add(new NpgsqlParameter<string[]>("keys", notices.Select(notice => notice.Key).ToArray()));
        p.Add(new NpgsqlParameter("offers", NpgsqlDbType.Array | NpgsqlDbType.Uuid) { Value = notices.Select(notice => notice.OfferId).ToArray() });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Notices of these groups that waited and can now be written out — Requests has answered for the group, and the offer
    /// a notice names is known here (its departure as it stands now) — locked.
    /// </summary>
    public async Task<IReadOnlyList<AwaitingNotice>> Awaiting(IReadOnlyCollection<Guid> requestIds, CancellationToken cancellationToken)
    {
        await using var command = await session.Command("""
            SELECT m.id, m.template, d.from_place, d.departs_at, c.reference, c.phone, coalesce(c.language, 'en'),
                   EXISTS (SELECT 1 FROM opt_out o WHERE o.phone = c.phone)
            FROM message m JOIN contact c ON c.request_id = m.request_id LEFT JOIN offer_departure d ON d.offer_id = m.offer_id
            WHERE m.request_id = ANY(@ids) AND m.status = 'awaiting' AND c.answered_at IS NOT NULL
              AND (m.offer_id IS NULL OR d.offer_id IS NOT NULL)
            ORDER BY m.id FOR UPDATE OF m
            """, cancellationToken);
        command.Parameters.Add(new NpgsqlParameter<Guid[]>("ids", requestIds.ToArray()));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var awaiting = new List<AwaitingNotice>();
        while (await reader.ReadAsync(cancellationToken))
            awaiting.Add(new AwaitingNotice(reader.GetGuid(0), Enum.Parse<Template>(reader.GetString(1)), reader.IsDBNull(2) ? null : reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetFieldValue<DateTimeOffset>(3), reader.IsDBNull(4) ? null : reader.GetString(4),
                reader.IsDBNull(5) ? null : reader.GetString(5), reader.GetString(6), reader.GetBoolean(7)));
        return awaiting;
    }

    /// <summary>The groups with notices waiting for this offer to be known here.</summary>
    public async Task<IReadOnlyList<Guid>> AwaitingOffer(Guid offerId, CancellationToken cancellationToken)
    {
        await using var command = await session.Command(
            "SELECT DISTINCT request_id FROM message WHERE offer_id = @offer AND status = 'awaiting' ORDER BY request_id", cancellationToken);
        command.Parameters.AddWithValue("offer", offerId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var groups = new List<Guid>();
        while (await reader.ReadAsync(cancellationToken))
            groups.Add(reader.GetGuid(0));
        return groups;
    }

    /// <summary>Notices written out for their phones, due at once.</summary>
    public async Task Queue(IReadOnlyCollection<(Guid Id, string Phone, string Language, string Text)> texts, CancellationToken cancellationToken)
    {
        if (texts.Count == 0)
            return;
        await using var command = await session.Command("""
            UPDATE message m SET status = 'queued', phone = t.phone, language = t.language, text = t.text, next_attempt_at = now()
            FROM unnest(@ids, @phones, @languages, @texts) AS t (id, phone, language, text)
            WHERE m.id = t.id
            """, cancellationToken);
        command.Parameters.Add(new NpgsqlParameter<Guid[]>("ids", texts.Select(text => text.Id).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<string[]>("phones", texts.Select(text => text.Phone).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<string[]>("languages", texts.Select(text => text.Language).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<string[]>("texts", texts.Select(text => text.Text).ToArray()));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Notices for groups that cannot be written to (no phone, no consent, STOP): never sent, not kept.</summary>
    public async Task Drop(IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken)
    {
        if (ids.Count == 0)
            return;
        await using var command = await session.Command("DELETE FROM message WHERE id = ANY(@ids) AND status = 'awaiting'", cancellationToken);
        command.Parameters.Add(new NpgsqlParameter<Guid[]>("ids", ids.ToArray()));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>An answer to what a phone wrote, due at once.</summary>
    public async Task QueueReply(Guid? requestId, string phone, string language, Template template, string text, DateTimeOffset at,
        CancellationToken cancellationToken, Guid? registrationId = null)
    {
        await using var command = await session.Command("""
            INSERT INTO message (id, direction, kind, template, request_id, registration_id, phone, language, text, status, at, next_attempt_at)
            VALUES (@id, 'out', 'reply', @template, @request, @registration, @phone, @language, @text, 'queued', @at, now())
            """, cancellationToken);
        var p = command.Parameters;
        p.AddWithValue("id", Guid.CreateVersion7(at));
        p.AddWithValue("template", template.ToString());
        p.Add(Parameters.Optional("request", requestId, NpgsqlDbType.Uuid));
        p.Add(Parameters.Optional("registration", registrationId, NpgsqlDbType.Uuid));
        p.AddWithValue("phone", phone);
        p.AddWithValue("language", language);
        p.AddWithValue("text", text);
        p.AddWithValue("at", at);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>A self-registration's confirmation code for its phone, due at once.</summary>
    public async Task QueueRegistrationCode(Guid registrationId, string phone, string language, string text, DateTimeOffset at,
        CancellationToken cancellationToken)
    {
        await using var command = await session.Command("""
            INSERT INTO message (id, direction, kind, template, registration_id, phone, language, text, status, at, next_attempt_at)
            VALUES (@id, 'out', @kind, @template, @registration, @phone, @language, @text, 'queued', @at, now())
            """, cancellationToken);
        var p = command.Parameters;
        p.AddWithValue("id", Guid.CreateVersion7(at));
        p.AddWithValue("kind", MessageKind.RegistrationCode);
        p.AddWithValue("template", Template.RegistrationCode.ToString());
        p.AddWithValue("registration", registrationId);
        p.AddWithValue("phone", phone);
        p.AddWithValue("language", language);
        p.AddWithValue("text", text);
        p.AddWithValue("at", at);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Records an inbound message once per gateway id; false when it was recorded before (the gateway retried).</summary>
    public async Task<bool> RecordInbound(Guid id, string? gatewayId, string phone, string text, Guid? requestId, Guid? registrationId, string? language,
        string kind, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var command = await session.Command("""
            INSERT INTO message (id, direction, kind, request_id, registration_id, phone, language, text, status, at, gateway_id)
            VALUES (@id, 'in', @kind, @request, @registration, @phone, @language, @text, 'received', @at, @gateway)
            ON CONFLICT (gateway_id) WHERE direction = 'in' AND gateway_id IS NOT NULL DO NOTHING
            """, cancellationToken);
        var p = command.Parameters;
        p.AddWithValue("id", id);
        p.AddWithValue("kind", kind);
        p.Add(Parameters.Optional("request", requestId, NpgsqlDbType.Uuid));
        p.Add(Parameters.Optional("registration", registrationId, NpgsqlDbType.Uuid));
        p.AddWithValue("phone", phone);
        p.Add(Parameters.OptionalText("language", language));
        p.AddWithValue("text", text);
        p.AddWithValue("at", at);
        p.Add(Parameters.OptionalText("gateway", gatewayId));
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<bool> WasRecorded(string gatewayId, CancellationToken cancellationToken)
    {
        await using var command = await session.Command("SELECT EXISTS (SELECT 1 FROM message WHERE direction = 'in' AND gateway_id = @gateway)", cancellationToken);
        command.Parameters.AddWithValue("gateway", gatewayId);
        return await command.ExecuteScalarAsync(cancellationToken) is true;
    }

    /// <summary>How many messages a phone sent in the minute before <paramref name="now"/> (the time messages are stamped with).</summary>
    public async Task<long> ReceivedInTheLastMinute(string phone, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = await session.Command(
            "SELECT count(*) FROM message WHERE direction = 'in' AND phone = @phone AND at > @now - interval '1 minute'", cancellationToken);
        command.Parameters.AddWithValue("phone", phone);
        command.Parameters.AddWithValue("now", now);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>STOP: nothing more goes to the phone, not even what is queued; true the first time (when it is confirmed).</summary>
    public async Task<bool> Stop(string phone, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var command = await session.Command("""
            WITH queued AS (
                UPDATE message SET status = 'failed', failure = 'stopped', next_attempt_at = NULL WHERE phone = @phone AND status = 'queued')
            INSERT INTO opt_out (phone, at) VALUES (@phone, @at) ON CONFLICT (phone) DO NOTHING
            """, cancellationToken);
        command.Parameters.AddWithValue("phone", phone);
        command.Parameters.AddWithValue("at", at);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<bool> Stopped(string phone, CancellationToken cancellationToken)
    {
        await using var command = await session.Command("SELECT EXISTS (SELECT 1 FROM opt_out WHERE phone = @phone)", cancellationToken);
        command.Parameters.AddWithValue("phone", phone);
        return await command.ExecuteScalarAsync(cancellationToken) is true;
    }

    /// <summary>A number Micic does not know: true the first time it writes (when it gets its one answer).</summary>
    public async Task<bool> FirstFromUnknown(string phone, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var command = await session.Command(
            "INSERT INTO unknown_sender (phone, answered_at) VALUES (@phone, @at) ON CONFLICT (phone) DO NOTHING", cancellationToken);
        command.Parameters.AddWithValue("phone", phone);
        command.Parameters.AddWithValue("at", at);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    /// <summary>
    /// Claims what is due for sending, as much as the shared rate leaves this second (every instance counts in the same
    /// row), pushing each claimed message's next attempt a lease later: should this instance die while sending, another
    /// takes it up then. Phones that sent STOP are never claimed, but for the one confirmation of it.
    /// </summary>
    public async Task<IReadOnlyList<OutboundText>> ClaimDue(int ratePerSecond, int batch, TimeSpan lease, CancellationToken cancellationToken)
    {
        await using var command = await session.Command("""
            SELECT CASE WHEN second = date_trunc('second', now()) THEN used ELSE 0 END FROM send_rate WHERE id = 1 FOR UPDATE
            """, cancellationToken);
        var used = (int)(await command.ExecuteScalarAsync(cancellationToken))!;
        var allowed = Math.Min(batch, ratePerSecond - used);
        if (allowed <= 0)
            return [];

        await using var claim = await session.Command("""
            WITH due AS (
                SELECT id FROM message m
                WHERE status = 'queued' AND next_attempt_at <= now()
                  AND (m.template = 'Stopped' OR NOT EXISTS (SELECT 1 FROM opt_out o WHERE o.phone = m.phone))
                ORDER BY next_attempt_at LIMIT @allowed FOR UPDATE SKIP LOCKED),
            claimed AS (
                UPDATE message m SET next_attempt_at = now() + @lease, attempts = attempts + 1 FROM due WHERE m.id = due.id
                RETURNING m.id, m.phone, m.text, m.attempts),
            counted AS (
                UPDATE send_rate SET second = date_trunc('second', now()), used = @used + (SELECT count(*) FROM claimed) WHERE id = 1)
            SELECT id, phone, text, attempts FROM claimed
            """, cancellationToken);
        claim.Parameters.AddWithValue("allowed", allowed);
        claim.Parameters.AddWithValue("lease", lease);
        claim.Parameters.AddWithValue("used", used);
        await using var reader = await claim.ExecuteReaderAsync(cancellationToken);
        var texts = new List<OutboundText>();
        while (await reader.ReadAsync(cancellationToken))
            texts.Add(new OutboundText(reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.GetInt32(3)));
        return texts;
    }

    /// <summary>The gateway took it. A delivery report may have come first: a message never goes back from delivered or failed.</summary>
    public async Task MarkSent(Guid id, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var command = await session.Command(
            "UPDATE message SET status = 'sent', sent_at = @at, next_attempt_at = NULL WHERE id = @id AND status = 'queued'", cancellationToken);
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("at", at);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The gateway did not take it: tried again later, or given up after <paramref name="giveUp"/> attempts.</summary>
    public async Task Retry(Guid id, int attempts, int giveUp, string why, CancellationToken cancellationToken)
    {
        await using var command = await session.Command("""
            UPDATE message SET failure = @why,
                status = CASE WHEN @give_up THEN 'failed' ELSE status END,
                next_attempt_at = CASE WHEN @give_up THEN NULL ELSE now() + @after END
            WHERE id = @id AND status = 'queued'
            """, cancellationToken);
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("why", why.Length > 200 ? why[..200] : why);
        command.Parameters.AddWithValue("give_up", attempts >= giveUp);
        command.Parameters.AddWithValue("after", Domain.Retry.After(attempts));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// A delivery report for an outbound message: moves it forward (never back from delivered or failed); false when no
    /// such message went out, so a forged report changes nothing.
    /// </summary>
    public async Task<bool> Deliver(Guid id, string status, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var command = await session.Command("""
            WITH found AS (SELECT id FROM message WHERE id = @id AND direction = 'out' AND status <> 'awaiting'),
            moved AS (
                UPDATE message SET status = @status,
                    sent_at = coalesce(sent_at, @at),
                    delivered_at = CASE WHEN @status = 'delivered' THEN @at END,
                    failure = CASE WHEN @status = 'failed' THEN 'not delivered' END,
                    next_attempt_at = NULL
                WHERE id = @id AND status IN ('queued', 'sent') AND (@status <> 'sent' OR status = 'queued'))
            SELECT EXISTS (SELECT 1 FROM found)
            """, cancellationToken);
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("status", status);
        command.Parameters.AddWithValue("at", at);
        return await command.ExecuteScalarAsync(cancellationToken) is true;
    }

    public async Task<(IReadOnlyList<StoredMessage> Items, long Total)> List(MessageFilter filter, PageRequest page, CancellationToken cancellationToken)
    {
        await using var command = await session.Command("", cancellationToken);
        var p = command.Parameters;
        p.Add(Parameters.Optional("request", filter.RequestId, NpgsqlDbType.Uuid));
        p.Add(Parameters.Optional("registration", filter.RegistrationId, NpgsqlDbType.Uuid));
        p.Add(Parameters.OptionalText("direction", filter.Direction));
        p.Add(Parameters.OptionalText("status", filter.Status));
        p.Add(Parameters.OptionalText("organisation", filter.OrganisationId));
        return await PagedQuery.Read(command,
            // A confirmation code is for its phone only: listed, but never shown.
            "m.id, m.direction, m.phone, m.language, m.kind, CASE WHEN m.kind = 'registration-code' THEN NULL ELSE m.text END, m.status, m.at, m.request_id, m.registration_id, m.sent_at, m.delivered_at",
            """
            FROM message m
            WHERE m.status <> 'awaiting'
              AND (@request::uuid IS NULL OR m.request_id = @request)
              AND (@registration::uuid IS NULL OR m.registration_id = @registration)
              AND (@direction::text IS NULL OR m.direction = @direction)
              AND (@status::text IS NULL OR m.status = @status)
              AND (@organisation::text IS NULL OR EXISTS (SELECT 1 FROM contact c WHERE c.request_id = m.request_id AND c.organisation_id = @organisation))
            """,
            "m.at DESC, m.id DESC", (page.PageSize, page.Offset),
            reader => new StoredMessage(reader.GetGuid(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetString(3), reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetString(5), reader.GetString(6),
                reader.GetFieldValue<DateTimeOffset>(7), reader.IsDBNull(8) ? null : reader.GetGuid(8), reader.IsDBNull(9) ? null : reader.GetGuid(9),
                reader.IsDBNull(10) ? null : reader.GetFieldValue<DateTimeOffset>(10), reader.IsDBNull(11) ? null : reader.GetFieldValue<DateTimeOffset>(11)),
            cancellationToken);
    }
}
