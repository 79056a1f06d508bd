using System.Net;
using System.Net.Sockets;

namespace MetricsServer.TestSupport;

/// <summary>
/// Finds a free loopback TCP port for a test server. A port is handed out once per test process: the OS may offer a
/// port again as soon as it is released, and two fakes of parallel tests on one port would see each other's traffic.
/// </summary>
public static class FreePort
{
    private static readonly HashSet<int> HandedOut = [];

    public static int Next()
    {
        while (true)
        {
            using var socket = new TcpListener(IPAddress.Loopback, 0);
            socket.Start();
            var port = ((IPEndPoint)socket.LocalEndpoint).Port;
            socket.Stop();
            lock (HandedOut)
            {
                if (HandedOut.Add(port)) return port;
            }
        }
    }
}
