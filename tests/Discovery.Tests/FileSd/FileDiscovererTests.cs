using System.Threading.Channels;
using MetricsServer.Config;
using MetricsServer.Discovery.FileSd;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Prometheus;

namespace MetricsServer.Discovery.Tests.FileSd;

public sealed class FileDiscovererTests : IDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(5);

    private readonly TempDirectory _dir = new();
    private readonly FakeTimeProvider _time = new();
    private readonly CollectorRegistry _registry = Metrics.NewCustomRegistry();
    private readonly DiscoveryMetrics _metrics;
    private readonly Channel<IReadOnlyList<TargetGroup>> _updates = Channel.CreateUnbounded<IReadOnlyList<TargetGroup>>();
    private readonly CancellationTokenSource _cts = new();

    public FileDiscovererTests() => _metrics = new DiscoveryMetrics(_registry);

    public void Dispose()
    {
        _cts.Dispose();
        _dir.Dispose();
    }

    private Task Start(bool watch, params string[] patterns)
    {
        var config = new FileSdConfig { Files = [.. patterns.Select(p => Path.Combine(_dir.Path, p))], RefreshInterval = Interval };
        var discoverer = new FileDiscoverer(config, _time, _metrics, NullLogger<FileDiscoverer>.Instance, watch);
        return discoverer.RunAsync(_updates.Writer, _cts.Token);
    }

    private static string[] Addresses(IReadOnlyList<TargetGroup> update, string source) =>
        [.. update.Single(g => g.Source == source).Targets.Select(t => t.Get("__address__"))];

    private static bool HasSource(IReadOnlyList<TargetGroup> update, string source) => update.Any(g => g.Source == source);

    [Fact]
    public async Task RunAsync_ReadsYamlAndJsonFilesMatchingThePatterns()
    {
        var yml = _dir.Write("a.yml", "- targets: [a:1]\n  labels: {env: prod}\n- targets: [b:1, c:1]\n");
        var json = _dir.Write("b.json", """[{"targets": ["d:1"]}]""");
        _dir.Write("ignored.txt", "not matched");

        var run = Start(watch: false, "*.yml", "*.json");
        var update = await _updates.Reader.ReadWithTimeoutAsync();

        Assert.Equal(3, update.Count);
        Assert.Equal(["a:1"], Addresses(update, yml + ":0"));
        Assert.Equal(["b:1", "c:1"], Addresses(update, yml + ":1"));
        Assert.Equal(["d:1"], Addresses(update, json + ":0"));
        Assert.Equal("prod", update[0].Labels.Get("env"));
        Assert.All(update, g => Assert.StartsWith(g.Labels.Get("__meta_filepath") + ":", g.Source, StringComparison.Ordinal));
        Assert.Equal(1, await _registry.SampleValueAsync("prometheus_sd_file_scan_duration_seconds_count"));

        await _cts.CancelAsync();
        await run.WithTimeout();
    }

    [Fact]
    public async Task RunAsync_NoMatchingFiles_StillSendsAnEmptyFirstUpdate()
    {
        var run = Start(watch: false, "*.yml");

        var update = await _updates.Reader.ReadWithTimeoutAsync();

        Assert.Empty(update);
        await _cts.CancelAsync();
        await run.WithTimeout();
    }

    [Fact]
    public async Task RunAsync_FileChanged_WatcherTriggersReread()
    {
        var path = _dir.Write("t.yml", "- targets: [a:1]\n");
        var run = Start(watch: true, "*.yml");
        Assert.Equal(["a:1"], Addresses(await _updates.Reader.ReadWithTimeoutAsync(), path + ":0"));

        _dir.Write("t.yml", "- targets: [a:1, b:2]\n");
        var update = await _updates.Reader.ReadUntilAsync(u => HasSource(u, path + ":0") && Addresses(u, path + ":0").Length == 2);

        Assert.Equal(["a:1", "b:2"], Addresses(update, path + ":0"));
        await _cts.CancelAsync();
        await run.WithTimeout();
    }

    [Fact]
    public async Task RunAsync_NewFileCreated_WatcherPicksItUp()
    {
        var run = Start(watch: true, "*.json");
        Assert.Empty(await _updates.Reader.ReadWithTimeoutAsync());

        var path = _dir.Write("new.json", """[{"targets": ["x:1"]}]""");
        var update = await _updates.Reader.ReadUntilAsync(u => HasSource(u, path + ":0"));

        Assert.Equal(["x:1"], Addresses(update, path + ":0"));
        await _cts.CancelAsync();
        await run.WithTimeout();
    }

    [Fact]
    public async Task RunAsync_FileDeleted_SendsEmptyGroupsForAllItsSources()
    {
        var path = _dir.Write("t.yml", "- targets: [a:1]\n- targets: [b:1]\n");
        var run = Start(watch: true, "*.yml");
        Assert.Equal(2, (await _updates.Reader.ReadWithTimeoutAsync()).Count);

        File.Delete(path);
        var update = await _updates.Reader.ReadUntilAsync(u => u.Count > 0);

        Assert.Equal([path + ":0", path + ":1"], update.Select(g => g.Source));
        Assert.All(update, g => Assert.Empty(g.Targets));
        await _cts.CancelAsync();
        await run.WithTimeout();
    }

    [Fact]
    public async Task RunAsync_FileShrinks_SendsEmptyGroupsForTheSourcesBeyondItsEnd()
    {
        var path = _dir.Write("t.yml", "- targets: [a:1]\n- targets: [b:1]\n- targets: [c:1]\n");
        var run = Start(watch: false, "*.yml");
        Assert.Equal(3, (await _updates.Reader.ReadWithTimeoutAsync()).Count);

        _dir.Write("t.yml", "- targets: [z:1]\n");
        _time.Advance(Interval);
        var update = await _updates.Reader.ReadWithTimeoutAsync();

        Assert.Equal([path + ":0", path + ":1", path + ":2"], update.Select(g => g.Source));
        Assert.Equal(["z:1"], Addresses(update, path + ":0"));
        Assert.Empty(update[1].Targets);
        Assert.Empty(update[2].Targets);
        await _cts.CancelAsync();
        await run.WithTimeout();
    }

    [Fact]
    public async Task RunAsync_MalformedFile_KeepsPreviousGroupsAndCountsTheError()
    {
        var good = _dir.Write("good.yml", "- targets: [g:1]\n");
        var bad = _dir.Write("bad.yml", "- targets: [a:1]\n- targets: [b:1]\n");
        var run = Start(watch: false, "*.yml");
        Assert.Equal(3, (await _updates.Reader.ReadWithTimeoutAsync()).Count);

        _dir.Write("bad.yml", "- targets: [a:1\n");
        _time.Advance(Interval);
        var update = await _updates.Reader.ReadWithTimeoutAsync();

        // Nothing is sent for the broken file, not even empty groups: its previous groups stay in force.
        Assert.DoesNotContain(update, g => g.Source.StartsWith(bad, StringComparison.Ordinal));
        Assert.Equal(["g:1"], Addresses(update, good + ":0"));
        Assert.Equal(1, _metrics.FileReadErrors.Value);

        // Once fixed, the file is read again, and its now missing second group is withdrawn.
        _dir.Write("bad.yml", "- targets: [a:2]\n");
        _time.Advance(Interval);
        update = await _updates.Reader.ReadWithTimeoutAsync();
        Assert.Equal(["a:2"], Addresses(update, bad + ":0"));
        Assert.Empty(update.Single(g => g.Source == bad + ":1").Targets);
        Assert.Equal(1, _metrics.FileReadErrors.Value);

        await _cts.CancelAsync();
        await run.WithTimeout();
    }

    [Fact]
    public async Task RunAsync_RefreshInterval_RereadsOnlyWhenTheIntervalHasPassed()
    {
        var path = _dir.Write("t.json", """[{"targets": ["a:1"]}]""");
        var run = Start(watch: false, "*.json");
        await _updates.Reader.ReadWithTimeoutAsync();
        _dir.Write("t.json", """[{"targets": ["b:1"]}]""");

        _time.Advance(Interval - TimeSpan.FromSeconds(1));
        Assert.False(_updates.Reader.TryRead(out _));
        _time.Advance(TimeSpan.FromSeconds(1));
        var update = await _updates.Reader.ReadWithTimeoutAsync();

        Assert.Equal(["b:1"], Addresses(update, path + ":0"));
        Assert.Equal(2, await _registry.SampleValueAsync("prometheus_sd_file_scan_duration_seconds_count"));
        await _cts.CancelAsync();
        await run.WithTimeout();
    }

    [Fact]
    public async Task RunAsync_Cancelled_CompletesSuccessfully()
    {
        var run = Start(watch: true, "*.yml");
        await _updates.Reader.ReadWithTimeoutAsync();

        await _cts.CancelAsync();
        await run.WithTimeout();

        Assert.True(run.IsCompletedSuccessfully);
    }
}
