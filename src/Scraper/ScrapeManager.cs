using System.Buffers;
using System.Text.Json;
using System.Threading.Channels;
using MetricsServer.Config;
using MetricsServer.Discovery;
using MetricsServer.Model.Storage;
using Microsoft.Extensions.Logging;

namespace MetricsServer.Scraper;

/// <summary>
/// Keeps one <see cref="ScrapePool"/> per scrape config and feeds each the target groups that discovery finds for
/// its job. Config reloads rebuild only the pools whose config changed. Thread-safe: config applications and
/// target updates are serialised.
/// </summary>
public sealed class ScrapeManager : IAsyncDisposable
{
    private readonly IAppendable _storage;
    private readonly ScrapeMetrics _metrics;
    private readonly TimeProvider _clock;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger _logger;
    private readonly ulong _offsetSeed;
    private readonly TimeSpan _timestampTolerance;
    private readonly SemaphoreSlim _gate = new(1, 1);
    // One pool of body buffers for every scrape: bounded in count per size, so memory follows concurrent scrapes,
    // not targets.
    private readonly ArrayPool<byte> _buffers = ArrayPool<byte>.Create(maxArrayLength: 1 << 30, maxArraysPerBucket: 8);
    private readonly Dictionary<string, (ScrapePool Pool, string ConfigKey)> _pools = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IReadOnlyList<TargetGroup>> _groups = new(StringComparer.Ordinal);
    private volatile IReadOnlyList<ScrapePool> _poolList = [];
    private bool _disposed;

    public ScrapeManager(IAppendable storage, ScrapeMetrics metrics, TimeProvider clock, ILoggerFactory loggers, ulong offsetSeed = 0,
        TimeSpan timestampTolerance = default)
    {
        _timestampTolerance = timestampTolerance;
        _storage = storage;
        _metrics = metrics;
        _clock = clock;
        _loggers = loggers;
        _logger = loggers.CreateLogger<ScrapeManager>();
        _offsetSeed = offsetSeed;
    }

    /// <summary>The current pools, ordered by job name.</summary>
    public IReadOnlyList<ScrapePool> Pools => _poolList;

    /// <summary>Creates, reloads and removes pools so that there is one per scrape config of <paramref name="config"/>.</summary>
    public async Task ApplyConfigAsync(PrometheusConfig config, CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var wanted = new Dictionary<string, ScrapeConfig>(StringComparer.Ordinal);
            foreach (var sc in config.ScrapeConfigs) wanted[sc.JobName] = sc;

            foreach (var name in _pools.Keys.ToList())
            {
                if (wanted.ContainsKey(name)) continue;
                var (pool, _) = _pools[name];
                _pools.Remove(name);
                await pool.StopAsync(markStale: true).ConfigureAwait(false);
                await pool.DisposeAsync().ConfigureAwait(false);
            }

            foreach (var (name, sc) in wanted)
            {
                var key = ConfigKey(sc);
                if (_pools.TryGetValue(name, out var existing))
                {
                    if (existing.ConfigKey == key) continue;
                    await existing.Pool.ReloadAsync(sc).ConfigureAwait(false);
                    _pools[name] = (existing.Pool, key);
                    continue;
                }
                _metrics.PoolsTotal.Inc();
                ScrapePool created;
                try
                {
                    created = new ScrapePool(sc, _storage, _metrics, _clock, _loggers.CreateLogger("MetricsServer.Scraper.ScrapePool." + name), _offsetSeed, _buffers, _timestampTolerance);
                }
#pragma warning disable CA1031 // A pool that cannot be built (unreadable CA file, say) must not stop the others.
                catch (Exception e)
#pragma warning restore CA1031
                {
                    _metrics.PoolsFailed.Inc();
                    _logger.LogError(e, "Creating scrape pool {Pool} failed", name);
                    continue;
                }
                _pools[name] = (created, key);
                if (_groups.TryGetValue(name, out var groups)) await created.SyncAsync(groups).ConfigureAwait(false);
            }
            PublishPoolList();
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Applies target groups per job as discovery sends them, until cancelled.</summary>
    public async Task RunAsync(ChannelReader<IReadOnlyDictionary<string, IReadOnlyList<TargetGroup>>> updates, CancellationToken cancellationToken)
    {
        await foreach (var update in updates.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            await SyncAsync(update, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Applies one set of target groups, by job name.</summary>
    public async Task SyncAsync(IReadOnlyDictionary<string, IReadOnlyList<TargetGroup>> update, CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            foreach (var (job, groups) in update)
            {
                _groups[job] = groups;
                if (_pools.TryGetValue(job, out var entry)) await entry.Pool.SyncAsync(groups).ConfigureAwait(false);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private void PublishPoolList()
    {
        var list = _pools.Values.Select(p => p.Pool).OrderBy(p => p.Name, StringComparer.Ordinal).ToList();
        _poolList = list;
    }

    /// <summary>A pool is reloaded only when its config's serialized form changes.</summary>
    private static string ConfigKey(ScrapeConfig config) => JsonSerializer.Serialize(config);

    /// <summary>Stops every pool and its loops, awaiting them; a stopped manager takes no more work. Idempotent.</summary>
    public async Task StopAsync()
    {
        if (_disposed) return;
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            foreach (var (pool, _) in _pools.Values) await pool.DisposeAsync().ConfigureAwait(false);
            _pools.Clear();
            _poolList = [];
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed) return;
        await StopAsync().ConfigureAwait(false);
        _disposed = true;
        _gate.Dispose();
    }
}
