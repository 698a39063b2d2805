using System.Globalization;
using RabbitMQ.Client;

namespace Micic.AppHost.Servers;

/// <summary>
/// A private RabbitMQ node from the OS packages as an Aspire executable: its own node name, ports, Erlang cookie,
/// data, logs and configuration under one folder, on 127.0.0.1 only. Its epmd runs beside it as a resource of its own,
/// so nothing is left behind as a daemon.
/// </summary>
public sealed class RabbitMqServerResource(string name, string command, string workingDirectory)
    : ExecutableResource(name, command, workingDirectory), IResourceWithConnectionString
{
    public EndpointReference Endpoint => new(this, "amqp");

    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"amqp://guest:guest@{Endpoint.Property(EndpointProperty.IPV4Host)}:{Endpoint.Property(EndpointProperty.Port)}/");
}

public static class RabbitMqServerExtensions
{
    /// <summary>The platform's broker: the one at <paramref name="existing"/> (an amqp:// URI), or a local node.</summary>
    public static IResourceBuilder<IResourceWithConnectionString> AddRabbitMq(this IDistributedApplicationBuilder builder, string name,
        string? existing, PlatformFolders folders) =>
        builder.ExistingOrLocal(name, existing, () => builder.AddLocalRabbitMq(name, folders.ServerData("rabbitmq")));

    public static IResourceBuilder<RabbitMqServerResource> AddLocalRabbitMq(this IDistributedApplicationBuilder builder, string name, string data)
    {
        // Fixed for this folder: the node's data (its mnesia folder) is named after it.
        const string node = "micic@localhost";
        var (amqp, distribution, epmdPort) = (LoopbackPorts.Free(), LoopbackPorts.Free(), LoopbackPorts.Free());
        PrepareFolder(data, amqp);

        var epmd = builder.AddExecutable($"{name}-epmd", ServerPackages.Epmd, data, "-port", Text(epmdPort), "-address", "127.0.0.1");

        var (program, arguments) = Posix.AsServerAccount("rabbitmq", ServerPackages.RabbitMqServer);
        return builder.AddResource(new RabbitMqServerResource(name, program, data))
            .WithArgs(arguments)
            .WithEndpoint(port: amqp, targetPort: amqp, name: "amqp", scheme: "amqp", isProxied: false)
            .WithEnvironment("HOME", data) // where the Erlang cookie lives: private to this node
            .WithEnvironment("RABBITMQ_CONF_ENV_FILE", Path.Combine(data, "rabbitmq-env.conf"))
            .WithEnvironment("RABBITMQ_CONFIG_FILE", Path.Combine(data, "rabbitmq.conf"))
            .WithEnvironment("RABBITMQ_ENABLED_PLUGINS_FILE", Path.Combine(data, "enabled_plugins"))
            .WithEnvironment("RABBITMQ_MNESIA_BASE", Path.Combine(data, "mnesia"))
            .WithEnvironment("RABBITMQ_LOG_BASE", Path.Combine(data, "log"))
            .WithEnvironment("RABBITMQ_PID_FILE", Path.Combine(data, "rabbitmq.pid"))
            .WithEnvironment("RABBITMQ_NODENAME", node)
            .WithEnvironment("RABBITMQ_NODE_IP_ADDRESS", "127.0.0.1")
            .WithEnvironment("RABBITMQ_NODE_PORT", Text(amqp))
            .WithEnvironment("RABBITMQ_DIST_PORT", Text(distribution))
            .WithEnvironment("ERL_EPMD_PORT", Text(epmdPort))
            .WithEnvironment("ERL_EPMD_ADDRESS", "127.0.0.1")
            .WithEnvironment("RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS", "-start_epmd false -kernel inet_dist_use_interface {127,0,0,1}")
            .WithEnvironment("RABBITMQ_CTL_ERL_ARGS", "-start_epmd false")
            .WaitForStart(epmd)
            .WithReadinessProbe(Answers);
    }

    static void PrepareFolder(string data, int amqp)
    {
        Directory.CreateDirectory(Path.Combine(data, "mnesia"));
        Directory.CreateDirectory(Path.Combine(data, "log"));
        File.WriteAllText(Path.Combine(data, "rabbitmq.conf"), $"# Written by Micic.AppHost at every start.\nlisteners.tcp.default = 127.0.0.1:{amqp}\n");
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

    static string Text(int port) => port.ToString(CultureInfo.InvariantCulture);
}
