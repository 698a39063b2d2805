using Micic.ServiceDefaults.Http;
using Microsoft.AspNetCore.Http;

namespace Micic.Persistence.Data;

/// <summary>What a POST answered the first time its Idempotency-Key was used, and answers again to the same key and body.</summary>
public sealed record StoredResponse(int StatusCode, string? Location, string Body) : IResult
{
    public Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.StatusCode = StatusCode;
        if (Location is not null)
            httpContext.Response.Headers.Location = Location;
        httpContext.Response.ContentType = "application/json; charset=utf-8";
        return httpContext.Response.WriteAsync(Body, httpContext.RequestAborted);
    }
}

/// <summary>
/// The public API's <c>Idempotency-Key</c>, kept: the same key and body return the first answer and create nothing new; the same
/// key with another body is a conflict. Keys are per organisation, checked and stored in the transaction of the creation,
/// and concurrent uses of one key wait for each other.
/// </summary>
static class IdempotencyKeys
{
    /// <summary>Looks the key up inside the session's transaction. Returns the earlier answer, or null to proceed.</summary>
    /// <exception cref="IdempotencyConflictException">The key was used with another body.</exception>
    public static async Task<StoredResponse?> Replay(DbSession session, string owner, string key, byte[] fingerprint, CancellationToken cancellationToken)
    {
        await using (var lockKey = await session.Command("SELECT pg_advisory_xact_lock(hashtextextended(@owner || '/' || @key, 0))", cancellationToken))
        {
            lockKey.Parameters.AddWithValue("owner", owner);
            lockKey.Parameters.AddWithValue("key", key);
            await lockKey.ExecuteNonQueryAsync(cancellationToken);
        }

        await using var command = await session.Command(
            "SELECT request_hash, status_code, location, response_body FROM idempotency_key WHERE owner = @owner AND key = @key", cancellationToken);
        command.Parameters.AddWithValue("owner", owner);
        command.Parameters.AddWithValue("key", key);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
            return null;
        if (!((byte[])reader[0]).AsSpan().SequenceEqual(fingerprint))
            throw new IdempotencyConflictException();
        return new StoredResponse(reader.GetInt32(1), reader.IsDBNull(2) ? null : reader.GetString(2), reader.GetString(3));
    }

    public static async Task Remember(DbSession session, string owner, string key, byte[] fingerprint, StoredResponse response,
        CancellationToken cancellationToken)
    {
        await using var command = await session.Command("""
            INSERT INTO idempotency_key (owner, key, request_hash, status_code, location, response_body)
            VALUES (@owner, @key, @hash, @status, @location, @body)
            """, cancellationToken);
        command.Parameters.AddWithValue("owner", owner);
        command.Parameters.AddWithValue("key", key);
        command.Parameters.AddWithValue("hash", fingerprint);
        command.Parameters.AddWithValue("status", response.StatusCode);
        command.Parameters.AddWithValue("location", (object?)response.Location ?? DBNull.Value);
        command.Parameters.AddWithValue("body", response.Body);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
