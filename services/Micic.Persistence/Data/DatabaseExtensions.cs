using System.Data.Common;
using System.Diagnostics;
using System.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace Micic.Persistence.Data;

public static class DatabaseExtensions
{
    /// <summary>
    /// The service's own PostgreSQL database, from <c>ConnectionStrings:{connectionName}</c> (Aspire's convention): one
    /// <see cref="NpgsqlDataSource"/>, a <see cref="DbSession"/> per request or message, and the shared and service
    /// migrations applied before the service serves.
    /// </summary>
    public static IHostApplicationBuilder AddMicicDatabase(this IHostApplicationBuilder builder, string connectionName, Assembly migrations)
    {
        var connectionString = builder.Configuration.GetConnectionString(connectionName)
            ?? throw new InvalidOperationException($"ConnectionStrings:{connectionName} is not set.");

        var dataSource = new NpgsqlDataSourceBuilder(connectionString) { Name = connectionName };
        // Every unit of work runs the same few dozen statements: prepared once per connection, they skip PostgreSQL's
        // parse and plan; and nothing here leaves session state behind (locks are transaction-scoped, the migrations'
        // one is released explicitly), so a pooled connection need not be reset on every return. Each can be set
        // otherwise in the connection string.
        var given = new DbConnectionStringBuilder { ConnectionString = connectionString };
        if (!given.ContainsKey("Max Auto Prepare"))
            dataSource.ConnectionStringBuilder.MaxAutoPrepare = 64;
        if (!given.ContainsKey("No Reset On Close"))
            dataSource.ConnectionStringBuilder.NoResetOnClose = true;
        // Queries are traced as part of what caused them; the relay's polling and the sweepers' rounds, traced on their
        // own, would bury the requests operators look for under thousands of one-query traces.
        dataSource.ConfigureTracing(tracing => tracing
            .ConfigureCommandFilter(_ => Activity.Current is { Recorded: true })
            .ConfigureBatchFilter(_ => Activity.Current is { Recorded: true }));
        builder.Services.AddSingleton(_ => dataSource.Build());
        builder.Services.AddScoped<DbSession>();

        // "defaults": where these tables were first created, so databases that applied them then do not apply them again.
        builder.Services.AddSingleton(new MigrationSource(typeof(DatabaseExtensions).Assembly, "defaults"));
        builder.Services.AddSingleton(new MigrationSource(migrations, connectionName));
        builder.Services.AddHostedService<MigrationRunner>();

        builder.Services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database", tags: ["ready"]);
        builder.Services.AddExceptionHandler<DatabaseUnavailable>();
        return builder;
    }
}
