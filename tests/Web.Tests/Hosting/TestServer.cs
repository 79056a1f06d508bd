using System.Net.Http.Json;
using System.Text.Json;
using MetricsServer.Model.Labels;
using MetricsServer.Model.Storage;
using MetricsServer.TestSupport;
using MetricsServer.Tsdb;
using MetricsServer.Web.Flags;
using MetricsServer.Web.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace MetricsServer.Web.Tests.Hosting;

/// <summary>
/// Our whole server, in process, on a free loopback port, with a config file and data directory of its own.
/// Built by the real composition root from real flags.
/// </summary>
public sealed class TestServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private TestServer(WebApplication app, string directory, int port, string configFile)
    {
        _app = app;
        Directory = directory;
        Port = port;
        ConfigFile = configFile;
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
    }

    public string Directory { get; }
    public int Port { get; }
    public string ConfigFile { get; }
    public HttpClient Http { get; }
    public string Address => $"127.0.0.1:{Port}";
    public Head Head => _app.Services.GetRequiredService<Head>();
    public Db Db => _app.Services.GetRequiredService<Db>();
    public IServiceProvider Services => _app.Services;
    public ReadinessState Readiness => _app.Services.GetRequiredService<ReadinessState>();

    /// <summary>
    /// Starts a server whose config is <paramref name="configYaml"/> (<c>{self}</c> in it becomes the server's own
    /// address) on a fresh data directory, and waits until it is ready.
    /// </summary>
    public static async Task<TestServer> StartAsync(string configYaml, params string[] extraFlags)
    {
        var server = await StartOnAsync(configYaml, dataDirectory: null, replayBarrier: null, extraFlags);
        await server.WaitUntilReadyAsync();
        return server;
    }

    /// <summary>
    /// Starts a server on <paramref name="dataDirectory"/> (null: a fresh one) without waiting for it to be ready;
    /// its WAL replay waits for <paramref name="replayBarrier"/> when given.
    /// </summary>
    public static async Task<TestServer> StartOnAsync(string configYaml, string? dataDirectory, Task? replayBarrier, params string[] extraFlags)
    {
        var dir = Path.Combine(Path.GetTempPath(), "ms-test-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(dir);
        var port = FreePort.Next();
        var configFile = Path.Combine(dir, "prometheus.yml");
        await File.WriteAllTextAsync(configFile, configYaml.Replace("{self}", $"127.0.0.1:{port}", StringComparison.Ordinal));
        string[] args =
        [
            $"--config.file={configFile}", $"--storage.tsdb.path={dataDirectory ?? Path.Combine(dir, "data")}",
            $"--web.listen-address=127.0.0.1:{port}", "--scrape.discovery-reload-interval=100ms", "--log.level=warn", .. extraFlags,
        ];
        var parsed = FlagParser.Parse(args);
        Assert.True(parsed.IsSuccess, parsed.Error);
        var app = ServerHost.Build(parsed.Options, configFile);
        if (replayBarrier is not null) app.Services.GetRequiredService<StorageService>().HoldReplayUntil(replayBarrier);
        await app.StartAsync();
        return new TestServer(app, dir, port, configFile);
    }

    public Task WaitUntilReadyAsync() => Readiness.WhenReady.WaitAsync(TimeSpan.FromSeconds(30));

    public async Task<JsonElement> GetJsonAsync(string path)
    {
        using var response = await Http.GetAsync(path);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        return json;
    }

    /// <summary>The active targets of <c>/api/v1/targets</c>.</summary>
    public async Task<List<JsonElement>> ActiveTargetsAsync()
    {
        var json = await GetJsonAsync("/api/v1/targets");
        return [.. json.GetProperty("data").GetProperty("activeTargets").EnumerateArray()];
    }

    public async Task WaitForTargetsAsync(Func<List<JsonElement>, bool> condition, string what, int seconds = 30) =>
        await Eventually.TrueAsync(async () => condition(await ActiveTargetsAsync()), TimeSpan.FromSeconds(seconds), what);

    /// <summary>Series in storage (blocks and head) matching the matchers, with their samples.</summary>
    public List<(LabelSet Labels, List<(long T, double V)> Samples)> Select(params Matcher[] matchers)
    {
        using var q = Db.Querier(long.MinValue, long.MaxValue);
        var set = q.Select(true, null, matchers);
        var result = new List<(LabelSet, List<(long, double)>)>();
        while (set.MoveNext())
        {
            var samples = new List<(long, double)>();
            var it = set.Current.Iterator();
            while (it.Next() == ValueKind.Float) samples.Add(it.At());
            result.Add((set.Current.Labels, samples));
        }
        return result;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
