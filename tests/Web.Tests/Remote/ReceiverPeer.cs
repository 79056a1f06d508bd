using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using MetricsServer.TestSupport;

namespace MetricsServer.Web.Tests.Remote;

/// <summary>
/// A remote-write receiver from a Debian package — <c>victoria-metrics</c>, or <c>prometheus</c> with
/// <c>--web.enable-remote-write-receiver</c> — on a free loopback port and a data directory of its own, which can be
/// stopped and started again on the same port and data (an outage). A missing binary fails the test: both are
/// required interoperability peers, installed by <c>.ci/run</c>.
/// </summary>
internal sealed class ReceiverPeer : IAsyncDisposable
{
    private readonly string _binary;
    private readonly Func<ReceiverPeer, string[]> _arguments;
    private readonly string _readyPath;
    private Process? _process;

    private ReceiverPeer(string binary, string readyPath, Func<ReceiverPeer, string[]> arguments)
    {
        _binary = binary;
        _readyPath = readyPath;
        _arguments = arguments;
        Directory = Path.Combine(Path.GetTempPath(), "ms-rw-peer-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
        Port = FreePort.Next();
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{Port}") };
    }

    public string Directory { get; }

    public int Port { get; }

    public HttpClient Http { get; }

    /// <summary>Where our server sends: the peer's remote-write endpoint.</summary>
    public string WriteUrl => $"http://127.0.0.1:{Port}/api/v1/write";

    /// <summary>
    /// VictoriaMetrics single node. <c>-search.latencyOffset=0s</c> and <c>-search.disableCache</c> make a sample
    /// visible to queries as soon as it is ingested, so that polling sees the final state without a fixed wait.
    /// </summary>
    public static Task<ReceiverPeer> VictoriaMetricsAsync() =>
        StartAsync(new ReceiverPeer("/usr/bin/victoria-metrics", "/health", p =>
        [
            $"-httpListenAddr=127.0.0.1:{p.Port}", $"-storageDataPath={Path.Combine(p.Directory, "data")}",
            "-search.latencyOffset=0s", "-search.disableCache", "-loggerLevel=ERROR",
        ]));

    /// <summary>Prometheus as a remote-write receiver that scrapes nothing.</summary>
    public static async Task<ReceiverPeer> PrometheusAsync()
    {
        var peer = new ReceiverPeer("/usr/bin/prometheus", "/-/ready", p =>
        [
            $"--config.file={Path.Combine(p.Directory, "prometheus.yml")}", $"--storage.tsdb.path={Path.Combine(p.Directory, "data")}",
            $"--web.listen-address=127.0.0.1:{p.Port}", "--web.enable-remote-write-receiver", "--log.level=warn",
        ]);
        await File.WriteAllTextAsync(Path.Combine(peer.Directory, "prometheus.yml"), "global: {}\n");
        return await StartAsync(peer);
    }

    private static async Task<ReceiverPeer> StartAsync(ReceiverPeer peer)
    {
        try
        {
            await peer.StartAsync();
            return peer;
        }
        catch
        {
            await peer.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts the process (again, after <see cref="StopAsync"/>) and waits until it answers its readiness path.</summary>
    public async Task StartAsync()
    {
        Assert.True(File.Exists(_binary), $"{_binary} is missing: install its Debian package (.ci/run does)");
        var psi = new ProcessStartInfo(_binary) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in _arguments(this)) psi.ArgumentList.Add(a);
        var process = Process.Start(psi) ?? throw new InvalidOperationException("could not start " + _binary);
        process.ErrorDataReceived += static (_, _) => { };
        process.OutputDataReceived += static (_, _) => { };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        _process = process;
        await Eventually.TrueAsync(async () =>
        {
            if (process.HasExited) throw new Xunit.Sdk.XunitException($"{_binary} exited with {process.ExitCode}");
            try
            {
                return (await Http.GetAsync(_readyPath)).IsSuccessStatusCode;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, TimeSpan.FromSeconds(30), _binary + " to be ready");
    }

    /// <summary>Kills the process (no graceful shutdown: an outage as a crash looks) and waits until it has exited.</summary>
    public async Task StopAsync()
    {
        if (_process is not { } process) return;
        _process = null;
        try
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (InvalidOperationException)
        {
        }
        process.Dispose();
    }

    /// <summary>
    /// Every sample of every series matching <paramref name="selector"/> with a timestamp in (<paramref name="fromMs"/>,
    /// <paramref name="toMs"/>], as sorted <c>labels @ t = v</c> lines, read with an instant query of a range selector
    /// (both Prometheus and VictoriaMetrics answer it with the raw samples).
    /// </summary>
    public static async Task<List<string>> RawSamplesAsync(HttpClient http, string selector, long fromMs, long toMs)
    {
        var rangeMs = toMs - fromMs;
        var query = $"{selector}[{rangeMs}ms]";
        var at = (toMs / 1000.0).ToString("0.000", CultureInfo.InvariantCulture);
        using var response = await http.GetAsync($"/api/v1/query?query={Uri.EscapeDataString(query)}&time={at}");
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(json.GetProperty("status").GetString() == "success", json.ToString());
        var lines = new List<string>();
        foreach (var series in json.GetProperty("data").GetProperty("result").EnumerateArray())
        {
            var labels = string.Join(",", series.GetProperty("metric").EnumerateObject()
                .Select(p => p.Name + "=" + p.Value.GetString()).Order(StringComparer.Ordinal));
            foreach (var point in series.GetProperty("values").EnumerateArray())
            {
                var t = (long)Math.Round(point[0].GetDouble() * 1000);
                lines.Add($"{labels} @ {t} = {point[1].GetString()}");
            }
        }
        lines.Sort(StringComparer.Ordinal);
        return lines;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        Http.Dispose();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
