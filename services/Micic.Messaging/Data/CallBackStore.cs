using Micic.Messaging.Domain;
using Micic.Persistence.Data;
using Micic.ServiceDefaults.Http;
using NpgsqlTypes;

namespace Micic.Messaging.Data;

/// <summary>
/// A call-back as the store holds it, with what the caller needs: the group's reference and the language to speak. An
/// erased group's phone is empty.
/// </summary>
public sealed record StoredCallBack(Guid Id, DateTimeOffset At, string Status, string? Phone, Guid? RequestId, string? Reference, string? Language,
    DateTimeOffset? ClosedAt, string? ClosedBy, string? Note);

/// <summary>A call-back about to be closed, locked.</summary>
public sealed record CallBackToClose(Guid Id, DateTimeOffset At, string Status, Guid? RequestId);

/// <summary>The call-backs people asked for by SMS (HELP), and their closing by the coordinator who called.</summary>
public sealed class CallBackStore(DbSession session)
{
    public async Task<Guid> Ask(Guid? requestId, string phone, Guid messageId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var id = Guid.CreateVersion7(at);
        await using var command = await session.Command("""
            INSERT INTO call_back (id, at, request_id, phone, message_id, status) VALUES (@id, @at, @request, @phone, @message, @status)
            """, cancellationToken);
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("at", at);
        command.Parameters.Add(Parameters.Optional("request", requestId, NpgsqlDbType.Uuid));
        command.Parameters.AddWithValue("phone", phone);
        command.Parameters.AddWithValue("message", messageId);
        command.Parameters.AddWithValue("status", CallBackStatus.Open);
        await command.ExecuteNonQueryAsync(cancellationToken);
        return id;
    }

    /// <summary>Oldest first: the person who has waited longest is called first.</summary>
    public async Task<(IReadOnlyList<StoredCallBack> Items, long Total)> List(string? status, PageRequest page, CancellationToken cancellationToken)
    {
        await using var command = await session.Command("", cancellationToken);
        command.Parameters.Add(Parameters.OptionalText("status", status));
        return await PagedQuery.Read(command,
            "b.id, b.at, b.status, b.phone, b.request_id, c.reference, c.language, b.closed_at, b.closed_by, b.note",
            """
            FROM call_back b LEFT JOIN contact c ON c.request_id = b.request_id
            WHERE (@status::text IS NULL OR b.status = @status)
            """,
            "b.at, b.id", (page.PageSize, page.Offset),
            reader => new StoredCallBack(reader.GetGuid(0), reader.GetFieldValue<DateTimeOffset>(1), reader.GetString(2), reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetGuid(4), reader.IsDBNull(5) ? null : reader.GetString(5), reader.IsDBNull(6) ? null : reader.GetString(6),
                reader.IsDBNull(7) ? null : reader.GetFieldValue<DateTimeOffset>(7), reader.IsDBNull(8) ? null : reader.GetString(8),
                reader.IsDBNull(9) ? null : reader.GetString(9)),
            cancellationToken);
    }

    /// <summary>A call-back, locked until it is closed; null when there is no such call-back.</summary>
    public async Task<CallBackToClose?> ToClose(Guid id, CancellationToken cancellationToken)
    {
        await using var command = await session.Command("SELECT id, at, status, request_id FROM call_back WHERE id = @id FOR UPDATE", cancellationToken);
        command.Parameters.AddWithValue("id", id);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
            return null;
        return new CallBackToClose(reader.GetGuid(0), reader.GetFieldValue<DateTimeOffset>(1), reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetGuid(3));
    }

    public async Task Close(Guid id, string note, string closedBy, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var command = await session.Command(
            "UPDATE call_back SET status = @status, note = @note, closed_by = @by, closed_at = @at WHERE id = @id", cancellationToken);
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("status", CallBackStatus.Closed);
        command.Parameters.AddWithValue("note", note);
        command.Parameters.AddWithValue("by", closedBy);
        command.Parameters.AddWithValue("at", at);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
