using System.Diagnostics;
using System.Runtime.CompilerServices;
using MetricsServer.Model.Metadata;
using MetricsServer.Model.Storage;
using MetricsServer.Tsdb.Chunks;
using MetricsServer.Tsdb.HeadChunks;
using MetricsServer.Tsdb.Wal;
using Microsoft.Extensions.Logging;

namespace MetricsServer.Tsdb;

/// <summary>
/// Rebuilds the head from the WAL at start-up: the newest checkpoint, then every segment after it, in order. Series
/// keep the refs they were logged with, so that the checkpoint keeps working across restarts; a series logged twice
/// under two refs (it was truncated and came back) is one series in memory. A corrupt or torn tail is repaired by
/// cutting the WAL at the last good record, as Prometheus does; corruption inside a checkpoint is an error, because
/// cutting there would lose every later segment.
/// </summary>
internal static class HeadWalReplay
{
    /// <param name="diskChunks">Sealed chunks found in the head chunk files, by series ref: attached to their series
    /// as the series are replayed, so that only WAL samples after them are appended again.</param>
    public static WalReplayStats Replay(Head head, string walDirectory, WalReplayStatus status, ILogger logger,
        IReadOnlyDictionary<ulong, List<HeadChunkMeta>>? diskChunks = null)
    {
        var clock = Stopwatch.StartNew();
        using var state = new ReplayState(head, diskChunks);
        WalCheckpoint.DeleteTemporary(walDirectory);
        var startSegment = 0;
        if (WalCheckpoint.TryFindLast(walDirectory, out var checkpoint, out var checkpointIndex))
        {
            try
            {
                using var reader = WalReader.Open(new WalSegmentRange(checkpoint));
                while (reader.Next()) state.Apply(reader);
            }
            catch (WalCorruptionException e)
            {
                throw new WalCorruptionException(e.Directory ?? checkpoint, e.Segment, e.Offset,
                    $"checkpoint {checkpoint} is corrupt ({e.Reason}); it stands for every WAL segment up to {checkpointIndex}, so it cannot be cut: move the data directory aside or delete the checkpoint and accept the loss", e);
            }
            startSegment = checkpointIndex + 1;
        }

        long repairedBytes = 0;
        var (first, last) = WalSegments.Range(walDirectory);
        if (last >= startSegment)
        {
            startSegment = Math.Max(startSegment, first);
            status.Start(startSegment, last);
            try
            {
                using var reader = WalReader.Open(new WalSegmentRange(walDirectory, startSegment));
                var segment = -1;
                while (reader.Next())
                {
                    if (reader.Segment != segment)
                    {
                        segment = reader.Segment;
                        status.Segment(segment);
                        logger.LogDebug("WAL segment loaded: segment={Segment} maxSegment={Max}", segment, last);
                    }
                    state.Apply(reader);
                }
            }
            catch (WalCorruptionException e)
            {
                logger.LogWarning("Encountered WAL read error, attempting repair: {Error}", e.Message);
                repairedBytes = WalRepair.Repair(walDirectory, e);
                logger.LogWarning("WAL repaired: dropped {Bytes} bytes from segment {Segment} at offset {Offset} onwards", repairedBytes, e.Segment, e.Offset);
            }
        }
        status.Done();
        state.Finish();
        var stats = new WalReplayStats(state.Series, state.Samples, state.UnknownRefSamples, state.Skipped, repairedBytes, clock.Elapsed);
        logger.LogInformation(
            "WAL replay completed: series={Series} samples={Samples} unknownRefSamples={Unknown} repairedBytes={Repaired} duration={Duration}",
            stats.Series, stats.Samples, stats.UnknownRefSamples, stats.RepairedBytes, stats.Duration);
        return stats;
    }

    /// <summary>
    /// What one replay has built so far; applies records one by one. Series, tombstones and metadata are applied on
    /// the reading thread; samples are resolved to their series there and handed to workers, each owning the series
    /// whose ref falls in its shard, so that one series' samples stay in order while shards decode in parallel.
    /// </summary>
    private sealed class ReplayState(Head head, IReadOnlyDictionary<ulong, List<HeadChunkMeta>>? diskChunks) : IDisposable
    {
        private const int BatchSize = 16384;

        private readonly WalRecordDecoder _decoder = new();
        private readonly List<RefSeries> _series = [];
        private readonly List<RefSample> _samples = [];
        private readonly List<RefTombstone> _tombstones = [];
        private readonly List<RefMetadata> _metadata = [];
        // Refs that name a series created under another ref: rare, so a map beside the head's own ref table.
        private readonly Dictionary<ulong, MemSeries> _aliases = [];
        private readonly long _minValidTime = head.MinValidTime;
        private ReplayWorker[]? _workers;
        private long _diskChunks;
        private long _diskMinT = long.MaxValue;
        private long _diskMaxT = long.MinValue;

        public long Series { get; private set; }
        public long Samples { get; private set; }
        public long UnknownRefSamples { get; private set; }
        public long Skipped { get; private set; }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Apply(WalReader reader)
        {
            var record = reader.Record;
            try
            {
                switch (WalRecordDecoder.Type(record))
                {
                    case WalRecordType.Series:
                        _series.Clear();
                        _decoder.Series(record, _series);
                        foreach (var s in _series) AddSeries(s);
                        break;
                    case WalRecordType.Samples:
                        _samples.Clear();
                        WalRecordDecoder.Samples(record, _samples);
                        foreach (var s in _samples) AddSample(s);
                        break;
                    case WalRecordType.Tombstones:
                        _tombstones.Clear();
                        WalRecordDecoder.Tombstones(record, _tombstones);
                        foreach (var t in _tombstones)
                        {
                            if (Find(t.Ref.Value) is { } series) head.Tombstones.Add(series.Ref, t.MinTime, t.MaxTime);
                        }
                        break;
                    case WalRecordType.Metadata:
                        _metadata.Clear();
                        _decoder.Metadata(record, _metadata);
                        foreach (var m in _metadata)
                        {
                            if (Find(m.Ref.Value) is { } series) series.Metadata = new MetricMetadata(m.Type, m.Help, m.Unit);
                        }
                        break;
                    default:
                        // Exemplars and native histograms are not kept in memory yet.
                        Skipped++;
                        break;
                }
            }
            catch (WalCorruptionException e) when (e.Segment < 0)
            {
                throw reader.CorruptionAtRecord(e.Reason, e);
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void AddSeries(RefSeries s)
        {
            var series = head.GetOrCreate(s.Labels, s.Ref.Value, out var created);
            if (series is null) return;
            if (created)
            {
                Series++;
                if (diskChunks is not null && diskChunks.TryGetValue(s.Ref.Value, out var chunks)) AttachDiskChunks(series, chunks);
            }
            else if (series.Ref != s.Ref.Value) _aliases[s.Ref.Value] = series;
        }

        private void AttachDiskChunks(MemSeries series, List<HeadChunkMeta> found)
        {
            var kept = new List<ClosedChunk>(found.Count);
            found.Sort(static (a, b) => a.MinTime.CompareTo(b.MinTime));
            foreach (var c in found)
            {
                // Chunks now in blocks, and any that would overlap the previous one, are not the head's.
                if (c.MaxTime < _minValidTime || c.Encoding != XorChunk.Encoding) continue;
                if (kept.Count > 0 && c.MinTime <= kept[^1].MaxTime) continue;
                kept.Add(new ClosedChunk(null, c.ChunkRef, c.MinTime, c.MaxTime));
            }
            if (kept.Count == 0) return;
            var last = head.ChunkDisk!.ReadChunk(kept[^1].DiskRef);
            var iterator = new XorChunkIterator();
            iterator.Reset(last, last.Length, XorChunk.ReadNumSamples(last));
            ulong lastBits = 0;
            while (iterator.Next() != ValueKind.None) lastBits = BitConverter.DoubleToUInt64Bits(iterator.At().Value);
            lock (series) series.AttachDiskChunks([.. kept], lastBits);
            _diskChunks += kept.Count;
            _diskMinT = Math.Min(_diskMinT, kept[0].MinTime);
            _diskMaxT = Math.Max(_diskMaxT, kept[^1].MaxTime);
        }

        private MemSeries? Find(ulong reference) =>
            _aliases.Count > 0 && _aliases.TryGetValue(reference, out var alias) ? alias : head.GetByRef(reference);

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void AddSample(RefSample sample)
        {
            if (Find(sample.Ref.Value) is not { } series)
            {
                UnknownRefSamples++;
                return;
            }
            if (sample.T < _minValidTime) return;
            var workers = _workers ??= StartWorkers();
            workers[(int)(series.Ref % (ulong)workers.Length)].Add(new PendingSample(series, sample.T, sample.V));
        }

        private ReplayWorker[] StartWorkers()
        {
            // The reading thread keeps one core busy; more workers than the other cores would only queue.
            var n = Math.Clamp(Environment.ProcessorCount - 1, 1, 8);
            // On one core a worker would only take turns with the reader.
            var inline = Environment.ProcessorCount == 1;
            var workers = new ReplayWorker[n];
            for (var i = 0; i < n; i++) workers[i] = new ReplayWorker(head.Options, BatchSize, head.ChunkDisk, inline);
            return workers;
        }

        /// <summary>Waits for the workers and publishes what they appended.</summary>
        public void Finish()
        {
            if (_diskChunks > 0)
            {
                head.Metrics.Chunks.Inc(_diskChunks);
                head.UpdateTimeBounds(_diskMinT, _diskMaxT);
            }
            if (_workers is null) return;
            long chunksCreated = 0, minT = long.MaxValue, maxT = long.MinValue;
            foreach (var w in _workers)
            {
                w.Dispose();
                Samples += w.Samples;
                chunksCreated += w.ChunksCreated;
                minT = Math.Min(minT, w.MinT);
                maxT = Math.Max(maxT, w.MaxT);
            }
            _workers = null;
            if (Samples > 0)
            {
                head.Metrics.SamplesAppendedFloat.Inc(Samples);
                head.UpdateTimeBounds(minT, maxT);
            }
            if (chunksCreated > 0)
            {
                head.Metrics.Chunks.Inc(chunksCreated);
                head.Metrics.ChunksCreated.Inc(chunksCreated);
            }
        }

        /// <summary>Stops the workers without waiting for their stats (the replay failed).</summary>
        public void Dispose()
        {
            if (_workers is null) return;
            foreach (var w in _workers) w.Dispose();
            _workers = null;
        }
    }
}
