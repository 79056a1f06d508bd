using MetricsServer.Config;
using MetricsServer.Model.Labels;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Prometheus;

namespace MetricsServer.Discovery.Tests;

public sealed class DiscoveryManagerTests : IAsyncDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    private readonly FakeTimeProvider _time = new();
    private readonly CollectorRegistry _registry = Metrics.NewCustomRegistry();
    private readonly DiscoveryMetrics _metrics;
    private readonly FakeDiscovererFactory _factory = new();
    private readonly DiscoveryManager _manager;

    public DiscoveryManagerTests()
    {
        _metrics = new DiscoveryMetrics(_registry);
        _manager = new DiscoveryManager(_factory, new DiscoveryManagerOptions { UpdateInterval = Interval }, _metrics, _time, NullLogger<DiscoveryManager>.Instance);
    }

    public async ValueTask DisposeAsync() => await _manager.DisposeAsync();

    /// <summary>A job with one fake discoverer per target list; the lists make up its service-discovery config.</summary>
    private static ScrapeConfig Job(string name, params string[][] targetLists) =>
        new() { JobName = name, StaticConfigs = [.. targetLists.Select(t => new StaticConfig { Targets = [.. t] })] };

    private static TargetGroup Group(string source, params string[] addresses) =>
        new(source, [.. addresses.Select(a => LabelSet.FromStrings(LabelNames.Address, a))], LabelSet.Empty);

    private static string[] Addresses(IReadOnlyDictionary<string, IReadOnlyList<TargetGroup>> snapshot, string job) =>
        [.. snapshot[job].SelectMany(g => g.Targets).Select(t => t.Get(LabelNames.Address)).Order(StringComparer.Ordinal)];

    private double Received => _metrics.ReceivedUpdates.WithLabels("scrape").Value;

    private double Sent => _metrics.Updates.WithLabels("scrape").Value;

    /// <summary>Sends and waits until the manager has merged the update, so a snapshot taken next includes it.</summary>
    private async Task SendAndWaitAsync(FakeDiscoverer discoverer, params TargetGroup[] groups)
    {
        var before = Received;
        await discoverer.SendAsync(groups);
        await ChannelTestExtensions.WaitUntilAsync(() => Received > before);
    }

    /// <summary>Lets the throttle interval pass and returns the snapshot sent then.</summary>
    private async Task<IReadOnlyDictionary<string, IReadOnlyList<TargetGroup>>> NextSnapshotAsync()
    {
        _time.Advance(Interval);
        return await _manager.SyncChannel.ReadWithTimeoutAsync();
    }

    [Fact]
    public async Task ApplyConfig_FirstUpdate_IsSentRightAway()
    {
        _manager.ApplyConfig([Job("a", ["x"])]);

        await _factory.Latest("a")[0].SendAsync(Group("0", "x:1"));
        var snapshot = await _manager.SyncChannel.ReadWithTimeoutAsync();

        Assert.Equal(["x:1"], Addresses(snapshot, "a"));
        Assert.Equal(1, _metrics.DiscoveredTargets.WithLabels("scrape", "a").Value);
        Assert.Equal(1, Sent);
    }

    [Fact]
    public async Task Updates_AreMergedPerJobBySourceAndDiscoverer()
    {
        _manager.ApplyConfig([Job("a", ["1"], ["2"]), Job("b", ["3"])]);
        var (a0, a1) = (_factory.Latest("a")[0], _factory.Latest("a")[1]);
        await SendAndWaitAsync(a0, Group("s1", "x:1"), Group("s2", "y:1"));
        await _manager.SyncChannel.ReadWithTimeoutAsync();

        // The same source from another discoverer is another group; an empty group withdraws its source's targets;
        // a partial update leaves the other sources alone.
        await SendAndWaitAsync(a1, Group("s1", "z:1"));
        await SendAndWaitAsync(a0, Group("s2"));
        await SendAndWaitAsync(_factory.Latest("b")[0], Group("s1", "w:1"));
        var snapshot = await NextSnapshotAsync();

        Assert.Equal(["x:1", "z:1"], Addresses(snapshot, "a"));
        Assert.Equal(["w:1"], Addresses(snapshot, "b"));
        Assert.Equal(2, _metrics.DiscoveredTargets.WithLabels("scrape", "a").Value);
        Assert.Equal(4, Received);
    }

    [Fact]
    public async Task Updates_WithinTheInterval_AreCoalescedIntoOneSend()
    {
        _manager.ApplyConfig([Job("a", ["x"])]);
        var discoverer = _factory.Latest("a")[0];
        await SendAndWaitAsync(discoverer, Group("0", "x:1"));
        await _manager.SyncChannel.ReadWithTimeoutAsync();

        await SendAndWaitAsync(discoverer, Group("1", "y:1"));
        await SendAndWaitAsync(discoverer, Group("2", "z:1"));
        _time.Advance(Interval - TimeSpan.FromMilliseconds(1));
        Assert.False(_manager.SyncChannel.TryRead(out _));
        var snapshot = await NextSnapshotAsync();

        Assert.Equal(["x:1", "y:1", "z:1"], Addresses(snapshot, "a"));
        Assert.Equal(2, Sent);
        _time.Advance(Interval);
        Assert.False(_manager.SyncChannel.TryRead(out _));
    }

    [Fact]
    public async Task ApplyConfig_UnchangedSdConfig_KeepsRunningDiscoverers()
    {
        _manager.ApplyConfig([Job("a", ["x"])]);
        var before = _manager.ProvidersOf("a");

        // Equal but not the same objects, and a change outside the service-discovery sections.
        var again = Job("a", ["x"]);
        again.ScrapeInterval = TimeSpan.FromSeconds(30);
        _manager.ApplyConfig([again, Job("b", ["y"])]);
        var after = _manager.ProvidersOf("a");

        Assert.Single(_factory.CreatedFor("a"));
        var (discoverer, task) = Assert.Single(after);
        Assert.Same(before[0].Discoverer, discoverer);
        Assert.Same(before[0].Task, task);
        Assert.False(task.IsCompleted);
        await ((FakeDiscoverer)discoverer).Started.WithTimeout();
        Assert.Equal(1, ((FakeDiscoverer)discoverer).Runs);
    }

    [Fact]
    public async Task ApplyConfig_ChangedSdConfig_RestartsDiscoverers_KeepingOldTargetsUntilTheNewReport()
    {
        _manager.ApplyConfig([Job("a", ["x"]), Job("b", ["y"])]);
        var old = _factory.Latest("a")[0];
        await SendAndWaitAsync(old, Group("0", "old:1"));
        await _manager.SyncChannel.ReadWithTimeoutAsync();

        _manager.ApplyConfig([Job("a", ["x", "x2"]), Job("b", ["y"])]);
        await old.Stopped.WithTimeout();
        var replacement = _factory.Latest("a")[0];
        Assert.NotSame(old, replacement);
        await replacement.Started.WithTimeout();

        // Another job's update makes a snapshot while the new discoverer has not reported yet.
        await SendAndWaitAsync(_factory.Latest("b")[0], Group("0", "b:1"));
        Assert.Equal(["old:1"], Addresses(await NextSnapshotAsync(), "a"));

        await SendAndWaitAsync(replacement, Group("0", "new:1"));
        Assert.Equal(["new:1"], Addresses(await NextSnapshotAsync(), "a"));
    }

    [Fact]
    public async Task ApplyConfig_RemovedJob_IsSentOnceWithNoTargetsAndItsDiscoverersStop()
    {
        _manager.ApplyConfig([Job("a", ["x"]), Job("b", ["y"])]);
        var b = _factory.Latest("b")[0];
        await SendAndWaitAsync(b, Group("0", "b:1"));
        await _manager.SyncChannel.ReadWithTimeoutAsync();

        _manager.ApplyConfig([Job("a", ["x"])]);
        var snapshot = await NextSnapshotAsync();

        Assert.Empty(snapshot["b"]);
        await b.Stopped.WithTimeout();
        await SendAndWaitAsync(_factory.Latest("a")[0], Group("0", "a:1"));
        var next = await NextSnapshotAsync();
        Assert.False(next.ContainsKey("b"));
        Assert.Equal(["a:1"], Addresses(next, "a"));
        Assert.Null(await _registry.SampleValueAsync("prometheus_sd_discovered_targets{name=\"scrape\",config=\"b\"}"));
    }

    [Fact]
    public async Task ApplyConfig_JobWithoutDiscoverers_IsSentWithAnEmptyList()
    {
        _manager.ApplyConfig([new ScrapeConfig { JobName = "empty" }]);

        var snapshot = await _manager.SyncChannel.ReadWithTimeoutAsync();

        Assert.Empty(snapshot["empty"]);
    }

    [Fact]
    public async Task FailingDiscoverer_DoesNotStopOtherJobs()
    {
        _factory.FailingJob = "broken";
        _manager.ApplyConfig([Job("broken", ["x"]), Job("a", ["y"])]);
        await _factory.Latest("broken")[0].Stopped.WithTimeout();

        await SendAndWaitAsync(_factory.Latest("a")[0], Group("0", "a:1"));
        var snapshot = await _manager.SyncChannel.ReadUntilAsync(s => s.TryGetValue("a", out var g) && g.Count > 0);

        Assert.Equal(["a:1"], Addresses(snapshot, "a"));
        Assert.Empty(snapshot["broken"]);
    }

    [Fact]
    public async Task DisposeAsync_CompletesEveryOwnedTaskAndTheSyncChannel()
    {
        _manager.ApplyConfig([Job("a", ["x"]), Job("b", ["y"], ["z"])]);
        await SendAndWaitAsync(_factory.Latest("a")[0], Group("0", "a:1"));
        _manager.ApplyConfig([Job("a", ["x2"])]);
        var owned = _manager.OwnedTasks();
        // Discoverers of a and b, the replaced discoverer of a while it stops, and the sender.
        Assert.True(owned.Count >= 4);

        await _manager.DisposeAsync().AsTask().WithTimeout();

        Assert.All(owned, t => Assert.True(t.IsCompletedSuccessfully));
        Assert.All(_factory.CreatedFor("b")[0], d => Assert.True(d.Stopped.IsCompleted));
        while (_manager.SyncChannel.TryRead(out _)) { }
        Assert.True(_manager.SyncChannel.Completion.IsCompleted);
        Assert.Throws<ObjectDisposedException>(() => _manager.ApplyConfig([]));
    }

    [Fact]
    public async Task SlowConsumer_GetsTheNewestStateWhenItReadsAgain()
    {
        _manager.ApplyConfig([Job("a", ["x"])]);
        var discoverer = _factory.Latest("a")[0];
        await SendAndWaitAsync(discoverer, Group("0", "x:1"));
        await ChannelTestExtensions.WaitUntilAsync(() => Sent == 1);

        // The first snapshot is still unread: later sends wait for the consumer and carry the newest state.
        await SendAndWaitAsync(discoverer, Group("0", "x:2"));
        _time.Advance(Interval);
        await ChannelTestExtensions.WaitUntilAsync(() => _metrics.DelayedUpdates.WithLabels("scrape").Value == 1);
        await SendAndWaitAsync(discoverer, Group("0", "x:3"));

        Assert.Equal(["x:1"], Addresses(await _manager.SyncChannel.ReadWithTimeoutAsync(), "a"));
        Assert.Equal(["x:3"], Addresses(await _manager.SyncChannel.ReadWithTimeoutAsync(), "a"));
    }

    [Fact]
    public async Task ApplyConfig_WithDefaultFactory_PublishesStaticTargets()
    {
        var time = new FakeTimeProvider();
        var metrics = new DiscoveryMetrics(Metrics.NewCustomRegistry());
        await using var manager = new DiscoveryManager(
            new DefaultDiscovererFactory(time, metrics, NullLoggerFactory.Instance), new DiscoveryManagerOptions(), metrics, time, NullLogger<DiscoveryManager>.Instance);

        manager.ApplyConfig([new ScrapeConfig
        {
            JobName = "node",
            StaticConfigs = [new StaticConfig { Targets = ["n1:9100", "n2:9100"], Labels = new() { ["env"] = "prod" } }],
        }]);
        var snapshot = await manager.SyncChannel.ReadWithTimeoutAsync();

        var group = Assert.Single(snapshot["node"]);
        Assert.Equal(["n1:9100", "n2:9100"], group.Targets.Select(t => t.Get(LabelNames.Address)));
        Assert.Equal("prod", group.Labels.Get("env"));
    }

    [Fact]
    public void SdConfigKey_DependsOnlyOnServiceDiscoverySections()
    {
        static ScrapeConfig Make(TimeSpan refresh, string token, TimeSpan scrapeInterval) => new()
        {
            JobName = "j",
            ScrapeInterval = scrapeInterval,
            StaticConfigs = [new StaticConfig { Targets = ["a:1"], Labels = new() { ["x"] = "y" } }],
            FileSdConfigs = [new FileSdConfig { Files = ["/sd/*.yml"], RefreshInterval = refresh }],
            KubernetesSdConfigs = [new KubernetesSdConfig { Role = "pod", BearerToken = new Secret(token) }],
        };
        var key = DiscoveryManager.SdConfigKey(Make(TimeSpan.FromMinutes(5), "t1", TimeSpan.FromSeconds(15)));

        Assert.Equal(key, DiscoveryManager.SdConfigKey(Make(TimeSpan.FromMinutes(5), "t1", TimeSpan.FromSeconds(60))));
        Assert.NotEqual(key, DiscoveryManager.SdConfigKey(Make(TimeSpan.FromMinutes(1), "t1", TimeSpan.FromSeconds(15))));
        // A changed secret must restart discovery even though secrets print as <secret>.
        Assert.NotEqual(key, DiscoveryManager.SdConfigKey(Make(TimeSpan.FromMinutes(5), "t2", TimeSpan.FromSeconds(15))));
    }
}
