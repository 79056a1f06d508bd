using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using MetricsServer.Model.Labels;
using MetricsServer.Model.Storage;
using MetricsServer.Tsdb.Blocks;
using MetricsServer.Tsdb.Compaction;
using MetricsServer.Tsdb.Wal;
using Microsoft.Extensions.Logging;

namespace MetricsServer.Tsdb;

/// <summary>The TSDB admin operations behind Prometheus's <c>/api/v1/admin/tsdb/*</c>: delete series, clean tombstones, snapshot.</summary>
public sealed partial class Db
{
    /// <summary>Where <see cref="CreateSnapshot"/> puts snapshots, under the data directory, as Prometheus does.</summary>
    public const string SnapshotsDirectoryName = "snapshots";

    private const int TombstonesPerRecord = 10000;

    /// <summary>
    /// Deletes the samples in [<paramref name="minTimeMs"/>, <paramref name="maxTimeMs"/>] (both inclusive) of the
    /// series matching every matcher. See <see cref="Delete(long, long, IReadOnlyList{Matcher[]})"/>.
    /// </summary>
    public void Delete(long minTimeMs, long maxTimeMs, params Matcher[] matchers)
    {
        ArgumentNullException.ThrowIfNull(matchers);
        Delete(minTimeMs, maxTimeMs, [matchers]);
    }

    /// <summary>
    /// Deletes the samples in [<paramref name="minTimeMs"/>, <paramref name="maxTimeMs"/>] (both inclusive) of the
    /// series matching any of the <paramref name="selectors"/> (each a set of matchers that must all match), as
    /// Prometheus's delete_series does: every block overlapping the range gets tombstones (its files replaced
    /// atomically), and the head gets deleted intervals, logged to the WAL and flushed first so that they survive a
    /// restart. Intervals are clamped to each series' own time span, so samples appended later are not deleted.
    /// Nothing is reclaimed on disk until <see cref="CleanTombstones"/> or compaction. Serialised with compaction.
    /// </summary>
    /// <exception cref="InvalidOperationException">The WAL is still replaying.</exception>
    /// <exception cref="IOException">A block's tombstones or the WAL could not be written; blocks already done keep their deletes.</exception>
    public void Delete(long minTimeMs, long maxTimeMs, IReadOnlyList<Matcher[]> selectors)
    {
        ArgumentNullException.ThrowIfNull(selectors);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!_replayed) throw new InvalidOperationException("the database is still replaying its WAL");
        if (maxTimeMs < minTimeMs) return;
        lock (_compactionLock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            foreach (var block in _blocks)
            {
                // Block ranges are half-open: [MinTime, MaxTime).
                if (block.Meta.MaxTimeMs <= minTimeMs || block.Meta.MinTimeMs > maxTimeMs) continue;
                foreach (var matchers in selectors) block.Reader.Delete(minTimeMs, maxTimeMs, matchers);
            }
            DeleteInHead(minTimeMs, maxTimeMs, selectors);
        }
    }

    private void DeleteInHead(long minTimeMs, long maxTimeMs, IReadOnlyList<Matcher[]> selectors)
    {
        var intervals = new Dictionary<ulong, RefTombstone>();
        foreach (var matchers in selectors)
        {
            foreach (var s in HeadQuerier.Matching(Head, matchers))
            {
                long first, last;
                lock (s)
                {
                    if (s.Deleted || !s.HasSamples) continue;
                    first = s.FirstT;
                    last = s.LastT;
                }
                if (first > maxTimeMs || last < minTimeMs) continue;
                intervals[s.Ref] = new RefTombstone(new SeriesRef(s.Ref), Math.Max(minTimeMs, first), Math.Min(maxTimeMs, last));
            }
        }
        if (intervals.Count == 0) return;
        var tombstones = new RefTombstone[intervals.Count];
        intervals.Values.CopyTo(tombstones, 0);
        // WAL first: a delete the caller saw succeed must not come back after a crash.
        if (Head.Wal is { } wal)
        {
            var record = new ArrayBufferWriter<byte>();
            for (var start = 0; start < tombstones.Length; start += TombstonesPerRecord)
            {
                record.ResetWrittenCount();
                WalRecordEncoder.Tombstones(tombstones.AsSpan(start, Math.Min(TombstonesPerRecord, tombstones.Length - start)), record);
                wal.Log(record.WrittenSpan);
            }
            wal.Flush();
        }
        foreach (var t in tombstones) Head.Tombstones.Add(t.Ref.Value, t.MinTime, t.MaxTime);
        _logger.LogInformation("Deleted [{Min}, {Max}] of {Count} head series", minTimeMs, maxTimeMs, tombstones.Length);
    }

    /// <summary>
    /// Rewrites every block that has tombstones without its deleted samples, as Prometheus's clean_tombstones does:
    /// each new block names the old one as its parent, so the reload that follows swaps it in and deletes the old
    /// block once no querier reads it (and a crash halfway leaves no duplicate behind). A block whose every sample
    /// was deleted is deleted without a replacement. Head tombstones stay until the head is cut into a block.
    /// Serialised with compaction.
    /// </summary>
    /// <exception cref="IOException">A block could not be rewritten; the blocks rewritten before it are swapped in.</exception>
    public void CleanTombstones(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        lock (_compactionLock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var compactor = new BlockCompactor(new BlockWriter(_clock));
            var emptied = new HashSet<Ulid>();
            try
            {
                foreach (var block in _blocks)
                {
                    var result = compactor.CleanTombstones(Options.Path, block.Reader, cancellationToken);
                    if (!result.Rewritten) continue;
                    if (result.NewBlock is { } meta) _logger.LogInformation("Cleaned tombstones of block {Old} into {New}", block.Meta.Ulid, meta.Ulid);
                    else
                    {
                        _logger.LogInformation("Every sample of block {Old} was deleted: deleting the block", block.Meta.Ulid);
                        emptied.Add(block.Meta.Ulid);
                    }
                }
            }
            finally
            {
                ReloadBlocks(emptied);
            }
        }
    }

    /// <summary>
    /// Takes a snapshot into <c>&lt;data&gt;/snapshots/&lt;yyyyMMddTHHmmssZ&gt;-&lt;16 hex digits&gt;</c> (see
    /// <see cref="Snapshot"/>) and returns its name, as Prometheus's snapshot API does.
    /// </summary>
    public string CreateSnapshot(bool withHead)
    {
        var name = _clock.GetUtcNow().UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture)
            + "-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        Snapshot(Path.Combine(Options.Path, SnapshotsDirectoryName, name), withHead);
        return name;
    }

    /// <summary>
    /// Writes a consistent copy of the database into <paramref name="directory"/> (created if missing) that
    /// Prometheus and promtool open as a data directory: every block hard-linked (blocks never change in place, so
    /// the snapshot costs no space until the originals are deleted; copied where links are impossible), and, when
    /// <paramref name="withHead"/>, the head's data not yet in blocks written as one more block, without deleted
    /// samples. Serialised with compaction, so no block disappears meanwhile; appends go on.
    /// </summary>
    /// <exception cref="IOException">The snapshot could not be written; what was written stays.</exception>
    public void Snapshot(string directory, bool withHead)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ObjectDisposedException.ThrowIf(_disposed, this);
        lock (_compactionLock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            Directory.CreateDirectory(directory);
            foreach (var block in _blocks)
            {
                var source = block.Reader.Directory;
                HardLink.CreateTree(source, Path.Combine(directory, Path.GetFileName(source)));
            }
            if (withHead) SnapshotHead(directory);
        }
    }

    private void SnapshotHead(string directory)
    {
        if (Head.MinTime == long.MaxValue) return;
        // Samples below the head's lower bound are in blocks already (a chunk may span the bound): a snapshot
        // must not hold them twice.
        var minTimeMs = Math.Max(Head.MinTime, Head.MinValidTime);
        var maxTimeMs = Head.MaxTime;
        if (maxTimeMs < minTimeMs) return;
        var series = HeadBlockSource.Collect(Head, minTimeMs, maxTimeMs + 1);
        // As Prometheus's compactor: no samples, no block.
        if (series.Count == 0) return;
        var meta = new BlockWriter(_clock).Write(directory, series, new BlockWriteOptions { MinTimeMs = minTimeMs, MaxTimeMs = maxTimeMs + 1 });
        _logger.LogInformation("Snapshot of the head written as block {Ulid} in {Directory}", meta.Ulid, directory);
    }
}
