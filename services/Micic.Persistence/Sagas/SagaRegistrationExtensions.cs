using MassTransit;
using MassTransit.Configuration;
using MassTransit.Saga;
using Micic.Persistence.Data;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Micic.Persistence.Sagas;

public static class SagaRegistrationExtensions
{
    /// <summary>Keeps the saga in <paramref name="table"/> and takes its events in batches (<see cref="SagaBatches{TSaga}"/>).</summary>
    public static IServiceCollection AddSagaBatches<TSaga>(this IServiceCollection services, string table)
        where TSaga : class, IStoredSaga, new()
    {
        services.TryAddSingleton(new SagaTable<TSaga>(table));
        services.AddScoped<SagaBatches<TSaga>>();
        return services;
    }

    /// <summary>Keeps the saga in PostgreSQL, in <paramref name="table"/> (created by the service's migrations).</summary>
    public static ISagaRegistrationConfigurator<TSaga> NpgsqlRepository<TSaga>(this ISagaRegistrationConfigurator<TSaga> configurator, string table)
        where TSaga : class, IStoredSaga
    {
        configurator.Repository(services =>
        {
            services.TryAddSingleton(new SagaTable<TSaga>(table));
            services.RegisterSagaRepository<TSaga, DbSession, SagaConsumeContextFactory<DbSession, TSaga>, NpgsqlSagaRepositoryContextFactory<TSaga>>();
        });
        return configurator;
    }
}
