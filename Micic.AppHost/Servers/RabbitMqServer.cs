using System.Globalization;
using RabbitMQ.Client;

namespace Micic.AppHost.Servers;

/// <summary>
/// A private RabbitMQ node from the OS packages as an Aspire executable: its own node name, ports, Erlang cookie,
/// data, logs and configuration under one folder, on 127.0.0.1 only. Its epmd runs beside it as a resource of its own,
/// so nothing is left behind as a daemon.
/// </summary>
public sealed class RabbitMqServerResource(string name, string command, string workingDirectory, ServiceAccount administrator)
    : ExecutableResource(name, command, workingDirectory), IResourceWithConnectionString
{
    public EndpointReference Endpoint => new(this, "amqp");

    /// <summary>The administrator's (<see cref="BrokerUsers.Administrator"/>): the AppHost's and an operator's, never a service's.</summary>
    public ReferenceExpression ConnectionStringExpression => ConnectionStringFor(administrator);

    public ServiceAccount Administrator => administrator;

    public ReferenceExpression ConnectionStringFor(ServiceAccount account) => ReferenceExpression.Create(
        $"amqp://{BrokerUsers.UserInformation(account)}@{Endpoint.Property(EndpointProperty.IPV4Host)}:{Endpoint.Property(EndpointProperty.Port)}/");
}

/// <summary>
/// Several local RabbitMQ nodes forming one cluster, as a deployment runs it: the services know every node and move to
/// another when theirs goes, and their queues are quorum queues replicated on the nodes.
/// </summary>
public sealed class RabbitMqClusterAnnotation(IReadOnlyList<RabbitMqServerResource> nodes) : IResourceAnnotation
{
    public IReadOnlyList<RabbitMqServerResource> Nodes => nodes;
}

public static class RabbitMqServerExtensions
{
    /// <summary>
    /// The platform's broker: the one at <paramref name="existing"/> (amqp:// URIs), a local node, or a local cluster. Each
    /// service connects as its own user (<see cref="Databases.WithServer{T}(IResourceBuilder{T}, IResourceBuilder{IResourceWithConnectionString}, string)"/>):
    /// one the local nodes create (<see cref="BrokerUsers"/>), one the operator of an existing broker has.
    /// </summary>
    public static IResourceBuilder<IResourceWithConnectionString> AddRabbitMq(this IDistributedApplicationBuilder builder, string name,
        string? existing, int nodes, PlatformFolders folders)
    {
        var server = nodes > 1 && existing is null
            ? builder.AddLocalRabbitMqCluster(name, nodes, folders.ServerData("rabbitmq-cluster"))
            : builder.ExistingOrLocal(name, existing, () => builder.AddLocalRabbitMq(name, folders.ServerData("rabbitmq")));
        if (existing is not null)
            return server.WithServiceAccounts(folders, created: false, account => ReferenceExpression.Create($"{BrokerUsers.WithCredentials(existing, account)}"));
        var local = Nodes(server.Resource);
        server.WithServiceAccounts(folders, created: true, account => Uris(local, account));
        // Each node of a cluster creates the services' users at boot, from the cluster's list.
        foreach (var node in local.Where(node => node != server.Resource))
            node.Annotations.Add(server.Resource.ServiceAccounts());
        return server;
    }

    public static IResourceBuilder<RabbitMqServerResource> AddLocalRabbitMq(this IDistributedApplicationBuilder builder, string name, string data)
    {
        var epmdPort = LoopbackPorts.Free();
        var epmd = builder.AddEpmd(name, data, epmdPort);
        // Fixed for this folder: the node's data (its mnesia folder) is named after it.
        return builder.AddNode(name, "micic@localhost", data, AdministratorOf(data), epmd, epmdPort, clusterNodes: []);
    }

    /// <summary>
    /// <paramref name="count"/> nodes that find each other at boot (classic peer discovery) and share one epmd and one
    /// Erlang cookie; the connection string lists them all, comma-separated. Each node is a resource of its own, so a
    /// node can be stopped and started from the dashboard or a test while the others carry on.
    /// </summary>
    public static IResourceBuilder<IResourceWithConnectionString> AddLocalRabbitMqCluster(this IDistributedApplicationBuilder builder, string name,
        int count, string data)
    {
        var epmdPort = LoopbackPorts.Free();
        Directory.CreateDirectory(data);
        var epmd = builder.AddEpmd(name, data, epmdPort);
        var names = Enumerable.Range(1, count).Select(i => $"micic-{i}@localhost").ToList();
        var cookiePath = Path.Combine(data, "erlang-cookie");
        if (!File.Exists(cookiePath))
            Posix.WritePrivateFile(cookiePath, Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16)));
        var cookie = File.ReadAllText(cookiePath);

        var administrator = AdministratorOf(data);
        var nodes = new List<RabbitMqServerResource>();
        foreach (var (node, i) in names.Select((node, i) => (node, i)))
        {
            var folder = Path.Combine(data, $"node-{i + 1}");
            Directory.CreateDirectory(folder);
            Posix.WritePrivateFile(Path.Combine(folder, ".erlang.cookie"), cookie);
            var added = builder.AddNode($"{name}-{i + 1}", node, folder, administrator, epmd, epmdPort, names);
            // The first node forms the cluster and the others join it: started all at once, two could each form their own.
            if (i > 0)
                added.WaitFor(builder.CreateResourceBuilder(nodes[0]));
            nodes.Add(added.Resource);
        }

        return builder.AddConnectionString(name, Uris(nodes, administrator)).WithAnnotation(new RabbitMqClusterAnnotation(nodes));
    }

    static IReadOnlyList<RabbitMqServerResource> Nodes(IResource server) =>
        server is RabbitMqServerResource node ? [node] : server.TryGetLastAnnotation<RabbitMqClusterAnnotation>(out var cluster) ? cluster.Nodes : [];

    /// <summary>Every node's URI with an account's credentials, comma separated.</summary>
    static ReferenceExpression Uris(IReadOnlyList<RabbitMqServerResource> nodes, ServiceAccount account)
    {
        var uris = new ReferenceExpressionBuilder();
        foreach (var (node, i) in nodes.Select((node, i) => (node, i)))
        {
            if (i > 0)
                uris.AppendLiteral(",");
            uris.Append($"{node.ConnectionStringFor(account)}");
        }
        return uris.Build();
    }

    /// <summary>The administrator of the node (or cluster) in <paramref name="data"/>, its password kept there.</summary>
    static ServiceAccount AdministratorOf(string data)
    {
        Directory.CreateDirectory(data);
        var file = Path.Combine(data, "administrator-password");
        if (!File.Exists(file))
            Posix.WritePrivateFile(file, Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24)).ToLowerInvariant());
        return new ServiceAccount(BrokerUsers.Administrator, File.ReadAllText(file).Trim());
    }

    static IResourceBuilder<ExecutableResource> AddEpmd(this IDistributedApplicationBuilder builder, string name, string data, int port) =>
        builder.AddExecutable($"{name}-epmd", ServerPackages.Epmd, data, "-port", Text(port), "-address", "127.0.0.1").RestartedWhenItCrashes();

    static IResourceBuilder<RabbitMqServerResource> AddNode(this IDistributedApplicationBuilder builder, string name, string node, string data,
        ServiceAccount administrator, IResourceBuilder<ExecutableResource> epmd, int epmdPort, IReadOnlyList<string> clusterNodes)
    {
        var (amqp, distribution) = (LoopbackPorts.Free(), LoopbackPorts.Free());
        PrepareFolder(data, amqp, clusterNodes);
        var environment = new Dictionary<string, string>
        {
            ["HOME"] = data, // where the Erlang cookie lives: private to this node (or its cluster)
            ["RABBITMQ_CONF_ENV_FILE"] = Path.Combine(data, "rabbitmq-env.conf"),
            ["RABBITMQ_CONFIG_FILE"] = Path.Combine(data, "rabbitmq.conf"),
            ["RABBITMQ_ENABLED_PLUGINS_FILE"] = Path.Combine(data, "enabled_plugins"),
            ["RABBITMQ_MNESIA_BASE"] = Path.Combine(data, "mnesia"),
            ["RABBITMQ_LOG_BASE"] = Path.Combine(data, "log"),
            ["RABBITMQ_PID_FILE"] = Path.Combine(data, "rabbitmq.pid"),
            ["RABBITMQ_NODENAME"] = node,
            ["RABBITMQ_NODE_IP_ADDRESS"] = "127.0.0.1",
            ["RABBITMQ_NODE_PORT"] = Text(amqp),
            ["RABBITMQ_DIST_PORT"] = Text(distribution),
            ["ERL_EPMD_PORT"] = Text(epmdPort),
            ["ERL_EPMD_ADDRESS"] = "127.0.0.1",
            ["RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS"] = "-start_epmd false -kernel inet_dist_use_interface {127,0,0,1}",
            ["RABBITMQ_CTL_ERL_ARGS"] = "-start_epmd false",
            // The start script then execs the Erlang VM instead of running it behind a shell that forwards signals: a stop
            // (or a kill after a slow stop) reaches the node itself, and no orphaned node is left holding its name and ports.
            ["RUNNING_UNDER_SYSTEMD"] = "true",
        };

        var (program, arguments) = Posix.AsServerAccount("rabbitmq", ServerPackages.RabbitMqServer);
        var resource = builder.AddResource(new RabbitMqServerResource(name, program, data, administrator))
            .WithArgs(arguments)
            .WithEndpoint(port: amqp, targetPort: amqp, name: "amqp", scheme: "amqp", isProxied: false)
            .WaitForStart(epmd)
            // A node joining a cluster is ready once every node runs in it: queues declared before would have fewer
            // replicas than nodes, and a quorum queue on two of three nodes has no majority once one of them goes.
            .WithReadinessProbe(clusterNodes.Count > 1 && clusterNodes[0] != node
                ? (uri, ct) => AnswersInWholeCluster(uri, clusterNodes, environment, ct)
                : Answers)
            // The users, written before every start for the node to import as it boots (before it listens).
            .OnBeforeResourceStarted((server, _, _) =>
            {
                var services = server.TryGetLastAnnotation<ServiceAccounts>(out var accounts) ? accounts.All : [];
                Posix.WriteServerFile("rabbitmq", Path.Combine(data, "definitions.json"), BrokerUsers.Definitions(server.Administrator, services));
                return Task.CompletedTask;
            })
            .OnResourceReady((server, _, ct) => RemoveGuest(server, data, environment, ct))
            // On its fixed port, with its durable queues and their persistent messages: the services' connections recover.
            .RestartedWhenItCrashes();
        foreach (var (variable, value) in environment)
            resource.WithEnvironment(variable, value);
        return resource;
    }

    /// <summary>
    /// A node whose data predates its definitions still has RabbitMQ's default <c>guest</c> user (guest/guest, with every
    /// right on "/"): removed with rabbitmqctl, the first time the node is up. A node that booted with definitions never
    /// had it. Checked once per folder, so the node's log does not show a refused guest login at every start.
    /// </summary>
    static async Task RemoveGuest(RabbitMqServerResource server, string data, IReadOnlyDictionary<string, string> environment,
        CancellationToken cancellationToken)
    {
        var checkedOnce = Path.Combine(data, "guest-removed");
        if (File.Exists(checkedOnce))
            return;
        var uri = (await server.ConnectionStringFor(new ServiceAccount("guest", "guest")).GetValueAsync(cancellationToken))!;
        if (await AcceptsLogin(uri, cancellationToken))
        {
            var (program, arguments) = Posix.AsServerAccount("rabbitmq", ServerPackages.RabbitMqCtl, "delete_user", "guest");
            Command.Run(program, arguments, environment: environment).ThrowIfFailed("Removing RabbitMQ's guest user");
        }
        await File.WriteAllTextAsync(checkedOnce, "RabbitMQ's guest user is gone from this node; Micic.AppHost does not look again.\n", cancellationToken);
    }

    static async Task<bool> AcceptsLogin(string uri, CancellationToken cancellationToken)
    {
        try
        {
            return await Answers(uri, cancellationToken);
        }
        catch (Exception e) when (Causes(e).OfType<RabbitMQ.Client.Exceptions.AuthenticationFailureException>().Any())
        {
            return false;
        }
    }

    static void PrepareFolder(string data, int amqp, IReadOnlyList<string> clusterNodes)
    {
        Directory.CreateDirectory(Path.Combine(data, "mnesia"));
        Directory.CreateDirectory(Path.Combine(data, "log"));
        // The users come from definitions (written before each start); a node with definitions to import creates no guest.
        var config = new System.Text.StringBuilder($"# Written by Micic.AppHost at every start.\nlisteners.tcp.default = 127.0.0.1:{amqp}\n" +
            $"load_definitions = {Path.Combine(data, "definitions.json")}\n");
        if (clusterNodes.Count > 0)
        {
            // The nodes find each other by name at boot; a node cut off from the majority pauses rather than diverge.
            config.Append("cluster_formation.peer_discovery_backend = classic_config\n");
            foreach (var (peer, i) in clusterNodes.Select((peer, i) => (peer, i)))
                config.Append($"cluster_formation.classic_config.nodes.{i + 1} = {peer}\n");
            config.Append("cluster_partition_handling = pause_minority\n");
        }
        File.WriteAllText(Path.Combine(data, "rabbitmq.conf"), config.ToString());
        File.WriteAllText(Path.Combine(data, "enabled_plugins"), "[].\n");
        // Stands in for /etc/rabbitmq/rabbitmq-env.conf, which belongs to the system's own node.
        File.WriteAllText(Path.Combine(data, "rabbitmq-env.conf"), "# Intentionally empty: settings come from Micic.AppHost.\n");
        Posix.HandOver("rabbitmq", data);
    }

    static async Task<bool> Answers(string uri, CancellationToken cancellationToken)
    {
        var factory = new ConnectionFactory { Uri = new Uri(uri), RequestedConnectionTimeout = TimeSpan.FromSeconds(3), AutomaticRecoveryEnabled = false };
        await using var connection = await factory.CreateConnectionAsync(cancellationToken);
        return connection.IsOpen;
    }

    static async Task<bool> AnswersInWholeCluster(string uri, IReadOnlyList<string> clusterNodes, IReadOnlyDictionary<string, string> environment,
        CancellationToken cancellationToken)
    {
        if (!await Answers(uri, cancellationToken))
            return false;
        var (program, arguments) = Posix.AsServerAccount("rabbitmq", ServerPackages.RabbitMqCtl, "cluster_status", "--formatter", "json");
        var status = await Task.Run(() => Command.Run(program, arguments, environment: environment), cancellationToken);
        var output = string.Join('\n', status.Output);
        var (from, to) = (output.IndexOf('{'), output.LastIndexOf('}'));
        if (!status.Succeeded || from < 0 || to < from)
            return false;
        try
        {
            using var json = System.Text.Json.JsonDocument.Parse(output[from..(to + 1)]);
            var running = json.RootElement.GetProperty("running_nodes").EnumerateArray().Select(n => n.GetString()).ToHashSet();
            return clusterNodes.All(running.Contains);
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return false;
        }
    }

    static IEnumerable<Exception> Causes(Exception e)
    {
        for (Exception? cause = e; cause is not null; cause = cause.InnerException)
            yield return cause;
    }

    static string Text(int port) => port.ToString(CultureInfo.InvariantCulture);
}
