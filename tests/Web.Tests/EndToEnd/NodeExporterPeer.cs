using System.Diagnostics;
using MetricsServer.TestSupport;

namespace MetricsServer.Web.Tests.EndToEnd;

/// <summary>Debian's prometheus-node-exporter on a free loopback port. A missing binary fails the test: it is a required peer.</summary>
internal sealed class NodeExporterPeer : IDisposable
{
    private const string Binary = "/usr/bin/prometheus-node-exporter";
    private Process? _process;

    public NodeExporterPeer()
    {
        Assert.True(File.Exists(Binary), $"{Binary} is missing: install Debian's prometheus-node-exporter (.ci/run does)");
        Port = FreePort.Next();
        _process = Process.Start(new ProcessStartInfo(Binary)
        {
            ArgumentList = { $"--web.listen-address=127.0.0.1:{Port}", "--log.level=error" },
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        }) ?? throw new InvalidOperationException("could not start node_exporter");
        _process.ErrorDataReceived += static (_, _) => { };
        _process.OutputDataReceived += static (_, _) => { };
        _process.BeginErrorReadLine();
        _process.BeginOutputReadLine();
    }

    public int Port { get; }

    public string Address => $"127.0.0.1:{Port}";

    public async Task WaitUntilServingAsync()
    {
        using var http = new HttpClient();
        await Eventually.TrueAsync(async () =>
        {
            try
            {
                return (await http.GetAsync($"http://{Address}/metrics")).IsSuccessStatusCode;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, TimeSpan.FromSeconds(20), "node_exporter to serve /metrics");
    }

    public void Stop()
    {
        if (_process is null) return;
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit(10_000);
        _process.Dispose();
        _process = null;
    }

    public void Dispose() => Stop();
}
