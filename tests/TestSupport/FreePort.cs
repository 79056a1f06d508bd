using System.Net;
using System.Net.Sockets;

namespace MetricsServer.TestSupport;

/// <summary>Finds a free loopback TCP port for a test server.</summary>
public static class FreePort
{
    public static int Next()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        var port = ((IPEndPoint)socket.LocalEndpoint).Port;
        socket.Stop();
        return port;
    }
}
