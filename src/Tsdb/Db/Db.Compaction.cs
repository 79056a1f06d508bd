using System.Diagnostics;
using MetricsServer.Tsdb.Blocks;
using MetricsServer.Tsdb.Compaction;
using MetricsServer.Tsdb.Wal;
using Microsoft.Extensions.Logging;

namespace MetricsServer.Tsdb;

public sealed partial class Db
{
    /// <summary>
    /// Runs the maintenance Prometheus runs every minute: cuts the head into blocks while it spans more than one and a
    /// half block ranges, then truncates the head and checkpoints the WAL; then compacts blocks and applies retention.
    /// Serialised: one maintenance run at a time.
    /// </summary>
    public void Compact(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        lock (_compactionLock)
        {
            CompactHead(cancellationToken);
            CompactBlocks(cancellationToken);
            // Retention is applied on every reload; this one applies it when nothing was compacted.
            ReloadBlocks();
        }
    }

    /// <summary>Merges blocks as the planner says until it has nothing to do: overlapping blocks, then levels, then tombstones.</summary>
    private void CompactBlocks(CancellationToken cancellationToken)
    {
        var planner = new CompactionPlanner(Options.MinBlockDurationMs, Options.MaxBlockDurationMs, Options.AllowOverlappingCompaction);
        // Each round removes at least one block, so this bound is never reached by a correct planner.
        for (var round = 0; round < 1000; round++)
        {
            var blocks = _blocks;
            var plan = planner.Plan([.. blocks.Select(b => b.Meta)]);
            if (plan.Count == 0) return;
            var chosen = plan.Select(m => m.Ulid).ToHashSet();
            var readers = blocks.Where(b => chosen.Contains(b.Meta.Ulid)).Select(b => b.Reader).ToList();
            Metrics.CompactionsTriggered.Inc();
            var started = Stopwatch.StartNew();
            BlockMeta? meta;
            try
            {
                meta = new BlockCompactor(new BlockWriter(_clock)).Compact(Options.Path, readers, cancellationToken);
            }
            catch
            {
                Metrics.CompactionsFailed.Inc();
                throw;
            }
            Metrics.Compactions.Inc();
            Metrics.CompactionDuration.Observe(started.Elapsed.TotalSeconds);
            _logger.LogInformation("compact blocks: count={Count} result={Ulid} duration={Duration}", readers.Count, meta?.Ulid.ToString() ?? "(empty)", started.Elapsed);
            // The new block names its parents, so the reload drops them; an empty result names none.
            ReloadBlocks(meta is null ? chosen : null);
        }
    }

    /// <summary>Calls <see cref="Compact"/> every <paramref name="interval"/> until cancelled; failures are logged and counted.</summary>
    public async Task RunMaintenanceAsync(TimeSpan interval, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(interval, _clock);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                try
                {
                    await Task.Run(() => Compact(cancellationToken), cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is IOException or InvalidDataException or BlockFormatException or WalCorruptionException or UnauthorizedAccessException)
                {
                    _logger.LogError(e, "Compaction failed");
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private void CompactHead(CancellationToken cancellationToken)
    {
        var range = Options.MinBlockDurationMs;
        while (true)
        {
            var headMin = Math.Max(Head.MinTime, Head.MinValidTime);
            var headMax = Head.MaxTime;
            // Prometheus's rule: cut a block once the head spans one and a half block ranges, so that the block is
            // complete and late samples within the last half range still reach the head.
            if (Head.MinTime == long.MaxValue || headMax - headMin <= range / 2 * 3) return;
            var maxt = TimeRange.End(headMin, range);
            Metrics.CompactionsTriggered.Inc();
            var started = Stopwatch.StartNew();
            try
            {
                var series = HeadBlockSource.Collect(Head, headMin, maxt, cancellationToken);
                if (series.Count > 0)
                {
                    var meta = new BlockWriter(_clock).Write(Options.Path, series, new BlockWriteOptions { MinTimeMs = headMin, MaxTimeMs = maxt });
                    _logger.LogInformation("write block: ulid={Ulid} mint={Min} maxt={Max} duration={Duration}", meta.Ulid, meta.MinTimeMs, meta.MaxTimeMs, started.Elapsed);
                }
                Metrics.Compactions.Inc();
                Metrics.CompactionDuration.Observe(started.Elapsed.TotalSeconds);
            }
            catch
            {
                Metrics.CompactionsFailed.Inc();
                throw;
            }
            ReloadBlocks();
            TruncateHead(maxt);
        }
    }

    /// <summary>Drops head data now in blocks and replaces the WAL segments that held it with a checkpoint.</summary>
    private void TruncateHead(long minTimeMs)
    {
        Metrics.HeadTruncations.Inc();
        try
        {
            Head.Truncate(minTimeMs);
        }
        catch
        {
            Metrics.HeadTruncationsFailed.Inc();
            throw;
        }
        TruncateWal(minTimeMs);
        UpdateLowestTimestamp();
    }

    private void TruncateWal(long minTimeMs)
    {
        if (_wal is not { } wal) return;
        var (first, last) = WalSegments.Range(WalDirectory);
        // A new segment first, so that a quiet server does not keep more WAL than needed.
        wal.NextSegment();
        // The segment being written when we started is not checkpointed either, and of the rest only the older two
        // thirds, which hold mostly samples now in blocks (with 2h blocks, about 3h of WAL stays).
        last--;
        if (last < 0) return;
        last = first + ((last - first) * 2 / 3);
        if (last <= first) return;

        Metrics.CheckpointCreations.Inc();
        try
        {
            var stats = WalCheckpoint.Create(WalDirectory, first, last, r => Head.GetByRef(r.Value) is not null, minTimeMs, Options.WalCompression);
            _logger.LogInformation("WAL checkpoint complete: first={First} last={Last} {Stats}", first, last, stats);
        }
        catch
        {
            Metrics.CheckpointCreationsFailed.Inc();
            throw;
        }
        Metrics.WalTruncations.Inc();
        wal.Truncate(last + 1);
        Metrics.CheckpointDeletions.Inc();
        WalCheckpoint.DeleteBefore(WalDirectory, last);
    }
}
