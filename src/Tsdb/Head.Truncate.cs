namespace MetricsServer.Tsdb;

public sealed partial class Head
{
    /// <summary>Rejects samples older than <paramref name="minTimeMs"/> from now on (they belong to persisted blocks).</summary>
    internal void RaiseMinValidTime(long minTimeMs)
    {
        long current;
        while (minTimeMs > (current = Interlocked.Read(ref _minValidTime)))
        {
            if (Interlocked.CompareExchange(ref _minValidTime, minTimeMs, current) == current) break;
        }
    }

    /// <summary>
    /// Drops sealed chunks that end before <paramref name="minTimeMs"/> and removes series left with no sample at or
    /// after it (except series with uncommitted samples), keeping the postings index in step. Samples older than
    /// <paramref name="minTimeMs"/> are rejected as out of bounds from now on.
    /// </summary>
    public void Truncate(long minTimeMs)
    {
        RaiseMinValidTime(minTimeMs);

        var removed = new List<MemSeries>();
        var chunksRemoved = 0;
        var newMin = long.MaxValue;
        var newMax = long.MinValue;
        var lowestChunkFile = int.MaxValue;
        foreach (var stripe in _byLabels)
        {
            lock (stripe)
            {
                foreach (var series in stripe.Values)
                {
                    lock (series)
                    {
                        if (series.LastT < minTimeMs && series.PendingOwner is null)
                        {
                            chunksRemoved += series.DropAll();
                            series.Deleted = true;
                            removed.Add(series);
                            continue;
                        }
                        chunksRemoved += series.DropChunksBefore(minTimeMs);
                        lowestChunkFile = Math.Min(lowestChunkFile, series.LowestChunkFile());
                        if (series.HasSamples)
                        {
                            newMin = Math.Min(newMin, series.FirstT);
                            newMax = Math.Max(newMax, series.LastT);
                        }
                    }
                }
                foreach (var series in removed)
                {
                    if (series.Deleted && stripe.TryGetValue(series.Labels, out var s) && ReferenceEquals(s, series)) stripe.Remove(series.Labels);
                }
            }
            foreach (var series in removed)
            {
                _byRef.Remove(series.Ref, (ulong)Interlocked.Read(ref _lastRef));
                _postings.Remove(series.Ref, series.Labels);
                Tombstones.Remove(series.Ref);
            }
            if (removed.Count > 0)
            {
                Interlocked.Add(ref _numSeries, -removed.Count);
                Metrics.Series.Dec(removed.Count);
                Metrics.SeriesRemoved.Inc(removed.Count);
                removed.Clear();
            }
        }
        if (chunksRemoved > 0)
        {
            Metrics.Chunks.Dec(chunksRemoved);
            Metrics.ChunksRemoved.Inc(chunksRemoved);
        }
        // Chunk files no series reads any more go; a chunk sealed meanwhile lands in the file being written, which stays.
        ChunkDisk?.Truncate(lowestChunkFile);
        // Bounds recomputed from what is left; samples committed meanwhile only widen them again.
        Interlocked.Exchange(ref _minTime, newMin);
        Interlocked.Exchange(ref _maxTime, newMax);
        Metrics.MinTime.Set(newMin);
        Metrics.MaxTime.Set(newMax);
    }
}
