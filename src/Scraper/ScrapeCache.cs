using MetricsServer.Model.Storage;

namespace MetricsServer.Scraper;

/// <summary>
/// Per-target map from a series' raw exposition bytes (<c>name{labels}</c>) to what the last scrapes learned about
/// it: its storage ref, or that metric relabeling dropped it. The labels themselves live in the storage only: the
/// cache holds no copy of them, which keeps it to a few dozen bytes per series beside the key. A steady-state scrape finds every
/// series here and so neither parses labels nor allocates. Also tracks which series each scrape saw, so that
/// series that disappear get staleness markers. Not thread-safe: one scrape loop owns it.
/// </summary>
internal sealed class ScrapeCache
{
    private readonly Dictionary<byte[], Entry> _entries = new(ByteKeyComparer.Instance);
    private readonly Dictionary<byte[], Entry>.AlternateLookup<ReadOnlySpan<byte>> _lookup;
    private readonly List<byte[]> _toRemove = [];

    public ScrapeCache() => _lookup = _entries.GetAlternateLookup<ReadOnlySpan<byte>>();

    /// <summary>The number of the scrape in progress; entries seen in it carry this number.</summary>
    public long Iteration { get; private set; }

    public int Count => _entries.Count;

    /// <summary>Starts a new scrape.</summary>
    public void BeginIteration() => Iteration++;

    public bool TryGet(ReadOnlySpan<byte> key, out Entry entry) => _lookup.TryGetValue(key, out entry!);

    /// <summary>Adds a series seen for the first time; the key bytes are copied.</summary>
    public Entry Add(ReadOnlySpan<byte> key, bool dropped)
    {
        var entry = new Entry { Dropped = dropped };
        _lookup[key] = entry;
        return entry;
    }

    /// <summary>
    /// Ends a successful scrape: calls <paramref name="stale"/> for each series the previous scrape saw and this one
    /// did not, and forgets them. A series that reappears is looked up by labels again.
    /// </summary>
    public void EndIteration<TSink>(ref TSink stale) where TSink : IStaleSink, allows ref struct
    {
        foreach (var (key, entry) in _entries)
        {
            if (entry.LastSeen == Iteration)
            {
                entry.Live = true;
                continue;
            }
            if (entry.Live && !entry.Dropped && !entry.HasExplicitTimestamp) stale.Stale(entry);
            _toRemove.Add(key);
        }
        foreach (var key in _toRemove) _entries.Remove(key);
        _toRemove.Clear();
    }

    /// <summary>Every series stored by the last successful scrape, for staleness after a failure or at the end.</summary>
    public void ForEachLive<TSink>(ref TSink sink) where TSink : IStaleSink, allows ref struct
    {
        foreach (var entry in _entries.Values)
        {
            if (entry.Live && !entry.Dropped && !entry.HasExplicitTimestamp) sink.Stale(entry);
        }
    }

    public void Clear() => _entries.Clear();

    /// <summary>What the cache knows about one series: its ref, or that metric relabeling dropped it.</summary>
    public sealed class Entry
    {
        public SeriesRef Ref;
        public bool Dropped;
        public long LastSeen;
        public bool HasExplicitTimestamp;
        /// <summary>Stored by the last successful scrape (a series first seen in a failed scrape is not).</summary>
        public bool Live;
    }

    /// <summary>Receives series that need a staleness marker; a struct so that the JIT specialises the loop.</summary>
    public interface IStaleSink
    {
        void Stale(Entry entry);
    }
}
