using System.Buffers;
using MetricsServer.Config;
using MetricsServer.Discovery;
using MetricsServer.Model.Storage;
using MetricsServer.Relabel;
using MetricsServer.Scraper.Http;
using MetricsServer.Scraper.Parsing;
using MetricsServer.Scraper.Targets;
using Microsoft.Extensions.Logging;

namespace MetricsServer.Scraper;

/// <summary>
/// The targets of one scrape config: one shared HTTP client, one <see cref="ScrapeLoop"/> per target. Not
/// thread-safe: the <see cref="ScrapeManager"/> calls it from one task at a time. Reads of the target lists are
/// snapshots and safe from any thread.
/// </summary>
public sealed class ScrapePool : IAsyncDisposable
{
    private readonly IAppendable _storage;
    private readonly ScrapeMetrics _metrics;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;
    private readonly ulong _offsetSeed;
    private readonly ArrayPool<byte> _buffers;
    private readonly TimeSpan _timestampTolerance;
    private Dictionary<ulong, ScrapeLoop> _loops = [];
    private IReadOnlyList<TargetGroup> _groups = [];
    private HttpClient _client;
    private ScrapeLoopOptions _options;
    private TargetBuilder _targetBuilder;
    private volatile IReadOnlyList<Target> _active = [];
    private volatile IReadOnlyList<DroppedTarget> _dropped = [];
    private long _droppedCount;
    private bool _reuseCaches;

    public ScrapePool(ScrapeConfig config, IAppendable storage, ScrapeMetrics metrics, TimeProvider clock, ILogger logger, ulong offsetSeed,
        ArrayPool<byte>? buffers = null, TimeSpan timestampTolerance = default)
    {
        _timestampTolerance = timestampTolerance;
        _buffers = buffers ?? ArrayPool<byte>.Shared;
        _storage = storage;
        _metrics = metrics;
        _clock = clock;
        _logger = logger;
        _offsetSeed = offsetSeed;
        Config = config;
        (_client, _options, _targetBuilder) = Build(config, _timestampTolerance);
    }

    public string Name => Config.JobName;

    public ScrapeConfig Config { get; private set; }

    /// <summary>The targets being scraped, in no particular order.</summary>
    public IReadOnlyList<Target> ActiveTargets => _active;

    /// <summary>Targets dropped by relabeling, up to <c>keep_dropped_targets</c>.</summary>
    public IReadOnlyList<DroppedTarget> DroppedTargets => _dropped;

    /// <summary>How many targets relabeling dropped, including those not kept.</summary>
    public long DroppedCount => Interlocked.Read(ref _droppedCount);

    private static (HttpClient, ScrapeLoopOptions, TargetBuilder) Build(ScrapeConfig config, TimeSpan timestampTolerance)
    {
        IReadOnlyList<string> protocols = config.ScrapeProtocols.Count > 0 ? config.ScrapeProtocols : ConfigLoader.DefaultScrapeProtocols;
        var options = ScrapeLoopOptions.From(config, ExpositionFormat.AcceptHeader(protocols)) with { TimestampTolerance = timestampTolerance };
        return (ScrapeHttpClientFactory.Create(config), options, new TargetBuilder(config, RelabelRules.Compile(config.RelabelConfigs)));
    }

    /// <summary>Replaces the pool's targets with those of <paramref name="groups"/>: new targets start, gone ones stop and go stale.</summary>
    public async Task SyncAsync(IReadOnlyList<TargetGroup> groups)
    {
        _groups = groups;
        _metrics.PoolSyncs.WithLabels(Name).Inc();
        var start = _clock.GetTimestamp();
        await SyncCoreAsync(restartAll: false).ConfigureAwait(false);
        _metrics.SyncLength.WithLabels(Name).Observe(_clock.GetElapsedTime(start).TotalSeconds);
    }

    /// <summary>Takes a changed config: every loop restarts with the new settings, targets that stay keep their series.</summary>
    public async Task ReloadAsync(ScrapeConfig config)
    {
        _metrics.PoolReloads.Inc();
        var (client, options, builder) = Build(config, _timestampTolerance);
        var oldClient = _client;
        // Cached series labels stay right only while the rules that made them are the same.
        _reuseCaches = SampleRulesKey(config) == SampleRulesKey(Config);
        Config = config;
        _client = client;
        _options = options;
        _targetBuilder = builder;
        await SyncCoreAsync(restartAll: true).ConfigureAwait(false);
        _reuseCaches = false;
        oldClient.Dispose();
    }

    private static string SampleRulesKey(ScrapeConfig config) =>
        $"{config.HonorLabels}/{config.HonorTimestamps}/{config.TrackTimestampsStaleness}/{System.Text.Json.JsonSerializer.Serialize(config.MetricRelabelConfigs)}";

    private async Task SyncCoreAsync(bool restartAll)
    {
        var targets = new Dictionary<ulong, Target>();
        var dropped = new List<DroppedTarget>();
        long droppedCount = 0;
        foreach (var group in _groups)
        {
            foreach (var targetLabels in group.Targets)
            {
                var result = _targetBuilder.Build(targetLabels, group.Labels);
                if (result.Error is not null)
                {
                    _logger.LogWarning("Creating target failed in scrape pool {Pool}: {Error} (labels {Labels})", Name, result.Error, result.DiscoveredLabels);
                    continue;
                }
                if (result.Target is null)
                {
                    droppedCount++;
                    if (Config.KeepDroppedTargets == 0 || dropped.Count < Config.KeepDroppedTargets)
                        dropped.Add(new DroppedTarget(result.DiscoveredLabels, Name));
                    continue;
                }
                targets.TryAdd(result.Target.Hash, result.Target);
            }
        }

        var overLimit = Config.TargetLimit > 0 && targets.Count > Config.TargetLimit;
        var next = new Dictionary<ulong, ScrapeLoop>(targets.Count);
        var predecessors = new Dictionary<ulong, ScrapeLoop>();
        var stopping = new List<Task>();
        foreach (var (hash, loop) in _loops)
        {
            var stays = !overLimit && targets.ContainsKey(hash);
            if (stays && !restartAll)
            {
                next[hash] = loop;
                continue;
            }
            if (stays && _reuseCaches) predecessors[hash] = loop;
            stopping.Add(loop.StopAsync(markStale: !stays));
        }
        await Task.WhenAll(stopping).ConfigureAwait(false);

        if (overLimit)
        {
            _metrics.ExceededTargetLimit.Inc();
            var error = $"target_limit exceeded (number of targets: {targets.Count}, limit: {Config.TargetLimit})";
            foreach (var t in targets.Values) t.Report(_clock.GetUtcNow(), TimeSpan.Zero, error, 0);
        }
        else
        {
            foreach (var (hash, target) in targets)
            {
                if (next.ContainsKey(hash)) continue;
                var loop = new ScrapeLoop(target, _options, _client, _storage, _metrics, _clock, _logger, _offsetSeed, predecessors.GetValueOrDefault(hash), _buffers);
                next[hash] = loop;
                loop.Start();
            }
        }
        _loops = next;
        var active = new List<Target>(targets.Count);
        foreach (var loop in next.Values) active.Add(loop.Target);
        if (overLimit) active.AddRange(targets.Values);
        _active = active;
        _dropped = dropped;
        Interlocked.Exchange(ref _droppedCount, droppedCount);
        _metrics.PoolTargets.WithLabels(Name).Set(active.Count);
    }

    /// <summary>Stops every loop; with <paramref name="markStale"/> (the pool was removed) their series go stale.</summary>
    public async Task StopAsync(bool markStale)
    {
        var stopping = new List<Task>(_loops.Count);
        foreach (var loop in _loops.Values) stopping.Add(loop.StopAsync(markStale));
        await Task.WhenAll(stopping).ConfigureAwait(false);
        _loops = [];
        _active = [];
        _metrics.PoolTargets.RemoveLabelled(Name);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(markStale: false).ConfigureAwait(false);
        _client.Dispose();
    }
}
