using System.Net;
using System.Net.Sockets;

namespace Micic.AppHost.Servers;

/// <summary>Free ports on 127.0.0.1, for servers whose configuration names its ports before Aspire starts them.</summary>
public static class LoopbackPorts
{
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
