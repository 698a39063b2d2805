using Micic.Persistence.Data;
using Micic.ServiceDefaults.Http;
using NpgsqlTypes;

namespace Micic.Messaging.Data;

/// <summary>A feedback item as the register holds it.</summary>
public sealed record StoredFeedback(Guid Id, DateTimeOffset At, string Channel, string Category, string Status, string? Text, Guid? RequestId,
    string? CrisisId);

/// <summary>An item about to be answered, locked: how its sender is written to.</summary>
public sealed record FeedbackToAnswer(Guid Id, DateTimeOffset At, string Category, string Status, Guid? RequestId, string? CrisisId, string? Phone,
    string? Language, string? Reference, bool Stopped);

/// <summary>What the register is filtered on; <see cref="SealedOnly"/> for the psea partner.</summary>
public sealed record FeedbackFilter(string? CrisisId, string? Category, string? Status, bool SealedOnly);

/// <summary>The feedback register as coordinators and the psea partner read and answer it.</summary>
public sealed class FeedbackRegisterStore(DbSession session)
{
    public async Task<(IReadOnlyList<StoredFeedback> Items, long Total)> List(FeedbackFilter filter, PageRequest page, CancellationToken cancellationToken)
    {
        await using var command = await session.Command("", cancellationToken);
        var p = command.Parameters;
        p.Add(Parameters.OptionalText("crisis", filter.CrisisId));
        p.Add(Parameters.OptionalText("category", filter.Category));
        p.Add(Parameters.OptionalText("status", filter.Status));
        p.AddWithValue("sealed_only", filter.SealedOnly);
        return await PagedQuery.Read(command,
            "f.id, f.at, f.channel, f.category, f.status, f.text, f.request_id, f.crisis_id",
            """
            FROM feedback f
            WHERE (@crisis::text IS NULL OR f.crisis_id = @crisis)
              AND (@category::text IS NULL OR f.category = @category)
              AND (@status::text IS NULL OR f.status = @status)
              AND (NOT @sealed_only OR f.category = 'sensitive')
            """,
            "f.at DESC, f.id DESC", (page.PageSize, page.Offset),
            reader => new StoredFeedback(reader.GetGuid(0), reader.GetFieldValue<DateTimeOffset>(1), reader.GetString(2), reader.GetString(3),
                reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetString(5), reader.IsDBNull(6) ? null : reader.GetGuid(6),
                reader.IsDBNull(7) ? null : reader.GetString(7)),
            cancellationToken);
    }

    /// <summary>An item and how to write back to its sender, locked until the answer is recorded; null when there is no such item.</summary>
    public async Task<FeedbackToAnswer?> ToAnswer(Guid id, CancellationToken cancellationToken)
    {
        await using var command = await session.Command("""
            SELECT f.id, f.at, f.category, f.status, f.request_id, f.crisis_id, f.phone, coalesce(f.language, c.language), c.reference,
                   EXISTS (SELECT 1 FROM opt_out o WHERE o.phone = f.phone)
            FROM feedback f LEFT JOIN contact c ON c.request_id = f.request_id
            WHERE f.id = @id
            FOR UPDATE OF f
            """, cancellationToken);
        command.Parameters.AddWithValue("id", id);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
            return null;
        return new FeedbackToAnswer(reader.GetGuid(0), reader.GetFieldValue<DateTimeOffset>(1), reader.GetString(2), reader.GetString(3),
            reader.IsDBNull(4) ? null : reader.GetGuid(4), reader.IsDBNull(5) ? null : reader.GetString(5), reader.IsDBNull(6) ? null : reader.GetString(6),
            reader.IsDBNull(7) ? null : reader.GetString(7), reader.IsDBNull(8) ? null : reader.GetString(8), reader.GetBoolean(9));
    }

    public async Task Answer(Guid id, string status, string answer, string answeredBy, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var command = await session.Command(
            "UPDATE feedback SET status = @status, answer = @answer, answered_by = @by, answered_at = @at WHERE id = @id", cancellationToken);
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("status", status);
        command.Parameters.AddWithValue("answer", answer);
        command.Parameters.AddWithValue("by", answeredBy);
        command.Parameters.AddWithValue("at", at);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The answer, due at once through the outbound queue (its shared rate, and never to a phone that sent STOP).</summary>
    public async Task QueueAnswer(Guid? requestId, string phone, string language, string text, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var command = await session.Command("""
            INSERT INTO message (id, direction, kind, request_id, phone, language, text, status, at, next_attempt_at)
            VALUES (@id, 'out', 'reply', @request, @phone, @language, @text, 'queued', @at, now())
            """, cancellationToken);
        var p = command.Parameters;
        p.AddWithValue("id", Guid.CreateVersion7(at));
        p.Add(Parameters.Optional("request", requestId, NpgsqlDbType.Uuid));
        p.AddWithValue("phone", phone);
        p.AddWithValue("language", language);
        p.AddWithValue("text", text);
        p.AddWithValue("at", at);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
