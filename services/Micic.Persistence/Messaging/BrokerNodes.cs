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
        return new(connectionString.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(node => new Uri(node)).ToList());
    }
}
