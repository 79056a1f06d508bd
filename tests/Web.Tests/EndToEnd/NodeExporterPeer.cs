using MetricsServer.TestSupport;

namespace MetricsServer.Web.Tests.EndToEnd;

/// <summary>Debian's prometheus-node-exporter on a free loopback port. A missing binary fails the test: it is a required peer.</summary>
internal sealed class NodeExporterPeer : IDisposable
{
    private readonly PeerProcess _process;

    public NodeExporterPeer()
    {
        Port = FreePort.Next();
        _process = PeerProcess.Start("/usr/bin/prometheus-node-exporter", "prometheus-node-exporter",
            $"--web.listen-address=127.0.0.1:{Port}", "--log.level=error");
    }

    public int Port { get; }

    public string Address => $"127.0.0.1:{Port}";

    public Task WaitUntilServingAsync() => PeerProcess.WaitUntilOkAsync($"http://{Address}/metrics", "node_exporter to serve /metrics");

    public void Stop() => _process.Stop();

    public void Dispose() => Stop();
}
