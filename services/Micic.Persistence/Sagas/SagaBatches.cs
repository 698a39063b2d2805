using System.Text.Json;
using MassTransit;
using MassTransit.Middleware;
using MassTransit.Saga;
using Micic.Persistence.Data;
using Micic.Persistence.Messaging;
using NpgsqlTypes;

namespace Micic.Persistence.Sagas;

/// <summary>
/// Takes a saga state machine's events in batches: one unit of work per batch, in which one <c>SELECT … FOR UPDATE</c>
/// loads every saga the batch names (in id order, so two batches never wait on each other), the state machine decides
/// each event in turn exactly as it would alone — through MassTransit's own filter, with the sender's actor — and the
/// sagas it created or changed are written in one statement each, with the inbox claims and the outbox rows of what it
/// published or sent. A batch of 500 costs a few statements, not 500 transactions. An event for a saga that does not
/// exist is dropped unless the machine starts sagas with it. If any event fails, the whole batch is retried, then goes
/// to the <c>_error</c> queue, as a batch consumer's does.
/// </summary>
public sealed class SagaBatches<TSaga>(DbSession session, SagaTable<TSaga> table, InboxBatch inbox, TransactionalOutbox outbox, ActorContext actors,
    IServiceProvider provider)
    where TSaga : class, IStoredSaga, new()
{
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.General);
    static readonly SagaConsumeContextFactory<DbSession, TSaga> Contexts = new();

    /// <summary>Consumes a batch of the machine's events, each message claimed in the inbox under <typeparamref name="TConsumer"/>.</summary>
    public Task Consume<TConsumer, TMessage>(SagaStateMachine<TSaga> machine, ConsumeContext<Batch<TMessage>> batch)
        where TMessage : class =>
        inbox.Consume<TConsumer, TMessage>(batch.Message, (fresh, cancellationToken) => Apply(machine, fresh, cancellationToken), batch.CancellationToken);

    /// <summary>
    /// Applies events to the sagas they name, in the caller's unit of work: a batch consumed, or events a use case raises
    /// for many sagas at once, each on a <see cref="MassTransit.Context.MessageConsumeContext{TMessage}"/> of the message it is handling.
    /// </summary>
    public async Task Apply<TMessage>(SagaStateMachine<TSaga> machine, IReadOnlyList<ConsumeContext<TMessage>> events, CancellationToken cancellationToken)
        where TMessage : class
    {
        var correlation = machine.Correlations.OfType<EventCorrelation<TSaga, TMessage>>().Single();
        var startsSaga = ((State<TSaga>)machine.Initial).Events.Contains(correlation.Event);
        var decide = new StateMachineSagaMessageFilter<TSaga, TMessage>(machine, correlation.Event);
        var options = new OutboxConsumeOptions { ConsumerId = InboxBatch.ConsumerIdOf<SagaBatches<TSaga>>(), ConsumerType = typeof(TSaga).Name };

        var correlated = new List<(Guid SagaId, ConsumeContext<TMessage> Context)>();
        foreach (var context in events)
            correlated.Add((await CorrelationIdOf(correlation, context), context));
        var sagas = await Load(correlated.Select(e => e.SagaId).Distinct().Order().ToArray(), cancellationToken);
        var created = new HashSet<Guid>();
        var completed = new HashSet<Guid>();
        var actor = actors.Current;

        foreach (var (sagaId, context) in correlated)
        {
            if (!sagas.TryGetValue(sagaId, out var saga))
            {
                if (!startsSaga)
                    continue;
                sagas[sagaId] = saga = new TSaga { CorrelationId = sagaId };
                created.Add(sagaId);
            }
            actors.Consuming(ActorHeaders.Read(context.Headers));
            // The machine's activities are resolved from this unit of work's services, as they would be for the message alone.
            context.AddOrUpdatePayload(() => provider, _ => provider);
            var entry = new InboxEntry { MessageId = context.GetOriginalMessageId() ?? Guid.Empty, ConsumerId = options.ConsumerId, ReceiveCount = 1 };
            var outboxContext = new NpgsqlInboxConsumeContext<TMessage>(context, options, provider, session, outbox, entry);
            var sagaContext = await Contexts.CreateSagaConsumeContext(session, outboxContext, saga,
                created.Contains(sagaId) ? SagaConsumeContextMode.Add : SagaConsumeContextMode.Load);
            await decide.Send(sagaContext, Pipe.Empty<SagaConsumeContext<TSaga, TMessage>>());
            if (sagaContext.IsCompleted)
                completed.Add(sagaId);
        }
        actors.Consuming(actor);

        await Save(sagas.Values.Where(saga => !completed.Contains(saga.CorrelationId)).ToList(), created, cancellationToken);
        await Delete(sagas.Values.Where(saga => completed.Contains(saga.CorrelationId) && !created.Contains(saga.CorrelationId)).ToList(), cancellationToken);
    }

    static async Task<Guid> CorrelationIdOf<TMessage>(EventCorrelation<TSaga, TMessage> correlation, ConsumeContext<TMessage> context)
        where TMessage : class
    {
        var id = Guid.Empty;
        await correlation.MessageFilter.Send(context, Pipe.Execute<ConsumeContext<TMessage>>(correlated => id = correlated.CorrelationId ?? Guid.Empty));
        return id;
    }

    async Task<Dictionary<Guid, TSaga>> Load(Guid[] ids, CancellationToken cancellationToken)
    {
        await using var command = await session.Command(
            $"SELECT data, version FROM {table.Name} WHERE correlation_id = ANY(@ids) ORDER BY correlation_id FOR UPDATE", cancellationToken);
        command.Parameters.AddWithValue("ids", ids);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var sagas = new Dictionary<Guid, TSaga>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var saga = JsonSerializer.Deserialize<TSaga>(reader.GetString(0), Json)!;
            saga.Version = reader.GetInt32(1);
            sagas.Add(saga.CorrelationId, saga);
        }
        return sagas;
    }

    /// <summary>
    /// Inserts the sagas the batch created and updates, on their versions, those it loaded. A saga created meanwhile by
    /// another batch fails the insert on its key, and one changed meanwhile fails the version check: either way the batch
    /// rolls back and is taken again.
    /// </summary>
    async Task Save(IReadOnlyList<TSaga> sagas, HashSet<Guid> created, CancellationToken cancellationToken)
    {
        var inserted = sagas.Where(saga => created.Contains(saga.CorrelationId)).ToList();
        var updated = sagas.Where(saga => !created.Contains(saga.CorrelationId)).ToList();
        if (inserted.Count > 0)
        {
            await using var insert = await session.Command($"""
                INSERT INTO {table.Name} (correlation_id, current_state, version, data)
                SELECT id, state, 1, data FROM unnest(@ids, @states, @data) AS s(id, state, data)
                """, cancellationToken);
            insert.Parameters.AddWithValue("ids", inserted.Select(saga => saga.CorrelationId).ToArray());
            insert.Parameters.AddWithValue("states", inserted.Select(saga => saga.CurrentState ?? "").ToArray());
            insert.Parameters.Add(new("data", NpgsqlDbType.Array | NpgsqlDbType.Jsonb) { Value = inserted.Select(saga => JsonSerializer.Serialize(saga, Json)).ToArray() });
            await insert.ExecuteNonQueryAsync(cancellationToken);
            foreach (var saga in inserted)
                saga.Version = 1;
        }
        if (updated.Count > 0)
        {
            await using var update = await session.Command($"""
                UPDATE {table.Name} t SET current_state = s.state, data = s.data, version = t.version + 1, updated_at = now()
                FROM unnest(@ids, @states, @data, @versions) AS s(id, state, data, version)
                WHERE t.correlation_id = s.id AND t.version = s.version
                """, cancellationToken);
            update.Parameters.AddWithValue("ids", updated.Select(saga => saga.CorrelationId).ToArray());
            update.Parameters.AddWithValue("states", updated.Select(saga => saga.CurrentState).ToArray());
            update.Parameters.Add(new("data", NpgsqlDbType.Array | NpgsqlDbType.Jsonb) { Value = updated.Select(saga => JsonSerializer.Serialize(saga, Json)).ToArray() });
            update.Parameters.AddWithValue("versions", updated.Select(saga => saga.Version).ToArray());
            if (await update.ExecuteNonQueryAsync(cancellationToken) != updated.Count)
                throw new ConcurrencyException("A saga of the batch was changed by someone else", typeof(TSaga), updated[0].CorrelationId);
            foreach (var saga in updated)
                saga.Version++;
        }
    }

    async Task Delete(IReadOnlyList<TSaga> sagas, CancellationToken cancellationToken)
    {
        if (sagas.Count == 0)
            return;
        await using var delete = await session.Command($"DELETE FROM {table.Name} WHERE correlation_id = ANY(@ids)", cancellationToken);
        delete.Parameters.AddWithValue("ids", sagas.Select(saga => saga.CorrelationId).ToArray());
        await delete.ExecuteNonQueryAsync(cancellationToken);
    }
}
