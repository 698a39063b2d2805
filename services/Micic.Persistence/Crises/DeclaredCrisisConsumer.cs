using MassTransit;
using Micic.Contracts;
using Micic.Persistence.Data;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Micic.Persistence.Crises;

/// <summary>Writes a declared crisis to this service's <c>declared_crisis</c> table, in the unit of work of its caller.</summary>
public sealed class DeclaredCrisisStore(DbSession session)
{
    public async Task Learn(CrisisDeclared declared, CancellationToken cancellationToken)
    {
        await using var command = await session.Command("""
            INSERT INTO declared_crisis (id, name, country, declared_at) VALUES (@id, @name, @country, @at) ON CONFLICT (id) DO NOTHING
            """, cancellationToken);
        command.Parameters.AddWithValue("id", declared.CrisisId);
        command.Parameters.AddWithValue("name", declared.Name);
        command.Parameters.AddWithValue("country", declared.Country);
        command.Parameters.AddWithValue("at", declared.At);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}

/// <summary>Each service that checks crisis ids learns the declared ones (<see cref="CrisisCatalogue"/>).</summary>
public sealed class DeclaredCrisisConsumer(DeclaredCrisisStore store) : IConsumer<CrisisDeclared>
{
    public Task Consume(ConsumeContext<CrisisDeclared> context) => store.Learn(context.Message, context.CancellationToken);
}

public static class CrisisCatalogueExtensions
{
    /// <summary>The <see cref="CrisisCatalogue"/>, kept up to date by the service's own <see cref="DeclaredCrisisConsumer"/>.</summary>
    public static IBusRegistrationConfigurator AddCrisisCatalogue(this IBusRegistrationConfigurator bus)
    {
        bus.TryAddSingleton<CrisisCatalogue>();
        bus.TryAddScoped<DeclaredCrisisStore>();
        bus.AddConsumer<DeclaredCrisisConsumer>();
        return bus;
    }
}
