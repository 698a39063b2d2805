using System.Net.Sockets;
using System.Text;

namespace Micic.AppHost.Servers;

/// <summary>
/// Redis from the OS packages as an Aspire executable, on 127.0.0.1 only, its append-only file under the data folder so
/// that what it keeps (token revocations) survives a restart; started again, on the same port, when it dies.
/// </summary>
public sealed class RedisServerResource(string name, string command, string workingDirectory)
    : ExecutableResource(name, command, workingDirectory), IResourceWithConnectionString
{
    public EndpointReference Endpoint => new(this, "tcp");

    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"{Endpoint.Property(EndpointProperty.IPV4Host)}:{Endpoint.Property(EndpointProperty.Port)}");
}

public static class RedisServerExtensions
{
    /// <summary>The platform's Redis: the one at <paramref name="existing"/> (a StackExchange.Redis configuration), or a local one.</summary>
    public static IResourceBuilder<IResourceWithConnectionString> AddRedis(this IDistributedApplicationBuilder builder, string name,
        string? existing, PlatformFolders folders) =>
        builder.ExistingOrLocal(name, existing, () => builder.AddLocalRedis(name, folders.ServerData("redis")));

    public static IResourceBuilder<RedisServerResource> AddLocalRedis(this IDistributedApplicationBuilder builder, string name, string data)
    {
        Directory.CreateDirectory(data);
        // A fixed port for the folder's life: a restart (by the dashboard, or a test) comes back where clients look for it.
        var port = LoopbackPorts.Free();
        var resource = new RedisServerResource(name, ServerPackages.RedisServer, data);
        return builder.AddResource(resource)
            .WithEndpoint(port: port, targetPort: port, name: "tcp", scheme: "tcp", isProxied: false)
            .WithArgs("--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--dir", data,
                "--appendonly", "yes", "--save", "", "--protected-mode", "yes")
            .WithReadinessProbe(Answers)
            // Each write is in the append-only file before Redis answers it, so a kill loses nothing it acknowledged.
            .RestartedWhenItCrashes();
    }

    /// <summary>PONG, not while Redis is still loading its append-only file.</summary>
    static async Task<bool> Answers(string address, CancellationToken cancellationToken)
    {
        var (host, port) = address.Split(':') is [var h, var p] ? (h, int.Parse(p)) : throw new FormatException($"Not host:port: {address}");
        using var client = new TcpClient();
        await client.ConnectAsync(host, port, cancellationToken);
        var stream = client.GetStream();
        await stream.WriteAsync("*1\r\n$4\r\nPING\r\n"u8.ToArray(), cancellationToken);
        var answer = new byte[64];
        var read = await stream.ReadAsync(answer, cancellationToken);
        return Encoding.ASCII.GetString(answer, 0, read).StartsWith("+PONG");
    }
}
