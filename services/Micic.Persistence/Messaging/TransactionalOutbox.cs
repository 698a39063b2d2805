using System.Diagnostics;
using MassTransit;
using MassTransit.Context;
using MassTransit.Logging;
using MassTransit.Middleware;
using MassTransit.Middleware.Outbox;
using MassTransit.Serialization;
using MassTransit.Transports;
using Micic.Persistence.Data;
using Micic.ServiceDefaults.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using NpgsqlTypes;

namespace Micic.Persistence.Messaging;

/// <summary>
/// Messages of <see cref="Gathered"/> published or sent in one transaction go out as one <see cref="Envelope"/> message,
/// written just before the commit — published, or sent to <see cref="Queue"/> for a command: where a batch makes hundreds
/// of them, their consumers take one delivery instead of hundreds.
/// </summary>
public sealed record OutboxEnvelope(Type Gathered, Type Envelope, Func<IReadOnlyList<object>, object> Wrap, Uri? Queue = null);

/// <summary>
/// The transactional outbox of one unit of work: what is published or sent through it is written to
/// <c>outbox_message</c> in the <see cref="DbSession"/>'s transaction, and relayed to the broker by
/// <see cref="OutboxRelay"/> once that transaction has committed. Each row keeps the headers the relay sends, among them
/// the actor of the unit of work (<see cref="ActorContext"/>): the relay runs later, outside the request that caused it.
/// </summary>
public sealed class TransactionalOutbox(DbSession session, IBus bus, OutboxSignal signal, ActorContext actors, TraceContinuations continuations,
    IServiceProvider provider)
    : OutboxSendContext
{
    /// <summary>The producer's trace context, so that the relay's send continues the same trace.</summary>
    public const string TraceParentHeader = "Micic-Trace-Parent";

    /// <summary>
    /// How many of a unit of work's messages carry its trace on (and only while <see cref="TraceContinuations"/> allows).
    /// An import of thousands of groups, or a batch, would otherwise make one trace of everything that follows — tens of
    /// thousands of spans, which the telemetry pays for and nobody can read. The rest carry the trace unsampled: what
    /// follows them is only counted, in the metrics.
    /// </summary>
    public const int TracedMessagesPerUnitOfWork = 5;

    /// <summary>Trace headers MassTransit writes (<c>MT-Activity-Id</c>) or that other propagators may have.</summary>
    static readonly string[] TraceHeaders =
        [DiagnosticHeaders.ActivityId, DiagnosticHeaders.ActivityCorrelationContext, "Diagnostic-Id", "traceparent", "tracestate"];

    readonly Lock _writing = new();
    readonly Dictionary<Type, OutboxEnvelope> _envelopes = provider.GetServices<OutboxEnvelope>().ToDictionary(envelope => envelope.Gathered);
    Dictionary<OutboxEnvelope, List<object>>? _gathered;
    long _gatheredIn;
    int _traced;
    IPublishEndpoint? _publish;
    ISendEndpointProvider? _send;

    /// <summary>Set while consuming a message, to trace outbox rows back to the message that caused them.</summary>
    internal (Guid MessageId, Guid ConsumerId)? Inbox { get; set; }

    public IPublishEndpoint Publisher => _publish ??= new PublishEndpoint(new OutboxPublishEndpointProvider(this, bus));

    public Task Publish<T>(T message, CancellationToken cancellationToken = default) where T : class =>
        Publisher.Publish(message, cancellationToken);

    /// <summary>Sends commands to a queue through the outbox.</summary>
    public Task<ISendEndpoint> SendEndpoint(Uri address) => (_send ??= new OutboxSendEndpointProvider(this, bus)).GetSendEndpoint(address);

    /// <summary>
    /// Stores an outgoing message in the session's transaction: its row is written with the others just before the
    /// commit (<see cref="DbSession.Defer"/>), so a unit of work that publishes several pays one round trip for them.
    /// </summary>
    public Task AddSend<T>(SendContext<T> context) where T : class
    {
        if (_envelopes.TryGetValue(typeof(T), out var envelope))
        {
            Gather(envelope, context.Message);
            return Task.CompletedTask;
        }
        var row = Row(context);
        lock (_writing) // messages may be published concurrently (Task.WhenAll in a consumer)
        {
            session.Defer(row);
            session.AfterCommit(signal.Wake);
        }
        return Task.CompletedTask;
    }

    public object? GetService(Type serviceType) => provider.GetService(serviceType);

    /// <summary>Keeps a message for its envelope, published with the others of the transaction just before it commits.</summary>
    void Gather(OutboxEnvelope envelope, object message)
    {
        lock (_writing)
        {
            if (_gathered is null || _gatheredIn != session.Transactions)
            {
                (_gathered, _gatheredIn) = ([], session.Transactions);
                session.BeforeCommit(PublishEnvelopes);
            }
            if (!_gathered.TryGetValue(envelope, out var messages))
                _gathered[envelope] = messages = [];
            messages.Add(message);
        }
    }

    async Task PublishEnvelopes(CancellationToken cancellationToken)
    {
        var gathered = _gathered!;
        _gathered = null;
        foreach (var (envelope, messages) in gathered)
            if (envelope.Queue is { } queue)
                await (await SendEndpoint(queue)).Send(envelope.Wrap(messages), envelope.Envelope, cancellationToken);
            else
                await Publisher.Publish(envelope.Wrap(messages), envelope.Envelope, cancellationToken);
    }

    NpgsqlBatchCommand Row<T>(SendContext<T> context) where T : class
    {
        if (context.MessageId is not { } messageId)
            throw new MessageException(typeof(T), "The outbox needs a MessageId");
        // MassTransit's own trace headers name the publishing span; they would travel in the stored headers and in the
        // serialized envelope alike. The relay's send writes them afresh from the trace context below, so that what this
        // unit of work decided (carry the trace on, or not) is what the next hop sees.
        foreach (var header in TraceHeaders)
            context.Headers.Set(header, null);
        if (Activity.Current is { } producer)
            context.Headers.Set(TraceParentHeader, !producer.Recorded
                || (Interlocked.Increment(ref _traced) <= TracedMessagesPerUnitOfWork && continuations.TryContinue())
                ? producer.Id
                : $"00-{producer.TraceId}-{producer.SpanId}-00");
        if (actors.Current is { } actor)
            ActorHeaders.Write(actor, context.Headers);
        var serializer = SystemTextJsonMessageSerializer.Instance;
        var now = DateTime.UtcNow;

        var command = new NpgsqlBatchCommand("""
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
        return command;
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
