using System.Text.Json;
using MassTransit;
using MassTransit.Context;
using MassTransit.Saga;
using Micic.Persistence.Data;
using NpgsqlTypes;

namespace Micic.Persistence.Sagas;

sealed class NpgsqlSagaRepositoryContext<TSaga, TMessage> : ConsumeContextScope<TMessage>, SagaRepositoryContext<TSaga, TMessage>
    where TSaga : class, IStoredSaga
    where TMessage : class
{
    readonly DbSession session;
    readonly SagaTable<TSaga> table;
    readonly ConsumeContext<TMessage> context;
    readonly ISagaConsumeContextFactory<DbSession, TSaga> factory;

    public NpgsqlSagaRepositoryContext(DbSession session, SagaTable<TSaga> table, ConsumeContext<TMessage> context,
        ISagaConsumeContextFactory<DbSession, TSaga> factory)
        : base(context)
    {
        this.session = session;
        this.table = table;
        this.context = context;
        this.factory = factory;
    }

    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.General);

    public Task<SagaConsumeContext<TSaga, T>> CreateSagaConsumeContext<T>(ConsumeContext<T> consumeContext, TSaga instance, SagaConsumeContextMode mode)
        where T : class =>
        factory.CreateSagaConsumeContext(session, consumeContext, instance, mode);

    public Task<SagaConsumeContext<TSaga, TMessage>> Add(TSaga instance) =>
        factory.CreateSagaConsumeContext(session, context, instance, SagaConsumeContextMode.Add);

    public async Task<SagaConsumeContext<TSaga, TMessage>> Insert(TSaga instance)
    {
        if (!await InsertRow(instance, onConflictDoNothing: true))
            return default!;
        return await factory.CreateSagaConsumeContext(session, context, instance, SagaConsumeContextMode.Insert);
    }

    public async Task<SagaConsumeContext<TSaga, TMessage>> Load(Guid correlationId)
    {
        await using var command = await session.Command($"SELECT data, version FROM {table.Name} WHERE correlation_id = @id FOR UPDATE", CancellationToken);
        command.Parameters.AddWithValue("id", correlationId);
        await using var reader = await command.ExecuteReaderAsync(CancellationToken);
        if (!await reader.ReadAsync(CancellationToken))
            return default!;
        var instance = JsonSerializer.Deserialize<TSaga>(reader.GetString(0), Json)!;
        instance.Version = reader.GetInt32(1);
        await reader.DisposeAsync();
        return await factory.CreateSagaConsumeContext(session, context, instance, SagaConsumeContextMode.Load);
    }

    /// <summary>Called after <see cref="Add"/>: a second first-event for the same id fails on the key and is retried as a load.</summary>
    public Task Save(SagaConsumeContext<TSaga> sagaContext) => InsertRow(sagaContext.Saga, onConflictDoNothing: false);

    public async Task Update(SagaConsumeContext<TSaga> sagaContext)
    {
        var saga = sagaContext.Saga;
        await using var command = await session.Command($"""
            UPDATE {table.Name} SET current_state = @state, data = @data, version = version + 1, updated_at = now()
            WHERE correlation_id = @id AND version = @version
            """, CancellationToken);
        command.Parameters.AddWithValue("id", saga.CorrelationId);
        command.Parameters.AddWithValue("state", saga.CurrentState);
        command.Parameters.AddWithValue("version", saga.Version);
        command.Parameters.Add(new("data", NpgsqlDbType.Jsonb) { Value = JsonSerializer.Serialize(saga, Json) });
        if (await command.ExecuteNonQueryAsync(CancellationToken) == 0)
            throw new ConcurrencyException("The saga was changed by someone else", typeof(TSaga), saga.CorrelationId);
        saga.Version++;
    }

    public async Task Delete(SagaConsumeContext<TSaga> sagaContext)
    {
        await using var command = await session.Command($"DELETE FROM {table.Name} WHERE correlation_id = @id AND version = @version", CancellationToken);
        command.Parameters.AddWithValue("id", sagaContext.Saga.CorrelationId);
        command.Parameters.AddWithValue("version", sagaContext.Saga.Version);
        if (await command.ExecuteNonQueryAsync(CancellationToken) == 0)
            throw new ConcurrencyException("The saga was changed by someone else", typeof(TSaga), sagaContext.Saga.CorrelationId);
    }

    public Task Discard(SagaConsumeContext<TSaga> sagaContext) => Task.CompletedTask;

    public Task Undo(SagaConsumeContext<TSaga> sagaContext) => Task.CompletedTask;

    async Task<bool> InsertRow(TSaga saga, bool onConflictDoNothing)
    {
        await using var command = await session.Command($"""
            INSERT INTO {table.Name} (correlation_id, current_state, version, data) VALUES (@id, @state, 1, @data)
            {(onConflictDoNothing ? "ON CONFLICT (correlation_id) DO NOTHING" : "")}
            """, CancellationToken);
        command.Parameters.AddWithValue("id", saga.CorrelationId);
        command.Parameters.AddWithValue("state", saga.CurrentState ?? "");
        command.Parameters.Add(new("data", NpgsqlDbType.Jsonb) { Value = JsonSerializer.Serialize(saga, Json) });
        var inserted = await command.ExecuteNonQueryAsync(CancellationToken) == 1;
        if (inserted)
            saga.Version = 1;
        return inserted;
    }
}
