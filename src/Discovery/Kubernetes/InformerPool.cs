using Microsoft.Extensions.Logging;

namespace MetricsServer.Discovery.Kubernetes;

/// <summary>
/// One <see cref="Informer"/> per (API server connection, resource, namespace, label selector, field selector),
/// shared by every discoverer that asks for it: started by the first <see cref="Acquire"/>, stopped when the last
/// holder releases it. Thread-safe.
/// </summary>
internal sealed class InformerPool
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly DiscoveryMetrics _metrics;
    private readonly ILogger _logger;
    private readonly TimeProvider _timeProvider;
    private readonly KubernetesDiscoveryOptions _options;

    private sealed class Entry(Informer informer)
    {
        public Informer Informer { get; } = informer;
        public int References { get; set; }
    }

    public InformerPool(DiscoveryMetrics metrics, ILogger logger, TimeProvider timeProvider, KubernetesDiscoveryOptions options)
    {
        _metrics = metrics;
        _logger = logger;
        _timeProvider = timeProvider;
        _options = options;
    }

    /// <summary>Informers running now: for tests of sharing.</summary>
    public int Count
    {
        get { lock (_lock) return _entries.Count; }
    }

    public Informer Acquire(KubernetesConnection connection, KubernetesResource resource, string? ns, string? label, string? field)
    {
        var key = string.Join('\u0001', connection.Key, resource.Name, ns ?? "", label ?? "", field ?? "");
        lock (_lock)
        {
            if (!_entries.TryGetValue(key, out var entry))
            {
                entry = new Entry(new Informer(connection, resource, ns, label, field, _metrics, _logger, _timeProvider, _options));
                _entries.Add(key, entry);
                entry.Informer.Start();
            }
            entry.References++;
            return entry.Informer;
        }
    }

    public async ValueTask ReleaseAsync(Informer informer)
    {
        Informer? stopped = null;
        lock (_lock)
        {
            foreach (var (key, entry) in _entries)
            {
                if (!ReferenceEquals(entry.Informer, informer)) continue;
                if (--entry.References == 0)
                {
                    _entries.Remove(key);
                    stopped = informer;
                }
                break;
            }
        }
        if (stopped is not null) await stopped.DisposeAsync().ConfigureAwait(false);
    }
}
