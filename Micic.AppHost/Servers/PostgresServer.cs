using System.Security.Cryptography;
using Npgsql;

namespace Micic.AppHost.Servers;

/// <summary>
/// PostgreSQL from the OS packages as an Aspire executable: its cluster, password and socket under one folder of the
/// data folder, listening on 127.0.0.1 only, on a port fixed for the AppHost's run. Started again when it dies.
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

        // Fixed for the AppHost's run: a server started again (after a crash, or from the dashboard) is where clients look for it.
        var port = LoopbackPorts.Free();
        var resource = new PostgresServerResource(name, "bash", data, password);
        return builder.AddResource(resource)
            .WithEndpoint(port: port, targetPort: port, name: "tcp", scheme: "tcp", isProxied: false)
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
            .OnBeforeResourceStarted((_, _, ct) => EndOrphans(cluster, ct))
            .WithReadinessProbe(Answers)
            // Committed transactions come back from the WAL; what was in flight is rolled back and its clients try again.
            .RestartedWhenItCrashes()
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

    /// <summary>
    /// A postmaster killed outright (SIGKILL, the out-of-memory killer) leaves its server processes behind for a moment,
    /// attached to its shared memory, and a new postmaster refuses to start while they are: they are ended first. They are
    /// known by their working directory, the cluster, where a postmaster and its children alone work. A postmaster still
    /// running there is left alone (PostgreSQL itself says so); a postmaster.pid naming a process of another program (its
    /// number used again since) is removed, or PostgreSQL would take that process for a postmaster.
    /// </summary>
    static async Task EndOrphans(string cluster, CancellationToken cancellationToken)
    {
        var lockFile = Path.Combine(cluster, "postmaster.pid");
        if (!File.Exists(lockFile) || !int.TryParse(File.ReadLines(lockFile).FirstOrDefault(), out var postmaster))
            return;
        var orphans = ProcessesIn(cluster);
        if (orphans.Contains(postmaster))
            return;
        foreach (var orphan in orphans)
            try { System.Diagnostics.Process.GetProcessById(orphan).Kill(); }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException) { } // ended meanwhile
        for (var wait = 0; ProcessesIn(cluster).Count > 0 && wait < 100; wait++)
            await Task.Delay(100, cancellationToken);
        if (Directory.Exists($"/proc/{postmaster}"))
            File.Delete(lockFile);
    }

    /// <summary>The processes working in <paramref name="directory"/>, as /proc shows them.</summary>
    static List<int> ProcessesIn(string directory) =>
        [.. Directory.EnumerateDirectories("/proc").Select(Path.GetFileName).Where(name => name!.All(char.IsAsciiDigit)).Select(int.Parse!)
            .Where(pid =>
            {
                try { return new DirectoryInfo($"/proc/{pid}/cwd").LinkTarget == Path.GetFullPath(directory); }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return false; } // ended meanwhile, or not ours to see
            })];

    static async Task<bool> Answers(string server, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server) { Database = "postgres", Pooling = false }.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("SELECT 1", connection);
        return await command.ExecuteScalarAsync(cancellationToken) is 1;
    }
}
