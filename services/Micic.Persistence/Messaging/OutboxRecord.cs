using MassTransit;
using MassTransit.Metadata;
using MassTransit.Middleware;
using MassTransit.Serialization;
using Npgsql;

namespace Micic.Persistence.Messaging;

/// <summary>An outbox row read back for delivery, in the shape MassTransit's <see cref="OutboxMessageSendPipe"/> replays.</summary>
sealed class OutboxRecord : OutboxMessageContext
{
    public const string Columns = """
        sequence_number, message_id, conversation_id, correlation_id, initiator_id, request_id, source_address, destination_address,
        response_address, fault_address, content_type, message_type, body, headers, properties, sent_time, expiration_time, enqueue_time
        """;

    public long SequenceNumber { get; private init; }
    public Guid MessageId { get; private init; }
    public Guid? ConversationId { get; private init; }
    public Guid? CorrelationId { get; private init; }
    public Guid? InitiatorId { get; private init; }
    public Guid? RequestId { get; private init; }
    public Uri? SourceAddress { get; private init; }
    public Uri? DestinationAddress { get; private init; }
    public Uri? ResponseAddress { get; private init; }
    public Uri? FaultAddress { get; private init; }
    public string ContentType { get; private init; } = "";
    public string MessageType { get; private init; } = "";
    public string Body { get; private init; } = "";
    public DateTime? SentTime { get; private init; }
    public DateTime? ExpirationTime { get; private init; }

    /// <summary>The deadline it waited for (<see cref="Deadlines"/>), in the platform's time; none for a message sent at once.</summary>
    public DateTimeOffset? DueAt { get; private init; }

    /// <summary>The trace the message was produced in, carried across the outbox (W3C traceparent).</summary>
    public string? TraceParent => Headers.Get<string>(TransactionalOutbox.TraceParentHeader);
    public Headers Headers { get; private init; } = EmptyHeaders.Instance;
    public IReadOnlyDictionary<string, object> Properties { get; private init; } = new Dictionary<string, object>();
    public HostInfo Host => HostMetadataCache.Host;

    Guid? MessageContext.MessageId => MessageId;

    public static OutboxRecord Read(NpgsqlDataReader reader)
    {
        var serializer = SystemTextJsonMessageSerializer.Instance;
        var headers = serializer.DeserializeDictionary<object?>(reader.IsDBNull(13) ? null : reader.GetString(13));
        var properties = serializer.DeserializeDictionary<object>(reader.IsDBNull(14) ? null : reader.GetString(14));
        return new OutboxRecord
        {
            SequenceNumber = reader.GetInt64(0),
            MessageId = reader.GetGuid(1),
            ConversationId = GuidOrNull(reader, 2),
            CorrelationId = GuidOrNull(reader, 3),
            InitiatorId = GuidOrNull(reader, 4),
            RequestId = GuidOrNull(reader, 5),
            SourceAddress = UriOrNull(reader, 6),
            DestinationAddress = UriOrNull(reader, 7),
            ResponseAddress = UriOrNull(reader, 8),
            FaultAddress = UriOrNull(reader, 9),
            ContentType = reader.GetString(10),
            MessageType = reader.GetString(11),
            Body = reader.GetString(12),
            Headers = headers is null ? EmptyHeaders.Instance : new DictionarySendHeaders(headers),
            Properties = properties ?? new Dictionary<string, object>(),
            SentTime = reader.GetDateTime(15),
            ExpirationTime = reader.IsDBNull(16) ? null : reader.GetDateTime(16),
            DueAt = reader.IsDBNull(17) ? null : new DateTimeOffset(reader.GetDateTime(17), TimeSpan.Zero),
        };
    }

    static Guid? GuidOrNull(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetGuid(ordinal);
    static Uri? UriOrNull(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : new Uri(reader.GetString(ordinal));
}
