namespace MetricsServer.Tsdb;

/// <summary>
/// Deleted intervals (inclusive) of head series, from the admin API's delete_series or from the WAL. Applied when
/// the head is read and when it is compacted into a block. Thread-safe.
/// </summary>
public sealed class HeadTombstones
{
    private readonly Lock _lock = new();
    private readonly Dictionary<ulong, (long MinTimeMs, long MaxTimeMs)[]> _bySeries = [];

    // Read without the lock, so that queries of a head without deletes (the usual case) pay one volatile read per series.
    private volatile int _count;

    /// <summary>Number of series with deleted intervals.</summary>
    public int Count => _count;

    /// <summary>Marks [<paramref name="minTimeMs"/>, <paramref name="maxTimeMs"/>] of series <paramref name="seriesRef"/> deleted.</summary>
    public void Add(ulong seriesRef, long minTimeMs, long maxTimeMs)
    {
        lock (_lock)
        {
            var merged = new List<(long, long)>();
            if (_bySeries.TryGetValue(seriesRef, out var existing)) merged.AddRange(existing);
            merged.Add((minTimeMs, maxTimeMs));
            _bySeries[seriesRef] = Merge(merged);
            _count = _bySeries.Count;
        }
    }

    /// <summary>The deleted intervals of a series, sorted and disjoint, or null when nothing is deleted.</summary>
    public IReadOnlyList<(long MinTimeMs, long MaxTimeMs)>? Get(ulong seriesRef) => Intervals(seriesRef);

    /// <summary>
    /// As <see cref="Get"/>, as the array itself: it is never changed once published (an add replaces it), so a
    /// reader may keep it as a consistent view.
    /// </summary>
    internal (long MinTimeMs, long MaxTimeMs)[]? Intervals(ulong seriesRef)
    {
        if (_count == 0) return null;
        lock (_lock) return _bySeries.TryGetValue(seriesRef, out var intervals) ? intervals : null;
    }

    /// <summary>Forgets the series' intervals (the series left the head).</summary>
    public void Remove(ulong seriesRef)
    {
        if (_count == 0) return;
        lock (_lock)
        {
            _bySeries.Remove(seriesRef);
            _count = _bySeries.Count;
        }
    }

    /// <summary>Every series' intervals, for checkpoints.</summary>
    public List<(ulong SeriesRef, long MinTimeMs, long MaxTimeMs)> All()
    {
        var all = new List<(ulong, long, long)>();
        lock (_lock)
        {
            foreach (var (r, intervals) in _bySeries)
            {
                foreach (var (mint, maxt) in intervals) all.Add((r, mint, maxt));
            }
        }
        return all;
    }

    private static (long, long)[] Merge(List<(long MinTimeMs, long MaxTimeMs)> intervals)
    {
        intervals.Sort();
        var result = new List<(long, long)>(intervals.Count);
        var (curMin, curMax) = intervals[0];
        for (var i = 1; i < intervals.Count; i++)
        {
            var (mint, maxt) = intervals[i];
            // Adjacent integer intervals join too: [1,5] and [6,9] delete the same samples as [1,9].
            if (curMax == long.MaxValue || mint <= curMax + 1) curMax = Math.Max(curMax, maxt);
            else
            {
                result.Add((curMin, curMax));
                (curMin, curMax) = (mint, maxt);
            }
        }
        result.Add((curMin, curMax));
        return [.. result];
    }
}
