using System.Net;
using System.Net.Sockets;

namespace Micic.AppHost;

/// <summary>Finds TCP ports on the loopback interface that nothing listens on.</summary>
public static class FreePort
{
    // Ports this process already handed out: an OS-assigned port is free again once our probe
    // closes, so two picks in a row could otherwise return the same one.
    private static readonly HashSet<int> HandedOut = [];

    /// <summary>The preferred port if it is free on 127.0.0.1, else a port the OS assigns.</summary>
    public static int Pick(int preferred)
    {
        if (preferred > 0 && IsFree(preferred))
        {
            return preferred;
        }
        lock (HandedOut)
        {
            while (true)
            {
                var listener = new TcpListener(IPAddress.Loopback, 0);
                listener.Start();
                var port = ((IPEndPoint)listener.LocalEndpoint).Port;
                listener.Stop();
                if (HandedOut.Add(port))
                {
                    return port;
                }
            }
        }
    }

    public static bool IsFree(int port)
    {
        try
        {
            var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            listener.Stop();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
