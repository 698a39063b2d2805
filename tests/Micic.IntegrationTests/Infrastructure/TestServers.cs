using Micic.AppHost;
using Npgsql;

namespace Micic.IntegrationTests.Infrastructure;

/// <summary>
/// Real PostgreSQL and RabbitMQ for the whole test run, started by the AppHost's own server code on free ports with
/// data in a fresh temporary folder, and stopped at the end.
/// </summary>
public sealed class TestServers : IAsyncLifetime
{
    public string Folder { get; } = Path.Combine(Path.GetTempPath(), $"micic-tests-{Guid.NewGuid():N}");
    public PostgresServer Postgres { get; private set; } = null!;
    public RabbitMqServer RabbitMq { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        // As the run command does: a clean machine gets PostgreSQL and RabbitMQ from the OS packages.
        await ServerBinaries.EnsureInstalledAsync(Log("install"));
        Directory.CreateDirectory(Folder);
        Postgres = new PostgresServer(Path.Combine(Folder, "postgres"), FreePort.Pick(0), Log("postgres"));
        RabbitMq = new RabbitMqServer(Path.Combine(Folder, "rabbitmq"), FreePort.Pick(0), Log("rabbitmq"));
        await Task.WhenAll(Postgres.StartAsync(), RabbitMq.StartAsync());
    }

    public async Task DisposeAsync()
    {
        await Task.WhenAll(RabbitMq.StopAsync(), Postgres.StopAsync());
        try { Directory.Delete(Folder, recursive: true); }
        catch (IOException) { /* left for inspection */ }
        catch (UnauthorizedAccessException) { /* owned by the server accounts */ }
    }

    /// <summary>A database of its own for a test class, created empty.</summary>
    public async Task<string> NewDatabase(string prefix)
    {
        var name = $"{prefix}_{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 13, 63)];
        await Postgres.EnsureDatabaseAsync(name);
        return Postgres.ConnectionString(name);
    }

    /// <summary>The server's address without a database, as the AppHost's <c>--postgres</c> takes it.</summary>
    public string PostgresServerAddress
    {
        get
        {
            var builder = new NpgsqlConnectionStringBuilder(Postgres.ConnectionString("postgres"));
            builder.Remove("Database");
            return builder.ConnectionString;
        }
    }

    static Action<string> Log(string name) => line => Console.WriteLine($"[{name}] {line}");
}

/// <summary>One platform, on one pair of servers, for every integration test; the tests run one class at a time.</summary>
[CollectionDefinition(Name)]
public sealed class PlatformCollection : ICollectionFixture<Platform>
{
    public const string Name = "platform";
}
