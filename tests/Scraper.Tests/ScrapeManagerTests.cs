using MetricsServer.Config;
using MetricsServer.Discovery;
using MetricsServer.Model.Labels;
using MetricsServer.Model.Storage;
using MetricsServer.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;

namespace MetricsServer.Scraper.Tests;

public sealed class ScrapeManagerTests : IAsyncDisposable
{
    private readonly ScrapeTarget _a = new("series_a 1\n");
    private readonly ScrapeTarget _b = new("series_b 2\n");
    private readonly RecordingAppendable _storage = new();
    private readonly ScrapeManager _manager;

    public ScrapeManagerTests()
    {
        _manager = new ScrapeManager(_storage, new ScrapeMetrics(Prometheus.Metrics.NewCustomRegistry()), TimeProvider.System, NullLoggerFactory.Instance);
    }

    private static PrometheusConfig Config(TimeSpan timeout) => new()
    {
        ScrapeConfigs =
        [
            new ScrapeConfig { JobName = "job", ScrapeInterval = TimeSpan.FromSeconds(1), ScrapeTimeout = timeout },
        ],
    };

    private static Dictionary<string, IReadOnlyList<TargetGroup>> Groups(params ScrapeTarget[] targets) => new()
    {
        ["job"] = [new TargetGroup("0", [.. targets.Select(t => LabelSet.FromStrings(LabelNames.Address, t.Address))], LabelSet.Empty)],
    };

    private IReadOnlyList<(long T, double V)> Samples(string name) =>
        _storage.Find(l => l.MetricName == name).SingleOrDefault().Samples ?? [];

    [Fact]
    public async Task Sync_TargetGoesAway_ItsSeriesGoStale_OthersGoOn()
    {
        await _manager.ApplyConfigAsync(Config(TimeSpan.FromSeconds(1)));
        await _manager.SyncAsync(Groups(_a, _b));
        await Eventually.TrueAsync(() => Samples("series_a").Count > 0 && Samples("series_b").Count > 0, TimeSpan.FromSeconds(10), "both targets scraped");

        await _manager.SyncAsync(Groups(_a));

        Assert.True(StaleMarker.IsStale(Samples("series_b")[^1].V));
        Assert.Single(_manager.Pools.Single().ActiveTargets);
        var before = Samples("series_a").Count;
        await Eventually.TrueAsync(() => Samples("series_a").Count > before, TimeSpan.FromSeconds(10), "target a scraped again");
        Assert.DoesNotContain(Samples("series_a"), s => StaleMarker.IsStale(s.V));
    }

    [Fact]
    public async Task ApplyConfig_ChangedJob_ReloadsPoolKeepingTargetsWithoutStaleness()
    {
        await _manager.ApplyConfigAsync(Config(TimeSpan.FromSeconds(1)));
        await _manager.SyncAsync(Groups(_a));
        await Eventually.TrueAsync(() => Samples("series_a").Count > 0, TimeSpan.FromSeconds(10), "target scraped");
        var pool = _manager.Pools.Single();

        await _manager.ApplyConfigAsync(Config(TimeSpan.FromMilliseconds(900)));

        Assert.Same(pool, _manager.Pools.Single());
        var target = Assert.Single(pool.ActiveTargets);
        Assert.Equal(TimeSpan.FromMilliseconds(900), target.Timeout);
        Assert.DoesNotContain(Samples("series_a"), s => StaleMarker.IsStale(s.V));
        var before = Samples("series_a").Count;
        await Eventually.TrueAsync(() => Samples("series_a").Count > before, TimeSpan.FromSeconds(10), "scraping goes on after the reload");
    }

    [Fact]
    public async Task ApplyConfig_JobRemoved_StopsPoolAndMarksStale()
    {
        await _manager.ApplyConfigAsync(Config(TimeSpan.FromSeconds(1)));
        await _manager.SyncAsync(Groups(_a));
        await Eventually.TrueAsync(() => Samples("series_a").Count > 0, TimeSpan.FromSeconds(10), "target scraped");

        await _manager.ApplyConfigAsync(new PrometheusConfig());

        Assert.Empty(_manager.Pools);
        Assert.True(StaleMarker.IsStale(Samples("series_a")[^1].V));
        Assert.True(StaleMarker.IsStale(Samples("up")[^1].V));
    }

    [Fact]
    public async Task Sync_OverTargetLimit_ScrapesNothingAndReportsError()
    {
        var config = Config(TimeSpan.FromSeconds(1));
        config.ScrapeConfigs[0].TargetLimit = 1;
        await _manager.ApplyConfigAsync(config);
        await _manager.SyncAsync(Groups(_a, _b));

        var targets = _manager.Pools.Single().ActiveTargets;
        Assert.Equal(2, targets.Count);
        Assert.All(targets, t => Assert.StartsWith("target_limit exceeded", t.Status.LastError));
        await Task.Delay(1500);
        Assert.Empty(_a.Requests);
    }

    [Fact]
    public async Task Dispose_StopsEveryLoop()
    {
        await _manager.ApplyConfigAsync(Config(TimeSpan.FromSeconds(1)));
        await _manager.SyncAsync(Groups(_a));
        await Eventually.TrueAsync(() => _a.Requests.Count > 0, TimeSpan.FromSeconds(10), "a first scrape");

        await _manager.DisposeAsync();
        var after = _a.Requests.Count;
        await Task.Delay(1500);

        Assert.Equal(after, _a.Requests.Count);
        Assert.Empty(_manager.Pools);
    }

    public async ValueTask DisposeAsync()
    {
        await _manager.DisposeAsync();
        await _a.DisposeAsync();
        await _b.DisposeAsync();
    }
}
