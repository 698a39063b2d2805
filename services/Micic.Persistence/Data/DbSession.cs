using MassTransit;
using MassTransit.Middleware;
using MassTransit.Context;
using MassTransit.Middleware.Outbox;
using MassTransit.Serialization;
using MassTransit.Transports;
using Micic.ServiceDefaults.Messaging;
using Npgsql;
using NpgsqlTypes;

namespace Micic.ServiceDefaults.Data;

/// <summary>
/// The unit of work of one API call or one consumed message: a connection, its transaction, and the outbox that
/// writes produced messages into that same transaction. Messages are relayed to the broker only after commit.
/// </summary>
public sealed class DbSession(NpgsqlDataSource dataSource, IBus bus, OutboxSignal signal, IServiceProvider provider)
    : OutboxSendContext, IAsyncDisposable
{
    NpgsqlConnection? _connection;
    NpgsqlTransaction? _transaction;
    IPublishEndpoint? _outbox;
    ISendEndpointProvider? _outboxSend;
    bool _outboxWritten;
    List<Action>? _afterCommit;

    /// <summary>Set while consuming a message, to trace outbox rows back to the message that caused them.</summary>
    internal (Guid MessageId, Guid ConsumerId)? Inbox { get; set; }

    public bool InTransaction => _transaction is not null;

    /// <summary>Publishes through the outbox: the message is stored in the current transaction.</summary>
    public IPublishEndpoint Outbox => _outbox ??= new PublishEndpoint(new OutboxPublishEndpointProvider(this, bus));

    /// <summary>Sends commands through the outbox.</summary>
    public ISendEndpointProvider OutboxSend => _outboxSend ??= new OutboxSendEndpointProvider(this, bus);

    /// <summary>Runs <paramref name="action"/> once the current transaction has committed; never if it rolls back.</summary>
    public void AfterCommit(Action action)
    {
        if (_transaction is null)
            throw new InvalidOperationException("Begin a transaction first.");
        (_afterCommit ??= []).Add(action);
    }

    public async Task BeginAsync(CancellationToken cancellationToken = default)
    {
        if (_transaction is not null)
            throw new InvalidOperationException("A transaction is already open in this session.");
        _connection ??= await dataSource.OpenConnectionAsync(cancellationToken);
        _transaction = await _connection.BeginTransactionAsync(cancellationToken);
    }

    public NpgsqlCommand Command(string sql)
    {
        if (_transaction is null)
            throw new InvalidOperationException("Begin a transaction before writing.");
        return new NpgsqlCommand(sql, _connection, _transaction);
    }

    /// <summary>Several statements in one round trip, in the session's transaction.</summary>
    public NpgsqlBatch Batch()
    {
        if (_transaction is null)
            throw new InvalidOperationException("Begin a transaction before writing.");
        return new NpgsqlBatch(_connection, _transaction);
    }

    public async Task CommitAsync(CancellationToken cancellationToken = default)
    {
        if (_transaction is null)
            throw new InvalidOperationException("No transaction to commit.");
        await _transaction.CommitAsync(cancellationToken);
        await EndTransaction();
        if (_outboxWritten)
            signal.MessagesWaiting();
        _outboxWritten = false;
        var committed = _afterCommit;
        _afterCommit = null;
        committed?.ForEach(action => action());
    }

    public async Task RollbackAsync()
    {
        if (_transaction is null)
            return;
        try
        {
            await _transaction.RollbackAsync(CancellationToken.None);
        }
        catch (Exception) when (_connection?.State != System.Data.ConnectionState.Open)
        {
            // The connection broke: the server has rolled back already.
        }
        await EndTransaction();
        _outboxWritten = false;
        _afterCommit = null;
    }

    /// <summary>
    /// Stores an outgoing message in the session's transaction. One connection runs one command at a time, so messages
    /// published concurrently (a batch, or <c>Task.WhenAll</c> in a consumer) are written one after another.
    /// </summary>
    public async Task AddSend<T>(SendContext<T> context) where T : class
    {
        await _writing.WaitAsync(context.CancellationToken);
        try
        {
            await WriteOutboxRow(context);
        }
        finally
        {
            _writing.Release();
        }
    }

    readonly SemaphoreSlim _writing = new(1, 1);

    async Task WriteOutboxRow<T>(SendContext<T> context) where T : class
    {
        if (context.MessageId is not { } messageId)
            throw new MessageException(typeof(T), "The outbox needs a MessageId");
        var serializer = SystemTextJsonMessageSerializer.Instance;
        var now = DateTime.UtcNow;

        await using var command = Command("""
            INSERT INTO outbox_message (message_id, conversation_id, correlation_id, initiator_id, request_id, source_address,
                destination_address, response_address, fault_address, content_type, message_type, body, headers, properties,
                sent_time, enqueue_time, expiration_time, inbox_message_id, inbox_consumer_id)
            VALUES (@message_id, @conversation_id, @correlation_id, @initiator_id, @request_id, @source_address,
                @destination_address, @response_address, @fault_address, @content_type, @message_type, @body, @headers, @properties,
                @sent_time, @enqueue_time, @expiration_time, @inbox_message_id, @inbox_consumer_id)
            """);
        var p = command.Parameters;
        p.AddWithValue("message_id", messageId);
        p.Add(Parameters.Optional<Guid>("conversation_id", context.ConversationId, NpgsqlDbType.Uuid));
        p.Add(Parameters.Optional<Guid>("correlation_id", context.CorrelationId, NpgsqlDbType.Uuid));
        p.Add(Parameters.Optional<Guid>("initiator_id", context.InitiatorId, NpgsqlDbType.Uuid));
        p.Add(Parameters.Optional<Guid>("request_id", context.RequestId, NpgsqlDbType.Uuid));
        p.Add(Parameters.OptionalText("source_address", context.SourceAddress?.ToString()));
        p.AddWithValue("destination_address", (context.DestinationAddress ?? throw new MessageException(typeof(T), "No destination")).ToString());
        p.Add(Parameters.OptionalText("response_address", context.ResponseAddress?.ToString()));
        p.Add(Parameters.OptionalText("fault_address", context.FaultAddress?.ToString()));
        p.AddWithValue("content_type", context.ContentType?.ToString() ?? context.Serialization.DefaultContentType.ToString());
        p.AddWithValue("message_type", string.Join(";", context.SupportedMessageTypes));
        p.AddWithValue("body", context.Serializer.GetMessageBody(context).GetString());
        p.Add(Parameters.OptionalText("headers", serializer.SerializeDictionary(context.Headers.GetAll())));
        p.Add(Parameters.OptionalText("properties", TransportProperties(context, serializer)));
        p.AddWithValue("sent_time", context.SentTime ?? now);
        p.Add(Parameters.Optional("enqueue_time", Deadlines.DueTime(context), NpgsqlDbType.TimestampTz));
        p.Add(Parameters.Optional<DateTime>("expiration_time", context.TimeToLive is { } ttl ? now + ttl : null, NpgsqlDbType.TimestampTz));
        p.Add(Parameters.Optional<Guid>("inbox_message_id", Inbox?.MessageId, NpgsqlDbType.Uuid));
        p.Add(Parameters.Optional<Guid>("inbox_consumer_id", Inbox?.ConsumerId, NpgsqlDbType.Uuid));
        await command.ExecuteNonQueryAsync(context.CancellationToken);
        _outboxWritten = true;
    }

    public object? GetService(Type serviceType) => provider.GetService(serviceType);

    public async ValueTask DisposeAsync()
    {
        await RollbackAsync();
        if (_connection is not null)
            await _connection.DisposeAsync();
        _connection = null;
    }

    async Task EndTransaction()
    {
        if (_transaction is not null)
            await _transaction.DisposeAsync();
        _transaction = null;
    }

    static string? TransportProperties<T>(SendContext<T> context, IObjectDeserializer serializer) where T : class
    {
        if (context is not TransportSendContext<T> transport)
            return null;
        var properties = new Dictionary<string, object>(StringComparer.OrdinalIgnoreCase);
        transport.WritePropertiesTo(properties);
        return properties.Count == 0 ? null : serializer.SerializeDictionary(properties);
    }

}
