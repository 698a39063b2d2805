using Npgsql;

namespace Micic.IntegrationTests.Infrastructure;

/// <summary>
/// The platform's own PostgreSQL and RabbitMQ (started by the AppHost), for tests that work below the API: as their
/// superuser and administrator, who reach every service's database and queue, not as a service.
/// </summary>
public sealed class TestServers(string postgres, string rabbitMq, string folder)
{
    /// <summary>A folder of this test run's, removed at the end.</summary>
    public string Folder => folder;

    public ServerAddress RabbitMq { get; } = new(rabbitMq);

    public string ConnectionString(string database) => new NpgsqlConnectionStringBuilder(postgres) { Database = database }.ConnectionString;

    /// <summary>A database of its own for a test class, created empty.</summary>
    public async Task<string> NewDatabase(string prefix)
    {
        var name = $"{prefix}_{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 13, 63)];
        await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        await connection.OpenAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await create.ExecuteNonQueryAsync();
        return ConnectionString(name);
    }
}

public sealed record ServerAddress(string ConnectionString);

/// <summary>One platform, on one set of servers, for every integration test; the tests run one class at a time.</summary>
[CollectionDefinition(Name)]
public sealed class PlatformCollection : ICollectionFixture<Platform>
{
    public const string Name = "platform";
}
