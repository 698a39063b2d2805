using Micic.Messaging.Domain;
using Micic.Persistence.Data;
using NpgsqlTypes;

namespace Micic.Messaging.Data;

/// <summary>The feedback register: what people said by SMS, on the web or at a desk.</summary>
public sealed class FeedbackStore(DbSession session)
{
    public async Task<Guid> Add(string channel, string category, string text, Guid? requestId, string? language, string? phone, Guid? messageId,
        DateTimeOffset at, CancellationToken cancellationToken, string? crisisId = null, string? recordedBy = null)
    {
        var id = Guid.CreateVersion7(at);
        await using var command = await session.Command("""
            INSERT INTO feedback (id, at, channel, category, status, text, request_id, language, phone, message_id, crisis_id, recorded_by)
            VALUES (@id, @at, @channel, @category, @status, @text, @request, @language, @phone, @message, @crisis, @recorded_by)
            """, cancellationToken);
        var p = command.Parameters;
        p.AddWithValue("id", id);
        p.AddWithValue("at", at);
        p.AddWithValue("channel", channel);
        p.AddWithValue("category", category);
        p.AddWithValue("status", FeedbackRules.InitialStatus(category));
        p.AddWithValue("text", text);
        p.Add(Parameters.Optional("request", requestId, NpgsqlDbType.Uuid));
        p.Add(Parameters.OptionalText("language", language));
        p.Add(Parameters.OptionalText("phone", phone));
        p.Add(Parameters.Optional("message", messageId, NpgsqlDbType.Uuid));
        p.Add(Parameters.OptionalText("crisis", crisisId));
        p.Add(Parameters.OptionalText("recorded_by", recordedBy));
        await command.ExecuteNonQueryAsync(cancellationToken);
        return id;
    }
}
