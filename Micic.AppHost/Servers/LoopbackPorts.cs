using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Micic.AppHost.Servers;

/// <summary>
/// Free ports on 127.0.0.1, for servers whose configuration names its ports before Aspire starts them. They are taken
/// below the kernel's ephemeral range: a port from that range, free when chosen, can be taken by any outgoing
/// connection in the seconds before the server binds it (and RabbitMQ, finding its port taken, stops for good).
/// </summary>
public static class LoopbackPorts
{
    const int Lowest = 10_000;
    static readonly HashSet<int> Given = [];

    public static int Free()
    {
        var ceiling = EphemeralRangeStart();
        lock (Given)
        {
            for (var attempt = 0; attempt < 200; attempt++)
            {
                var port = Random.Shared.Next(Lowest, ceiling);
                if (!Given.Contains(port) && Bindable(port))
                {
                    Given.Add(port);
                    return port;
                }
            }
        }
        // A machine with hardly a port free below its ephemeral range: let the kernel choose.
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    static bool Bindable(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    static int EphemeralRangeStart()
    {
        const string range = "/proc/sys/net/ipv4/ip_local_port_range";
        var first = File.Exists(range) ? File.ReadAllText(range).Split((char[])[' ', '\t', '\n'], StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() : null;
        return int.TryParse(first, NumberStyles.None, CultureInfo.InvariantCulture, out var start) && start > Lowest + 1_000 ? start : 32_768;
    }
}
