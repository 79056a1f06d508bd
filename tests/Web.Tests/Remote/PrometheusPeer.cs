using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using MetricsServer.TestSupport;

namespace MetricsServer.Web.Tests.Remote;

/// <summary>
/// Debian's <c>prometheus</c> on a free loopback port with a config of the test's own and a fresh data directory.
/// A missing binary fails the test: it is a required interoperability peer.
/// </summary>
internal sealed class PrometheusPeer : IAsyncDisposable
{
    private const string Binary = "/usr/bin/prometheus";
    private readonly Process _process;
    private readonly string _directory;

    private PrometheusPeer(Process process, string directory, int port)
    {
        _process = process;
        _directory = directory;
        Port = port;
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
    }

    public int Port { get; }

    public HttpClient Http { get; }

    public static async Task<PrometheusPeer> StartAsync(string configYaml, params string[] extraFlags)
    {
        Assert.True(File.Exists(Binary), $"{Binary} is missing: install Debian's prometheus package (apt-get install prometheus; .ci/run does)");
        var dir = Path.Combine(Path.GetTempPath(), "ms-prom-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        var config = Path.Combine(dir, "prometheus.yml");
        await File.WriteAllTextAsync(config, configYaml);
        var port = FreePort.Next();
        var psi = new ProcessStartInfo(Binary)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var a in (string[])[$"--config.file={config}", $"--storage.tsdb.path={Path.Combine(dir, "data")}", $"--web.listen-address=127.0.0.1:{port}", "--log.level=warn", .. extraFlags])
            psi.ArgumentList.Add(a);
        var process = Process.Start(psi) ?? throw new InvalidOperationException("could not start prometheus");
        process.ErrorDataReceived += static (_, _) => { };
        process.OutputDataReceived += static (_, _) => { };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        var peer = new PrometheusPeer(process, dir, port);
        await Eventually.TrueAsync(async () =>
        {
            try
            {
                return (await peer.Http.GetAsync("/-/ready")).IsSuccessStatusCode;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, TimeSpan.FromSeconds(30), "prometheus to be ready");
        return peer;
    }

    /// <summary>An instant query's <c>data.result</c>, failing the test on an error answer.</summary>
    public static async Task<JsonElement> QueryAsync(HttpClient http, string query, long timeSeconds)
    {
        using var response = await http.GetAsync($"/api/v1/query?query={Uri.EscapeDataString(query)}&time={timeSeconds}");
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(json.GetProperty("status").GetString() == "success", json.ToString());
        return json.GetProperty("data").GetProperty("result");
    }

    /// <summary>A vector result as sorted <c>labels =&gt; value</c> lines, comparable across servers.</summary>
    public static List<string> Canonical(JsonElement result) =>
        [.. result.EnumerateArray().Select(r =>
            string.Join(",", r.GetProperty("metric").EnumerateObject().Select(p => p.Name + "=" + p.Value.GetString()).Order(StringComparer.Ordinal))
            + " => " + r.GetProperty("value")[1].GetString()).Order(StringComparer.Ordinal)];

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        try
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (InvalidOperationException)
        {
        }
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
