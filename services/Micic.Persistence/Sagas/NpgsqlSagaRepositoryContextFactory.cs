using MassTransit;
using MassTransit.Saga;
using Micic.Persistence.Data;

namespace Micic.Persistence.Sagas;

/// <summary>
/// MassTransit's saga repository contract on PostgreSQL. It works inside the transaction the inbox opened for the
/// consumed message, so the saga's new state, the inbox row and the messages the saga produced commit together.
/// Instances are locked on load (<c>FOR UPDATE</c>) and updated on their version, so concurrent messages for one saga
/// are applied one after another and none is lost.
/// </summary>
public sealed class NpgsqlSagaRepositoryContextFactory<TSaga>(
    DbSession session, SagaTable<TSaga> table, ISagaConsumeContextFactory<DbSession, TSaga> factory)
    : ISagaRepositoryContextFactory<TSaga>
    where TSaga : class, IStoredSaga
{
    public Task Send<T>(ConsumeContext<T> context, IPipe<SagaRepositoryContext<TSaga, T>> next) where T : class
    {
        if (!session.InTransaction)
            throw new InvalidOperationException($"{typeof(TSaga).Name} must be consumed through the inbox (UseNpgsqlInbox) so that it shares its transaction.");
        return next.Send(new NpgsqlSagaRepositoryContext<TSaga, T>(session, table, context, factory));
    }

    public Task SendQuery<T>(ConsumeContext<T> context, ISagaQuery<TSaga> query, IPipe<SagaRepositoryQueryContext<TSaga, T>> next)
        where T : class =>
        throw new NotSupportedException($"{typeof(TSaga).Name} events must correlate by CorrelationId; query correlation is not supported.");

    public void Probe(ProbeContext context) => context.Add("persistence", "npgsql");
}
