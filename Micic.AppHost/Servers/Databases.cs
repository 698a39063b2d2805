using Npgsql;

namespace Micic.AppHost.Servers;

/// <summary>A database a service owns on the platform's PostgreSQL, and the service's role that owns it.</summary>
sealed record DatabaseAnnotation(string Name, ServiceAccount Owner) : IResourceAnnotation;

/// <summary>One database per service, on the platform's server, created before the service starts.</summary>
public static class Databases
{
    /// <summary>
    /// Gives the service <c>ConnectionStrings:{connectionName}</c> (Aspire's convention) for its own database, as its own
    /// role (named like the database), and waits for the server when the AppHost runs it.
    /// </summary>
    public static IResourceBuilder<T> WithDatabase<T>(this IResourceBuilder<T> service, IResourceBuilder<IResourceWithConnectionString> server,
        string connectionName, string database) where T : IResourceWithEnvironment, IResourceWithWaitSupport
    {
        var accounts = server.Resource.ServiceAccounts();
        var owner = accounts.Get(database);
        server.WithAnnotation(new DatabaseAnnotation(database, owner));
        return service
            .WithEnvironment($"ConnectionStrings__{connectionName}", ReferenceExpression.Create($"{accounts.Address(owner)};Database={database}"))
            .WaitForServer(server);
    }

    /// <summary>
    /// The server's connection string (<c>ConnectionStrings:{name}</c>), once the server is up. A RabbitMQ cluster this AppHost runs is reached through all its nodes, its queues as quorum queues.
    /// </summary>
    public static IResourceBuilder<T> WithServer<T>(this IResourceBuilder<T> service, IResourceBuilder<IResourceWithConnectionString> server)
        where T : IResourceWithEnvironment, IResourceWithWaitSupport =>
        service.WithReference(server).WithServerSettings(server);

    /// <summary>The same, said with the service's own account on the server (<paramref name="account"/>), not the administrator's.</summary>
    public static IResourceBuilder<T> WithServer<T>(this IResourceBuilder<T> service, IResourceBuilder<IResourceWithConnectionString> server, string account)
        where T : IResourceWithEnvironment, IResourceWithWaitSupport
    {
        var accounts = server.Resource.ServiceAccounts();
        return service.WithEnvironment($"ConnectionStrings__{server.Resource.Name}", accounts.Address(accounts.Get(account)))
            .WithReferenceRelationship(server.Resource)
            .WithServerSettings(server);
    }

    static IResourceBuilder<T> WithServerSettings<T>(this IResourceBuilder<T> service, IResourceBuilder<IResourceWithConnectionString> server)
        where T : IResourceWithEnvironment, IResourceWithWaitSupport =>
        server.Resource.TryGetLastAnnotation<RabbitMqClusterAnnotation>(out _)
            ? service.WaitForServer(server).WithEnvironment("Messaging__QuorumQueues", "true")
            : service.WaitForServer(server);

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

    /// <summary>
    /// Creates the databases the services asked for that do not exist yet, each owned by its service's role and closed to
    /// every other role. On a server this AppHost runs it also creates the roles (<see cref="DatabaseGrants"/>), and gives
    /// each role the database, and what is in it, that the superuser created before services had roles of their own; an
    /// existing server's roles, and its databases already there, are its operator's.
    /// </summary>
    public static async Task CreateAsync(IResource server, string connectionString, CancellationToken cancellationToken)
    {
        var databases = server.Annotations.OfType<DatabaseAnnotation>().Distinct().ToList();
        if (databases.Count == 0)
            return;
        var ours = server.ServiceAccounts().Created;
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { Database = "postgres", Pooling = false };
        try
        {
            await using var connection = new NpgsqlConnection(builder.ConnectionString);
            await connection.OpenAsync(cancellationToken);
            foreach (var (database, owner) in databases)
            {
                if (ours)
                    await Execute(connection, DatabaseGrants.Role(owner, await Exists(connection, "SELECT 1 FROM pg_roles WHERE rolname = $1", owner.User, cancellationToken)), cancellationToken);
                var existed = await Exists(connection, "SELECT 1 FROM pg_database WHERE datname = $1", database, cancellationToken);
                if (existed && !ours)
                    continue;
                await Execute(connection, existed ? DatabaseGrants.GiveDatabase(database, owner.User) : DatabaseGrants.CreateDatabase(database, owner.User), cancellationToken);
                await Execute(connection, DatabaseGrants.CloseToOthers(database), cancellationToken);

                await using var inside = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(builder.ConnectionString) { Database = database }.ConnectionString);
                await inside.OpenAsync(cancellationToken);
                foreach (var statement in DatabaseGrants.InDatabase(owner.User, earlierObjects: existed))
                    await Execute(inside, statement, cancellationToken);
            }
            // A service's role has no business in the server's own databases either.
            if (ours)
                foreach (var database in new[] { "postgres", "template1" })
                    await Execute(connection, DatabaseGrants.CloseToOthers(database), cancellationToken);
        }
        catch (NpgsqlException e)
        {
            throw new LaunchException($"Could not create the services' databases and roles on PostgreSQL at {builder.Host}:{builder.Port}: {e.Message}");
        }
    }

    static async Task<bool> Exists(NpgsqlConnection connection, string sql, string name, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection) { Parameters = { new() { Value = name } } };
        return await command.ExecuteScalarAsync(cancellationToken) is not null;
    }

    static async Task Execute(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
