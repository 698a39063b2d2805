using Microsoft.Extensions.Configuration;

namespace Micic.Persistence.Messaging;

/// <summary>
/// Where RabbitMQ is: <c>ConnectionStrings:messaging</c>, one amqp:// URI, or one per node of a cluster separated by
/// commas. A service connects to the first that answers and moves to another when its node goes.
/// </summary>
public sealed record BrokerNodes(IReadOnlyList<Uri> Nodes)
{
    public Uri First => Nodes[0];

    public static BrokerNodes From(IConfiguration configuration)
    {
        var connectionString = configuration.GetConnectionString("messaging")
            ?? throw new InvalidOperationException("ConnectionStrings:messaging is not set (amqp:// URIs, comma separated for a cluster).");
        return Parse(connectionString);
    }

    public const string Described = "one amqp:// URI, or one per node of a cluster separated by commas (amqp://user:password@host:5672/vhost)";

    public static BrokerNodes Parse(string connectionString) =>
        new(connectionString.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(node => new Uri(node)).ToList());

    /// <summary>What is wrong with a connection string, without repeating it (it holds the password); null when it is sound.</summary>
    public static string? Problem(string connectionString)
    {
        var nodes = connectionString.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var wrong = nodes.Count(node => !Uri.TryCreate(node, UriKind.Absolute, out var uri) || (uri.Scheme != "amqp" && uri.Scheme != "amqps")
            || string.IsNullOrEmpty(uri.Host));
        return nodes.Length == 0 ? "it names no node" : wrong > 0 ? $"{wrong} of its {nodes.Length} nodes is not an amqp:// or amqps:// URI with a host" : null;
    }
}
