using System.Diagnostics;
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
    private const string Binary = "/usr/bin/prometheus-alertmanager";
    private readonly string _directory;
    private Process? _process;

    public AlertmanagerPeer(string webhookUrl, int? port = null)
    {
        Assert.True(File.Exists(Binary), $"{Binary} is missing: install Debian's prometheus-alertmanager (.ci/run does)");
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
        _process = Process.Start(new ProcessStartInfo(Binary)
        {
            ArgumentList =
            {
                $"--config.file={config}", $"--storage.path={Path.Combine(_directory, "data")}",
                $"--web.listen-address=127.0.0.1:{Port}", "--cluster.listen-address=", "--log.level=warn",
            },
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        }) ?? throw new InvalidOperationException("could not start alertmanager");
        _process.ErrorDataReceived += static (_, _) => { };
        _process.OutputDataReceived += static (_, _) => { };
        _process.BeginErrorReadLine();
        _process.BeginOutputReadLine();
    }

    public int Port { get; }

    public string Address => $"127.0.0.1:{Port}";

    public async Task WaitUntilReadyAsync()
    {
        using var http = new HttpClient();
        await Eventually.TrueAsync(async () =>
        {
            try
            {
                return (await http.GetAsync($"http://{Address}/-/ready")).IsSuccessStatusCode;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, TimeSpan.FromSeconds(20), "alertmanager to be ready");
    }

    /// <summary>Alertmanager's own view: <c>GET /api/v2/alerts</c> (active, unresolved alerts).</summary>
    public async Task<List<JsonElement>> AlertsAsync()
    {
        using var http = new HttpClient();
        var alerts = await http.GetFromJsonAsync<JsonElement>($"http://{Address}/api/v2/alerts");
        return [.. alerts.EnumerateArray()];
    }

    public void Dispose()
    {
        if (_process is not null)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
            _process.Dispose();
            _process = null;
        }
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
