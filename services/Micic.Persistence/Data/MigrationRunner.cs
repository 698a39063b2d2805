using System.Reflection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Micic.Persistence.Data;

/// <summary>
/// Applies the embedded <c>Data/Migrations/*.sql</c> files of the shared defaults and of the service, in name order,
/// once each, under an advisory lock so that several instances starting together apply them once.
/// Runs as a hosted service so the service does not serve before its schema exists.
/// </summary>
public sealed class MigrationRunner(NpgsqlDataSource dataSource, IEnumerable<MigrationSource> sources, ILogger<MigrationRunner> logger)
    : IHostedService
{
    const long AdvisoryLockKey = 0x4D49_4349_4300; // "MICIC"

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await Execute(connection, "SELECT pg_advisory_lock(@key)", cancellationToken, ("key", AdvisoryLockKey));
        try
        {
            await Execute(connection, """
                CREATE TABLE IF NOT EXISTS schema_migration (
                    id text PRIMARY KEY,
                    applied_at timestamptz NOT NULL DEFAULT now())
                """, cancellationToken);

            foreach (var (id, sql) in sources.SelectMany(source => source.Scripts()))
            {
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                await using var check = new NpgsqlCommand("INSERT INTO schema_migration (id) VALUES (@id) ON CONFLICT DO NOTHING", connection, transaction);
                check.Parameters.AddWithValue("id", id);
                if (await check.ExecuteNonQueryAsync(cancellationToken) == 0)
                    continue;

                await using var apply = new NpgsqlCommand(sql, connection, transaction);
                await apply.ExecuteNonQueryAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                logger.LogInformation("Applied migration {Migration}", id);
            }
        }
        finally
        {
            await Execute(connection, "SELECT pg_advisory_unlock(@key)", CancellationToken.None, ("key", AdvisoryLockKey));
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    static async Task Execute(NpgsqlConnection connection, string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
            command.Parameters.AddWithValue(name, value);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}

/// <summary>The SQL migrations embedded in one assembly, identified as <c>{prefix}/{file}</c>.</summary>
public sealed record MigrationSource(Assembly Assembly, string Prefix)
{
    public IEnumerable<(string Id, string Sql)> Scripts()
    {
        const string marker = ".Data.Migrations.";
        foreach (var resource in Assembly.GetManifestResourceNames().Where(name => name.Contains(marker) && name.EndsWith(".sql")).Order(StringComparer.Ordinal))
        {
            using var stream = Assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            var file = resource[(resource.IndexOf(marker, StringComparison.Ordinal) + marker.Length)..];
            yield return ($"{Prefix}/{file}", reader.ReadToEnd());
        }
    }
}
