using System.Security.Cryptography;
using Npgsql;

namespace Micic.AppHost.Servers;

/// <summary>
/// PostgreSQL from the OS packages as an Aspire executable: its cluster, password and socket under one folder of the
/// data folder, listening on 127.0.0.1 only, on a port Aspire allocates.
/// </summary>
public sealed class PostgresServerResource(string name, string command, string workingDirectory, string password)
    : ExecutableResource(name, command, workingDirectory), IResourceWithConnectionString
{
    public const string Superuser = "micic";

    public EndpointReference Endpoint => new(this, "tcp");

    /// <summary>The superuser's: the AppHost's and an operator's, never a service's.</summary>
    public ReferenceExpression ConnectionStringExpression => ConnectionStringFor(new ServiceAccount(Superuser, password));

    public ReferenceExpression ConnectionStringFor(ServiceAccount account) => ReferenceExpression.Create(
        $"Host={Endpoint.Property(EndpointProperty.IPV4Host)};Port={Endpoint.Property(EndpointProperty.Port)};{PostgresServerExtensions.Credentials(account)}");
}

public static class PostgresServerExtensions
{
    /// <summary>
    /// The platform's PostgreSQL: the server at <paramref name="existing"/> (a connection string without a database), or
    /// a local one. Either way the services' databases (<see cref="Databases.WithDatabase"/>) are created before they start,
    /// and each service connects as its own role: one the local server creates, one the operator of an existing server has.
    /// </summary>
    public static IResourceBuilder<IResourceWithConnectionString> AddPostgres(this IDistributedApplicationBuilder builder, string name,
        string? existing, PlatformFolders folders)
    {
        var server = builder.ExistingOrLocal(name, existing, () => builder.AddLocalPostgres(name, folders.ServerData("postgres")));
        if (server.Resource is PostgresServerResource local)
            return server.WithServiceAccounts(folders, created: true, local.ConnectionStringFor);
        server.WithServiceAccounts(folders, created: false, account => ReferenceExpression.Create($"{WithCredentials(existing!, account)}"));
        builder.Eventing.Subscribe<BeforeStartEvent>((_, ct) => Databases.CreateAsync(server.Resource, existing!, ct));
        return server;
    }

    /// <summary>An Npgsql connection string's server and settings, with another account's credentials and no database.</summary>
    public static string WithCredentials(string connectionString, ServiceAccount account)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { Username = account.User, Password = account.Password };
        builder.Remove("Database");
        return builder.ConnectionString;
    }

    internal static string Credentials(ServiceAccount account) =>
        new NpgsqlConnectionStringBuilder { Username = account.User, Password = account.Password }.ConnectionString;

    public static IResourceBuilder<PostgresServerResource> AddLocalPostgres(this IDistributedApplicationBuilder builder, string name, string data)
    {
        var cluster = Path.Combine(data, "cluster");
        var password = PrepareCluster(data, cluster);
        // Debian's postgres turns the SIGTERM it gets at shutdown into a "smart" shutdown that waits for every client;
        // this wrapper asks for a "fast" one instead (clients are cut off, committed data is kept).
        var (program, arguments) = Posix.AsServerAccount("postgres", ServerPackages.Postgres("postgres"));
        string[] fastShutdown =
        [
            "-c", "\"$@\" & server=$!; trap 'kill -INT $server' TERM INT; while kill -0 $server 2>/dev/null; do wait $server; status=$?; done; exit $status",
            "postgres", program, .. arguments,
        ];

        var resource = new PostgresServerResource(name, "bash", data, password);
        return builder.AddResource(resource)
            .WithEndpoint(name: "tcp", scheme: "tcp", isProxied: false)
            .WithArgs(fastShutdown)
            .WithArgs(context =>
            {
                context.Args.Add("-D");
                context.Args.Add(cluster);
                context.Args.Add("-c");
                context.Args.Add(ReferenceExpression.Create($"port={resource.Endpoint.Property(EndpointProperty.TargetPort)}"));
                foreach (var setting in new[] { "listen_addresses=127.0.0.1", $"unix_socket_directories={data}", "max_connections=300" })
                {
                    context.Args.Add("-c");
                    context.Args.Add(setting);
                }
            })
            .WithReadinessProbe(Answers)
            .OnResourceReady(async (server, _, ct) => await Databases.CreateAsync(server, (await server.ConnectionStringExpression.GetValueAsync(ct))!, ct));
    }

    /// <summary>Creates the cluster on the first run (its superuser password kept beside it); returns the password.</summary>
    static string PrepareCluster(string data, string cluster)
    {
        Directory.CreateDirectory(data);
        var passwordFile = Path.Combine(data, "superuser-password");
        if (!File.Exists(passwordFile))
            Posix.WritePrivateFile(passwordFile, Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant());
        Posix.HandOver("postgres", data);
        if (!File.Exists(Path.Combine(cluster, "PG_VERSION")))
        {
            var (program, arguments) = Posix.AsServerAccount("postgres", ServerPackages.Postgres("initdb"),
                "-D", cluster, "-U", PostgresServerResource.Superuser, $"--pwfile={passwordFile}", "--auth=scram-sha-256", "--encoding=UTF8", "--no-locale");
            Command.Run(program, arguments).ThrowIfFailed("initdb");
        }
        return File.ReadAllText(passwordFile).Trim();
    }

    static async Task<bool> Answers(string server, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server) { Database = "postgres", Pooling = false }.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("SELECT 1", connection);
        return await command.ExecuteScalarAsync(cancellationToken) is 1;
    }
}
