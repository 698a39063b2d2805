using Npgsql;

namespace Micic.AppHost.Servers;

/// <summary>A database a service owns on the platform's PostgreSQL.</summary>
sealed record DatabaseAnnotation(string Name) : IResourceAnnotation;

/// <summary>One database per service, on the platform's server, created before the service starts.</summary>
public static class Databases
{
    /// <summary>
    /// Gives the service <c>ConnectionStrings:{connectionName}</c> (Aspire's convention) for its own database, and waits
    /// for the server when the AppHost runs it.
    /// </summary>
    public static IResourceBuilder<T> WithDatabase<T>(this IResourceBuilder<T> service, IResourceBuilder<IResourceWithConnectionString> server,
        string connectionName, string database) where T : IResourceWithEnvironment, IResourceWithWaitSupport
    {
        server.WithAnnotation(new DatabaseAnnotation(database));
        return service
            .WithEnvironment($"ConnectionStrings__{connectionName}", ReferenceExpression.Create($"{server.Resource.ConnectionStringExpression};Database={database}"))
            .WaitForServer(server);
    }

    /// <summary>
    /// The server's connection string (<c>ConnectionStrings:{name}</c>), once the server is up. A RabbitMQ cluster this AppHost runs is reached through all its nodes, its queues as quorum queues.
    /// </summary>
    public static IResourceBuilder<T> WithServer<T>(this IResourceBuilder<T> service, IResourceBuilder<IResourceWithConnectionString> server)
        where T : IResourceWithEnvironment, IResourceWithWaitSupport =>
        server.Resource.TryGetLastAnnotation<RabbitMqClusterAnnotation>(out _)
            ? service.WithReference(server).WaitForServer(server).WithEnvironment("Messaging__QuorumQueues", "true")
            : service.WithReference(server).WaitForServer(server);

    /// <summary>A server this AppHost runs is waited for (every node of a cluster); one given by connection string is expected to be up already.</summary>
    static IResourceBuilder<T> WaitForServer<T>(this IResourceBuilder<T> service, IResourceBuilder<IResourceWithConnectionString> server)
        where T : IResourceWithWaitSupport
    {
        if (server.Resource is ExecutableResource)
            return service.WaitFor(server);
        if (server.Resource.TryGetLastAnnotation<RabbitMqClusterAnnotation>(out var cluster))
            foreach (var node in cluster.Nodes)
                service.WaitFor(server.ApplicationBuilder.CreateResourceBuilder(node));
        return service;
    }

    /// <summary>Creates the databases the services asked for that do not exist yet.</summary>
    public static async Task CreateAsync(IResource server, string connectionString, CancellationToken cancellationToken)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { Database = "postgres", Pooling = false };
        try
        {
            await using var connection = new NpgsqlConnection(builder.ConnectionString);
            await connection.OpenAsync(cancellationToken);
            foreach (var database in server.Annotations.OfType<DatabaseAnnotation>().Select(annotation => annotation.Name).Distinct())
            {
                await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", connection) { Parameters = { new() { Value = database } } };
                if (await exists.ExecuteScalarAsync(cancellationToken) is null)
                {
                    await using var create = new NpgsqlCommand($"CREATE DATABASE \"{database.Replace("\"", "\"\"")}\"", connection);
                    await create.ExecuteNonQueryAsync(cancellationToken);
                }
            }
        }
        catch (NpgsqlException e)
        {
            throw new LaunchException($"Could not create the databases on PostgreSQL at {builder.Host}:{builder.Port}: {e.Message}");
        }
    }
}
