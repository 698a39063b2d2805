using Npgsql;

namespace Micic.AppHost;

/// <summary>Creates the per-service databases, on our own server or on an external one.</summary>
public static class PostgresDatabases
{
    /// <summary>Creates <paramref name="database"/> unless it exists, connecting through the server's maintenance database.</summary>
    /// <param name="serverConnectionString">Any Npgsql connection string for the server; its Database is replaced by "postgres".</param>
    public static async Task EnsureAsync(string serverConnectionString, string database, CancellationToken ct = default)
    {
        var builder = new NpgsqlConnectionStringBuilder(serverConnectionString) { Database = "postgres", Pooling = false };
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync(ct);

        await using var exists = new NpgsqlCommand("select 1 from pg_database where datname = $1", connection);
        exists.Parameters.AddWithValue(database);
        if (await exists.ExecuteScalarAsync(ct) is not null)
        {
            return;
        }
        try
        {
            await using var create = new NpgsqlCommand($"create database {QuoteIdentifier(database)}", connection);
            await create.ExecuteNonQueryAsync(ct);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.DuplicateDatabase)
        {
            // Another launcher or test created it between our check and our create: that is the goal anyway.
        }
    }

    /// <summary>The connection string a service uses: the server's, pointed at its own database.</summary>
    public static string ForDatabase(string serverConnectionString, string database) =>
        new NpgsqlConnectionStringBuilder(serverConnectionString) { Database = database }.ConnectionString;

    private static string QuoteIdentifier(string name) => "\"" + name.Replace("\"", "\"\"") + "\"";
}
