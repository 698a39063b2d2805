using System.Text.Json;
using Micic.ServiceDefaults.Http;

namespace Micic.Persistence.Data;

/// <summary>What a POST answered the first time its Idempotency-Key was used.</summary>
public sealed record StoredResponse<T>(int StatusCode, string? Location, T Body);

/// <summary>
/// The public API's <c>Idempotency-Key</c>, kept: the same key and body return the first answer and create nothing new; the same
/// key with another body is a conflict. Keys are per organisation, checked and stored in the transaction of the creation,
/// and concurrent uses of one key wait for each other.
/// </summary>
public static class IdempotencyKeys
{
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Looks the key up inside the session's transaction. Returns the earlier answer, or null to proceed.</summary>
    /// <exception cref="IdempotencyConflictException">The key was used with another body.</exception>
    public static async Task<StoredResponse<T>?> Replay<T>(DbSession session, string owner, string key, byte[] fingerprint, CancellationToken cancellationToken)
    {
        await using (var lockKey = session.Command("SELECT pg_advisory_xact_lock(hashtextextended(@owner || '/' || @key, 0))"))
        {
            lockKey.Parameters.AddWithValue("owner", owner);
            lockKey.Parameters.AddWithValue("key", key);
            await lockKey.ExecuteNonQueryAsync(cancellationToken);
        }

        await using var command = session.Command(
            "SELECT request_hash, status_code, location, response_body FROM idempotency_key WHERE owner = @owner AND key = @key");
        command.Parameters.AddWithValue("owner", owner);
        command.Parameters.AddWithValue("key", key);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
            return null;
        if (!((byte[])reader[0]).AsSpan().SequenceEqual(fingerprint))
            throw new IdempotencyConflictException();
        return new StoredResponse<T>(reader.GetInt32(1), reader.IsDBNull(2) ? null : reader.GetString(2),
            JsonSerializer.Deserialize<T>(reader.GetString(3), Json)!);
    }

    public static async Task Remember<T>(DbSession session, string owner, string key, byte[] fingerprint, StoredResponse<T> response,
        CancellationToken cancellationToken)
    {
        await using var command = session.Command("""
            INSERT INTO idempotency_key (owner, key, request_hash, status_code, location, response_body)
            VALUES (@owner, @key, @hash, @status, @location, @body)
            """);
        command.Parameters.AddWithValue("owner", owner);
        command.Parameters.AddWithValue("key", key);
        command.Parameters.AddWithValue("hash", fingerprint);
        command.Parameters.AddWithValue("status", response.StatusCode);
        command.Parameters.AddWithValue("location", (object?)response.Location ?? DBNull.Value);
        command.Parameters.AddWithValue("body", JsonSerializer.Serialize(response.Body, Json));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
