using MassTransit;
using MassTransit.Middleware;
using Micic.ServiceDefaults.Telemetry;
using Micic.Persistence.Data;
using Npgsql;

namespace Micic.Persistence.Messaging;

/// <summary>
/// MassTransit's outbox middleware backed by our tables: each consumed message runs in one <see cref="DbSession"/>
/// transaction that records <c>(message id, consumer)</c> in the inbox, applies the consumer's (or saga's) effect, and
/// writes the messages it produces to the outbox. A redelivery finds the inbox row and has no second effect.
/// Produced messages are relayed by <see cref="OutboxRelay"/>, so from the middleware's view they are delivered at commit.
/// The consumer acts for the actor the message names (<see cref="ActorContext"/>), and so do the messages it produces.
/// </summary>
public sealed class NpgsqlInboxContextFactory(DbSession session, TransactionalOutbox outbox, ActorContext actors, IServiceProvider provider)
    : IOutboxContextFactory<DbSession>
{
    public async Task Send<T>(ConsumeContext<T> context, OutboxConsumeOptions options, IPipe<OutboxConsumeContext<T>> next)
        where T : class
    {
        var messageId = context.GetOriginalMessageId() ?? throw new MessageException(typeof(T), "A MessageId is required by the inbox");
        actors.Consuming(ActorHeaders.Read(context.Headers));

        // MassTransit's outbox protocol: the first pass consumes and commits; the next only acknowledges, with nothing to write.
        InboxEntry? inbox = null;
        var continueProcessing = true;
        while (continueProcessing)
        {
            if (inbox is { Consumed: true })
            {
                var acknowledgeContext = new NpgsqlInboxConsumeContext<T>(context, options, provider, session, outbox, inbox);
                await next.Send(acknowledgeContext);
                continueProcessing = acknowledgeContext.ContinueProcessing;
                continue;
            }

            await session.BeginAsync(context.CancellationToken);
            try
            {
                inbox = await InboxEntry.Claim(session, messageId, options.ConsumerId, context.CancellationToken);
                outbox.Inbox = (messageId, options.ConsumerId);

                var inboxContext = new NpgsqlInboxConsumeContext<T>(context, options, provider, session, outbox, inbox);
                await next.Send(inboxContext);

                await session.CommitAsync(context.CancellationToken);
                continueProcessing = inboxContext.ContinueProcessing;
            }
            catch
            {
                await session.RollbackAsync();
                throw;
            }
            finally
            {
                outbox.Inbox = null;
            }
        }
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("outboxContextFactory").Add("provider", "npgsql");
}

/// <summary>The inbox row of one (message, consumer), locked for the duration of the transaction.</summary>
sealed class InboxEntry
{
    public required Guid MessageId { get; init; }
    public required Guid ConsumerId { get; init; }
    public required int ReceiveCount { get; init; }
    public bool Consumed { get; set; }

    /// <summary>Inserts the row or, for a redelivery, locks and counts it: concurrent redeliveries wait for each other.</summary>
    public static async Task<InboxEntry> Claim(DbSession session, Guid messageId, Guid consumerId, CancellationToken cancellationToken)
    {
        await using var command = await session.Command("""
            INSERT INTO inbox_state (message_id, consumer_id) VALUES (@message_id, @consumer_id)
            ON CONFLICT (message_id, consumer_id) DO UPDATE SET receive_count = inbox_state.receive_count + 1
            RETURNING receive_count, consumed IS NOT NULL
            """, cancellationToken);
        command.Parameters.AddWithValue("message_id", messageId);
        command.Parameters.AddWithValue("consumer_id", consumerId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var entry = new InboxEntry { MessageId = messageId, ConsumerId = consumerId, ReceiveCount = reader.GetInt32(0), Consumed = reader.GetBoolean(1) };
        if (entry.Consumed)
            MicicTelemetry.InboxDuplicates.Add(1);
        return entry;
    }

    /// <summary>Written with the transaction's other deferred writes, just before the commit.</summary>
    public void MarkConsumed(DbSession session)
    {
        session.Defer(new NpgsqlBatchCommand("UPDATE inbox_state SET consumed = now() WHERE message_id = @message_id AND consumer_id = @consumer_id")
        {
            Parameters = { new NpgsqlParameter<Guid>("message_id", MessageId), new NpgsqlParameter<Guid>("consumer_id", ConsumerId) },
        });
        Consumed = true;
    }
}
