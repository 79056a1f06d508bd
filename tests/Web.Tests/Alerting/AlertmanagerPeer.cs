using System.Net.Http.Json;
using System.Text.Json;
using MetricsServer.TestSupport;

namespace MetricsServer.Web.Tests.Alerting;

/// <summary>
/// Debian's prometheus-alertmanager on a free loopback port, clustering off, a temporary storage path, and one
/// route to a webhook receiver. A missing binary fails the test: it is a required peer (.ci/run installs it).
/// </summary>
internal sealed class AlertmanagerPeer : IDisposable
{
    private readonly string _directory;
    private readonly PeerProcess _process;

    public AlertmanagerPeer(string webhookUrl, int? port = null)
    {
        _directory = Directory.CreateTempSubdirectory("ms-am").FullName;
        var config = Path.Combine(_directory, "alertmanager.yml");
        File.WriteAllText(config, $"""
            route:
              receiver: hook
              group_by: [alertname]
              group_wait: 1s
              group_interval: 1s
              repeat_interval: 1h
            receivers:
              - name: hook
                webhook_configs:
                  - url: '{webhookUrl}'
                    send_resolved: true
            """);
        Port = port ?? FreePort.Next();
        _process = PeerProcess.Start("/usr/bin/prometheus-alertmanager", "prometheus-alertmanager",
            $"--config.file={config}", $"--storage.path={Path.Combine(_directory, "data")}",
            $"--web.listen-address=127.0.0.1:{Port}", "--cluster.listen-address=", "--log.level=warn");
    }

    public int Port { get; }

    public string Address => $"127.0.0.1:{Port}";

    public Task WaitUntilReadyAsync() => PeerProcess.WaitUntilOkAsync($"http://{Address}/-/ready", "alertmanager to be ready");

    /// <summary>Alertmanager's own view: <c>GET /api/v2/alerts</c> (active, unresolved alerts).</summary>
    public async Task<List<JsonElement>> AlertsAsync()
    {
        using var http = new HttpClient();
        var alerts = await http.GetFromJsonAsync<JsonElement>($"http://{Address}/api/v2/alerts");
        return [.. alerts.EnumerateArray()];
    }

    public void Dispose()
    {
        _process.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
