using System.Net;
using System.Net.Sockets;

namespace MetricsServer.Benchmarks.RemoteWriteThroughput;

/// <summary>A remote-write receiver that reads each body whole and answers 204, storing nothing.</summary>
internal static class SinkReceiver
{
    public static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    public static async Task<int> RunAsync(int port)
    {
        using var listener = new HttpListener();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        Console.Error.WriteLine($"sink listening on 127.0.0.1:{port}");
        while (true)
        {
            var ctx = await listener.GetContextAsync().ConfigureAwait(false);
            _ = Task.Run(async () =>
            {
                var buffer = new byte[64 * 1024];
                while (await ctx.Request.InputStream.ReadAsync(buffer).ConfigureAwait(false) > 0)
                {
                }
                ctx.Response.StatusCode = 204;
                ctx.Response.Close();
            });
        }
    }
}
