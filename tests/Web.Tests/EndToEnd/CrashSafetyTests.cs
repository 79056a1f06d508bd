using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using MetricsServer.TestSupport;
using MetricsServer.Web.Tests.Hosting;

namespace MetricsServer.Web.Tests.EndToEnd;

/// <summary>No sample the API has shown is lost when the server process is killed with SIGKILL and restarted.</summary>
public sealed class CrashSafetyTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ms-crash-").FullName;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };

    [Fact]
    public async Task Sigkill_ThenRestart_ReturnsEverySampleSeenBefore()
    {
        await using var target = new ScrapeTarget("# TYPE crash_test_value gauge\ncrash_test_value{kind=\"a\"} 1\ncrash_test_value{kind=\"b\"} 2\n");
        await File.WriteAllTextAsync(Path.Combine(_dir, "prometheus.yml"), $$"""
            global:
              scrape_interval: 100ms
              scrape_timeout: 100ms
            scrape_configs:
              - job_name: crash
                static_configs:
                  - targets: ['{{target.Address}}']
            """);
        var port = FreePort.Next();
        var (first, firstOutput) = Start(port);
        string query;
        HashSet<string> before;
        try
        {
            // Wait until enough scrapes are stored; the query's time is fixed so that the restarted server is asked
            // the same question.
            var nowMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() + 60_000;
            query = $"/api/v1/query?query={Uri.EscapeDataString("crash_test_value[10m]")}&time={(nowMs / 1000.0).ToString("0.000", CultureInfo.InvariantCulture)}";
            before = [];
            await Eventually.TrueAsync(async () =>
            {
                before = await SamplesAsync(port, query) ?? [];
                return before.Count >= 2 * 10;
            }, TimeSpan.FromSeconds(30), "ten scrapes stored");

            first.Kill(entireProcessTree: true);
            await first.WaitForExitAsync();
        }
        finally
        {
            if (!first.HasExited) first.Kill(entireProcessTree: true);
            first.Dispose();
        }
        Assert.DoesNotContain("Unhandled exception", await firstOutput);

        var (second, _) = Start(port);
        try
        {
            HashSet<string>? after = null;
            await Eventually.TrueAsync(async () => (after = await SamplesAsync(port, query)) is not null, TimeSpan.FromSeconds(30),
                "the restarted server to answer queries");

            var lost = before.Except(after!).ToList();
            Assert.True(lost.Count == 0, $"{lost.Count} of {before.Count} samples lost, e.g. {string.Join(", ", lost.Take(5))}");
        }
        finally
        {
            second.Kill(entireProcessTree: true);
            await second.WaitForExitAsync();
            second.Dispose();
        }
    }

    private (Process Process, Task<string> Output) Start(int port)
    {
        var process = ServerProcess.Start(_dir, "--config.file=prometheus.yml", "--storage.tsdb.path=data",
            $"--web.listen-address=127.0.0.1:{port}", "--log.level=warn");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        return (process, Task.WhenAll(stdout, stderr).ContinueWith(t => string.Concat(t.Result), TaskScheduler.Default));
    }

    /// <summary>Every (series, timestamp, value) the range selector returns; null while the server does not answer 200.</summary>
    private async Task<HashSet<string>?> SamplesAsync(int port, string query)
    {
        try
        {
            using var response = await _http.GetAsync($"http://127.0.0.1:{port}{query}");
            if (response.StatusCode != HttpStatusCode.OK) return null;
            var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
            var samples = new HashSet<string>(StringComparer.Ordinal);
            foreach (var series in json.GetProperty("data").GetProperty("result").EnumerateArray())
            {
                var kind = series.GetProperty("metric").GetProperty("kind").GetString();
                foreach (var v in series.GetProperty("values").EnumerateArray()) samples.Add($"{kind}@{v[0].GetRawText()}={v[1].GetString()}");
            }
            return samples;
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    public void Dispose()
    {
        _http.Dispose();
        Directory.Delete(_dir, recursive: true);
    }
}
