using MetricsServer.Model.Labels;
using MetricsServer.Model.Metadata;
using MetricsServer.Model.Storage;

namespace MetricsServer.Tsdb;

/// <summary>
/// A batch of appends to the head (see <see cref="IAppender"/>). Samples are checked against the series' newest
/// committed or pending sample when appended, kept in a pooled batch, and written under each series' lock on
/// <see cref="Commit"/>, where ordering is checked again because another appender may have committed meanwhile.
/// New series are created (and visible, empty) immediately, as in Prometheus.
/// </summary>
internal sealed class HeadAppender(Head head, AppendBatch batch) : IAppender
{
    private AppendBatch? _batch = batch;

    public AppendResult Append(ref SeriesRef series, LabelSet labels, long timestampMs, double value)
    {
        var batch = _batch ?? throw Finished();
        if (timestampMs < head.MinValidTime) return AppendResult.OutOfBounds;
        var vBits = BitConverter.DoubleToUInt64Bits(value);
        // A series removed by truncation between lookup and lock is looked up again by its labels.
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var s = Resolve(series, labels);
            if (s is null) return AppendResult.InvalidSeries;
            lock (s)
            {
                if (s.Deleted)
                {
                    labels = s.Labels;
                    series = SeriesRef.None;
                    continue;
                }
                var pendingHere = ReferenceEquals(s.PendingOwner, batch);
                var lastT = pendingHere ? s.PendingT : s.LastT;
                var lastBits = pendingHere ? s.PendingVBits : s.LastVBits;
                series = new SeriesRef(s.Ref);
                if (timestampMs < lastT)
                {
                    head.Metrics.OutOfOrderFloat.Inc();
                    return AppendResult.OutOfOrder;
                }
                if (timestampMs == lastT && (s.HasSamples || pendingHere))
                {
                    // The same sample again is accepted and dropped; a different value at the same time is not.
                    return vBits == lastBits ? AppendResult.Ok : AppendResult.Duplicate;
                }
                s.PendingOwner = batch;
                s.PendingT = timestampMs;
                s.PendingVBits = vBits;
            }
            batch.Add(s, timestampMs, value);
            return AppendResult.Ok;
        }
        return AppendResult.InvalidSeries;
    }

    public AppendResult AppendHistogram(ref SeriesRef series, LabelSet labels, long timestampMs, NativeHistogram histogram)
    {
        _ = _batch ?? throw Finished();
        return AppendResult.Unsupported;
    }

    public AppendResult AppendExemplar(ref SeriesRef series, LabelSet labels, in Exemplar exemplar)
    {
        // Exemplars are not stored yet; accepting them keeps scrapes of OpenMetrics targets clean.
        _ = _batch ?? throw Finished();
        return AppendResult.Ok;
    }

    public void UpdateMetadata(ref SeriesRef series, LabelSet labels, MetricMetadata metadata)
    {
        var batch = _batch ?? throw Finished();
        ArgumentNullException.ThrowIfNull(metadata);
        var s = Resolve(series, labels);
        if (s is null) return;
        series = new SeriesRef(s.Ref);
        batch.Metadata.Add((s, metadata));
    }

    public void Commit()
    {
        var batch = _batch ?? throw Finished();
        // Log first: nothing that did not reach the log may reach memory. When logging throws, the batch stays
        // open and the caller rolls it back.
        if (head.Wal is { } wal) HeadWalLogger.LogCommit(wal, batch);
        _batch = null;
        var options = head.Options;
        var disk = head.ChunkDisk;
        long appended = 0, outOfOrder = 0, chunksCreated = 0;
        long minT = long.MaxValue, maxT = long.MinValue;
        try
        {
            foreach (ref readonly var p in batch.Samples)
            {
                var s = p.Series;
                var vBits = BitConverter.DoubleToUInt64Bits(p.V);
                while (true)
                {
                    lock (s)
                    {
                        if (!s.Deleted)
                        {
                            if (ReferenceEquals(s.PendingOwner, batch)) s.PendingOwner = null;
                            if (p.T < s.LastT) outOfOrder++;
                            else if (p.T > s.LastT || !s.HasSamples)
                            {
                                chunksCreated += s.AppendCommitted(p.T, p.V, vBits, options, disk);
                                appended++;
                                minT = Math.Min(minT, p.T);
                                maxT = Math.Max(maxT, p.T);
                            }
                            break;
                        }
                    }
                    // Truncated away after this batch took it (another appender's commit cleared the pending mark).
                    var again = head.GetOrCreate(s.Labels, out _);
                    if (again is null) break;
                    s = again;
                }
            }
            foreach (var (s, metadata) in batch.Metadata) s.Metadata = metadata;
        }
        finally
        {
            head.ReturnBatch(batch);
        }
        if (appended > 0)
        {
            head.Metrics.SamplesAppendedFloat.Inc(appended);
            head.UpdateTimeBounds(minT, maxT);
        }
        if (outOfOrder > 0) head.Metrics.OutOfOrderFloat.Inc(outOfOrder);
        if (chunksCreated > 0)
        {
            head.Metrics.Chunks.Inc(chunksCreated);
            head.Metrics.ChunksCreated.Inc(chunksCreated);
        }
    }

    public void Rollback()
    {
        var batch = _batch ?? throw Finished();
        _batch = null;
        try
        {
            if (head.Wal is { } wal) HeadWalLogger.LogSeries(wal, batch);
            foreach (ref readonly var p in batch.Samples)
            {
                lock (p.Series)
                {
                    if (ReferenceEquals(p.Series.PendingOwner, batch)) p.Series.PendingOwner = null;
                }
            }
        }
        finally
        {
            head.ReturnBatch(batch);
        }
    }

    private MemSeries? Resolve(SeriesRef series, LabelSet labels)
    {
        if (!series.IsNone)
        {
            var s = head.GetByRef(series.Value);
            if (s is not null) return s;
        }
        // An unknown ref falls back to the labels when the caller gave them, as Prometheus does.
        if (labels is null || labels.Count == 0) return null;
        var found = head.GetOrCreate(labels, out var created);
        if (created) _batch!.NewSeries.Add(found!);
        return found;
    }

    private static InvalidOperationException Finished() => new("the appender was already committed or rolled back");
}
