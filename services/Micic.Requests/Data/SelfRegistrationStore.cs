using System.Text.Json;
using Micic.Persistence.Data;
using Micic.Requests.Domain;
using NpgsqlTypes;

namespace Micic.Requests.Data;

/// <summary>Self-registrations waiting for their code, and what remains of them a day after they ended.</summary>
public sealed class SelfRegistrationStore(DbSession session)
{
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// When codes were sent to this phone since <paramref name="since"/>, the phone locked for the rest of the unit of
    /// work: two registrations of the same phone at once are counted one after the other, on every instance.
    /// </summary>
    public async Task<IReadOnlyList<DateTimeOffset>> CodesSentTo(byte[] phoneDigest, DateTimeOffset since, CancellationToken cancellationToken)
    {
        await using var command = await session.Command("""
            SELECT pg_advisory_xact_lock(hashtextextended(encode(@phone, 'hex'), 0));
            SELECT requested_at FROM self_registration WHERE phone_digest = @phone AND requested_at > @since
            """, cancellationToken);
        command.Parameters.AddWithValue("phone", phoneDigest);
        command.Parameters.AddWithValue("since", since);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.NextResultAsync(cancellationToken);
        var sent = new List<DateTimeOffset>();
        while (await reader.ReadAsync(cancellationToken))
            sent.Add(reader.GetFieldValue<DateTimeOffset>(0));
        return sent;
    }

    public async Task Insert(PendingRegistration pending, byte[] phoneDigest, CancellationToken cancellationToken)
    {
        await using var command = await session.Command("""
            INSERT INTO self_registration (id, status, requested_at, code_expires_at, phone_digest, household)
            VALUES (@id, @status, @at, @expires, @phone, @household)
            """, cancellationToken);
        command.Parameters.AddWithValue("id", pending.Id);
        command.Parameters.AddWithValue("status", pending.Status);
        command.Parameters.AddWithValue("at", pending.RequestedAt);
        command.Parameters.AddWithValue("expires", pending.CodeExpiresAt);
        command.Parameters.AddWithValue("phone", phoneDigest);
        command.Parameters.Add(new("household", NpgsqlDbType.Jsonb) { Value = JsonSerializer.Serialize(pending.Household, Json) });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The self-registration, locked for the rest of the unit of work (a code is tried against one state at a time).</summary>
    public async Task<PendingRegistration?> Lock(Guid id, CancellationToken cancellationToken)
    {
        await using var command = await session.Command("""
            SELECT id, status, requested_at, code_expires_at, code_hash, wrong_codes, household
            FROM self_registration WHERE id = @id FOR UPDATE
            """, cancellationToken);
        command.Parameters.AddWithValue("id", id);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new PendingRegistration(reader.GetGuid(0), reader.GetString(1), reader.GetFieldValue<DateTimeOffset>(2), reader.GetFieldValue<DateTimeOffset>(3),
                reader.IsDBNull(4) ? null : reader.GetFieldValue<byte[]>(4), reader.GetInt32(5),
                reader.IsDBNull(6) ? null : JsonSerializer.Deserialize<RegisterHousehold>(reader.GetString(6), Json))
            : null;
    }

    /// <summary>A new code's hash replaces the one before, which no longer counts.</summary>
    public async Task SetCode(Guid id, byte[] codeHash, CancellationToken cancellationToken)
    {
        await using var command = await session.Command("UPDATE self_registration SET code_hash = @hash WHERE id = @id", cancellationToken);
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("hash", codeHash);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task CountWrongCode(Guid id, CancellationToken cancellationToken)
    {
        await using var command = await session.Command("UPDATE self_registration SET wrong_codes = wrong_codes + 1 WHERE id = @id", cancellationToken);
        command.Parameters.AddWithValue("id", id);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The self-registration ends (confirmed, voided or expired): its household and code are erased from here.</summary>
    public async Task End(Guid id, string status, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var command = await session.Command("""
            UPDATE self_registration SET status = @status, household = NULL, code_hash = NULL, ended_at = @at WHERE id = @id
            """, cancellationToken);
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("status", status);
        command.Parameters.AddWithValue("at", at);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Ends up to <paramref name="batch"/> self-registrations whose code expired unconfirmed, claimed with <c>SKIP LOCKED</c>,
    /// their households erased; and forgets what remains of those that ended before <paramref name="forgetEndedBefore"/>.
    /// Returns the expired ones' ids.
    /// </summary>
    public async Task<IReadOnlyList<Guid>> ExpireDue(DateTimeOffset now, DateTimeOffset forgetEndedBefore, int batch, CancellationToken cancellationToken)
    {
        await using var command = await session.Command("""
            WITH due AS (
                SELECT id FROM self_registration WHERE status = 'awaiting-code' AND code_expires_at <= @now
                LIMIT @batch FOR UPDATE SKIP LOCKED),
            expired AS (
                UPDATE self_registration s SET status = 'expired', household = NULL, code_hash = NULL, ended_at = @now
                FROM due WHERE s.id = due.id RETURNING s.id),
            forgotten AS (DELETE FROM self_registration WHERE ended_at < @forget)
            SELECT id FROM expired
            """, cancellationToken);
        command.Parameters.AddWithValue("now", now);
        command.Parameters.AddWithValue("forget", forgetEndedBefore);
        command.Parameters.AddWithValue("batch", batch);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var ids = new List<Guid>();
        while (await reader.ReadAsync(cancellationToken))
            ids.Add(reader.GetGuid(0));
        return ids;
    }
}
