using MassTransit;

namespace Micic.Persistence.Sagas;

/// <summary>A saga kept by <see cref="NpgsqlSagaRepositoryContextFactory{TSaga}"/>: its state is a column, the rest jsonb.</summary>
public interface IStoredSaga : SagaStateMachineInstance, ISagaVersion
{
    string CurrentState { get; set; }
}

/// <summary>The table a saga type lives in: <c>(correlation_id uuid, current_state text, version int, data jsonb, updated_at)</c>.</summary>
public sealed record SagaTable<TSaga>(string Name) where TSaga : class, IStoredSaga;
