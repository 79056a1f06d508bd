using MetricsServer.Model.Storage;
using MetricsServer.Tsdb.Blocks;
using MetricsServer.Tsdb.Compaction;
using MetricsServer.Tsdb.HeadChunks;
using MetricsServer.Tsdb.Wal;
using Microsoft.Extensions.Logging;

namespace MetricsServer.Tsdb;

/// <summary>
/// The database in a data directory laid out as Prometheus lays it out: persistent blocks (<c>&lt;ULID&gt;/</c>), the
/// head with its write-ahead log (<c>wal/</c>), and the <c>lock</c> file. Appends go to the head (WAL first); queries
/// span the blocks and the head; a background loop cuts the head into blocks, compacts blocks and applies retention.
/// Thread-safe.
/// </summary>
/// <remarks>
/// Start-up is two steps, so that the HTTP server can answer while the WAL replays: <see cref="Open"/> takes the lock
/// and opens the blocks; <see cref="ReplayWal"/> rebuilds the head and opens the WAL for writing. Appending before
/// the replay finished is an error.
/// </remarks>
public sealed partial class Db : IAppendable, IQueryableStorage, IDisposable
{
    public const string WalDirectoryName = "wal";
    public const string DeletionSuffix = ".tmp-for-deletion";

    private readonly DirectoryLock? _lock;
    private readonly ILogger _logger;
    private readonly TimeProvider _clock;
    private readonly Lock _compactionLock = new();
    private volatile BlockHandle[] _blocks = [];
    private WriteAheadLog? _wal;
    private HeadChunkDiskMapper? _chunkDisk;
    private volatile bool _replayed;
    private bool _disposed;

    private Db(DbOptions options, DbMetrics metrics, TimeProvider clock, ILogger logger, DirectoryLock? directoryLock)
    {
        Options = options;
        Metrics = metrics;
        _clock = clock;
        _logger = logger;
        _lock = directoryLock;
        // Head chunks never cross a block boundary, so that cutting a block never splits one.
        Head = new Head(options.Head with { ChunkRangeMs = options.MinBlockDurationMs }, metrics.Head);
        metrics.RetentionLimitBytes.Set(options.RetentionSize);
        metrics.RetentionLimitSeconds.Set(options.RetentionTime.TotalSeconds);
    }

    public DbOptions Options { get; }

    internal DbMetrics Metrics { get; }

    public Head Head { get; }

    public WalReplayStatus ReplayStatus { get; } = new();

    public string WalDirectory => Path.Combine(Options.Path, WalDirectoryName);

    /// <summary>The loaded blocks' metas, oldest first.</summary>
    public IReadOnlyList<BlockMeta> Blocks => [.. _blocks.Select(b => b.Meta)];

    /// <summary>
    /// Opens the database: creates the directory, takes the lock, removes what a crash left half-written, and opens
    /// every block. The head is empty until <see cref="ReplayWal"/>.
    /// </summary>
    /// <exception cref="IOException">The directory is locked by another process, or a block cannot be read.</exception>
    public static Db Open(DbOptions options, DbMetrics metrics, TimeProvider clock, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(logger);
        if (options.MinBlockDuration <= TimeSpan.Zero) throw new ArgumentException("the minimum block duration must be positive", nameof(options));
        Directory.CreateDirectory(options.Path);
        var directoryLock = options.NoLockfile ? null : DirectoryLock.Acquire(options.Path);
        try
        {
            var db = new Db(options, metrics, clock, logger, directoryLock);
            db.RemoveLeftovers();
            db.ReloadBlocks();
            return db;
        }
        catch
        {
            directoryLock?.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Rebuilds the head from the WAL (repairing a corrupt tail), then opens the WAL for writing. Samples already
    /// covered by blocks are not loaded again.
    /// </summary>
    public WalReplayStats ReplayWal()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_replayed) throw new InvalidOperationException("the WAL was already replayed");
        Directory.CreateDirectory(WalDirectory);
        var diskChunks = OpenChunkDisk();
        var stats = HeadWalReplay.Replay(Head, WalDirectory, ReplayStatus, _logger, diskChunks);
        if (stats.RepairedBytes > 0) Metrics.WalCorruptions.Inc();
        Metrics.ReplayDuration.Set(stats.Duration.TotalSeconds);
        _wal = WriteAheadLog.Open(WalDirectory, new WalOptions
        {
            Compression = Options.WalCompression,
            SegmentSize = Options.WalSegmentSize > 0 ? Options.WalSegmentSize : WalFormat.DefaultSegmentSize,
        });
        Head.AttachWal(_wal);
        _replayed = true;
        UpdateLowestTimestamp();
        return stats;
    }

    /// <summary>
    /// Opens <c>chunks_head/</c> (repairing a torn tail) for the head to seal chunks into, and lists the chunks in it
    /// by series. A corrupt file drops it and every later one: the WAL still holds their samples.
    /// </summary>
    private Dictionary<ulong, List<HeadChunkMeta>> OpenChunkDisk()
    {
        var disk = HeadChunkDiskMapper.Open(Path.Combine(Options.Path, HeadChunkFormat.DirectoryName));
        _chunkDisk = disk;
        if (!disk.Repair.IsEmpty)
        {
            _logger.LogWarning("Head chunk files repaired: {Bytes} bytes dropped ({Reason}); deleted files: {Deleted}",
                disk.Repair.BytesDropped, disk.Repair.Reason, string.Join(",", disk.Repair.DeletedFiles));
        }
        var bySeries = new Dictionary<ulong, List<HeadChunkMeta>>();
        try
        {
            disk.IterateAllChunks(c =>
            {
                if (!bySeries.TryGetValue(c.SeriesRef, out var list)) bySeries[c.SeriesRef] = list = [];
                list.Add(c);
            });
        }
        catch (HeadChunkCorruptionException e)
        {
            var deleted = disk.DeleteFilesFrom(e.FileIndex);
            _logger.LogWarning("Head chunk file {File} is corrupt ({Error}); deleted {Count} files from it on and replaying the whole WAL instead", e.FileIndex, e.Message, deleted);
            bySeries.Clear();
        }
        Head.AttachChunkDisk(disk);
        return bySeries;
    }

    public IAppender Appender()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!_replayed) throw new InvalidOperationException("the database is still replaying its WAL");
        return Head.Appender();
    }

    /// <summary>A querier over the blocks overlapping [min, max] and the head, merged; it holds the blocks it reads until disposed.</summary>
    public IQuerier Querier(long minTimeMs, long maxTimeMs)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        while (true)
        {
            var blocks = _blocks;
            var leases = new List<BlockHandle>();
            var complete = true;
            foreach (var b in blocks)
            {
                // Block ranges are half-open: [MinTime, MaxTime).
                if (b.Meta.MaxTimeMs <= minTimeMs || b.Meta.MinTimeMs > maxTimeMs) continue;
                if (b.TryAcquire()) leases.Add(b);
                else
                {
                    complete = false;
                    break;
                }
            }
            if (!complete)
            {
                // A compaction swapped the block list meanwhile: read the new one.
                foreach (var l in leases) l.Release();
                continue;
            }
            var queriers = new List<IQuerier>(leases.Count + 1);
            foreach (var l in leases) queriers.Add(l.Reader.Querier(minTimeMs, maxTimeMs));
            // Samples below the head's lower bound are in blocks already; a chunk spanning the bound must not repeat them.
            var headMin = Math.Max(minTimeMs, Head.MinValidTime);
            if (headMin <= maxTimeMs) queriers.Add(Head.Querier(headMin, maxTimeMs));
            IQuerier merged = queriers.Count == 1 ? queriers[0] : new MergeQuerier(queriers);
            return new LeasedQuerier(merged, leases);
        }
    }

    /// <summary>The oldest timestamp stored, in blocks or the head; <see cref="long.MaxValue"/> when there is none.</summary>
    public long MinTime
    {
        get
        {
            var blocks = _blocks;
            return blocks.Length > 0 ? blocks[0].Meta.MinTimeMs : Head.MinTime;
        }
    }

    private void RemoveLeftovers()
    {
        foreach (var dir in Directory.EnumerateDirectories(Options.Path))
        {
            var name = Path.GetFileName(dir);
            if (name.EndsWith(BlockWriter.TemporarySuffix, StringComparison.Ordinal) || name.EndsWith(DeletionSuffix, StringComparison.Ordinal))
            {
                _logger.LogInformation("Removing a directory left by an interrupted write or deletion: {Directory}", dir);
                Directory.Delete(dir, recursive: true);
            }
        }
    }

    /// <summary>
    /// Opens blocks that appeared on disk and swaps the block list; blocks already open stay open. Blocks that are
    /// parents of a loaded block (their compaction finished, perhaps before a crash), blocks in
    /// <paramref name="obsolete"/>, and blocks beyond retention are unloaded and their directories deleted once no
    /// querier reads them.
    /// </summary>
    internal void ReloadBlocks(IReadOnlySet<Ulid>? obsolete = null)
    {
        lock (_compactionLock)
        {
            var current = _blocks.ToDictionary(b => b.Meta.Ulid);
            var found = new List<BlockHandle>();
            var opened = new List<BlockHandle>();
            foreach (var dir in Directory.EnumerateDirectories(Options.Path))
            {
                if (!Ulid.TryParse(Path.GetFileName(dir), out var ulid)) continue;
                if (!File.Exists(Path.Combine(dir, BlockMeta.FileName))) continue;
                if (current.Remove(ulid, out var open)) found.Add(open);
                else
                {
                    try
                    {
                        var handle = new BlockHandle(BlockReader.Open(dir));
                        opened.Add(handle);
                        found.Add(handle);
                    }
                    catch (Exception e) when (e is BlockFormatException or IOException)
                    {
                        Metrics.ReloadsFailed.Inc();
                        foreach (var b in opened) b.Unload(delete: false);
                        throw new IOException($"opening block {dir}: {e.Message}", e);
                    }
                }
            }
            found.Sort(static (a, b) => a.Meta.MinTimeMs.CompareTo(b.Meta.MinTimeMs));

            var doomed = new HashSet<Ulid>(obsolete ?? new HashSet<Ulid>());
            foreach (var b in found)
            {
                foreach (var parent in b.Meta.Parents) doomed.Add(parent.Ulid);
            }
            var live = found.Where(b => !doomed.Contains(b.Meta.Ulid)).ToList();
            var beyondRetention = RetentionPolicy.Select(
                [.. live.Select(b => new BlockSize(b.Meta, b.Bytes))],
                (long)Options.RetentionTime.TotalMilliseconds, Options.RetentionSize, WalAndHeadBytes());
            if (beyondRetention.Count > 0)
            {
                if (beyondRetention.Any(d => d.Reason == RetentionReason.Time)) Metrics.TimeRetentions.Inc();
                if (beyondRetention.Any(d => d.Reason == RetentionReason.Size)) Metrics.SizeRetentions.Inc();
                foreach (var d in beyondRetention)
                {
                    doomed.Add(d.Ulid);
                    _logger.LogInformation("Deleting block beyond {Reason} retention: {Ulid}", d.Reason == RetentionReason.Time ? "time" : "size", d.Ulid);
                }
                live = [.. live.Where(b => !doomed.Contains(b.Meta.Ulid))];
            }
            _blocks = [.. live];
            foreach (var b in found)
            {
                if (doomed.Contains(b.Meta.Ulid)) b.Unload(delete: true);
            }
            // Blocks that vanished from disk are let go.
            foreach (var gone in current.Values) gone.Unload(delete: false);
            Metrics.Reloads.Inc();
            Metrics.BlocksLoaded.Set(live.Count);
            Metrics.BlocksBytes.Set(live.Sum(b => b.Bytes));
            if (live.Count > 0) Head.RaiseMinValidTime(live.Max(b => b.Meta.MaxTimeMs));
        }
    }

    /// <summary>What size retention counts beside the blocks: the WAL (with checkpoints) and the head chunk files.</summary>
    private long WalAndHeadBytes()
    {
        var bytes = RetentionPolicy.DirectorySizeBytes(WalDirectory);
        Metrics.SizeBytes.Set(bytes);
        return bytes + RetentionPolicy.DirectorySizeBytes(Path.Combine(Options.Path, HeadChunkFormat.DirectoryName));
    }

    private void UpdateLowestTimestamp()
    {
        var min = MinTime;
        if (min == long.MaxValue) return;
        Metrics.LowestTimestamp.Set(min);
        Metrics.LowestTimestampSeconds.Set(min / 1000.0);
    }

    /// <summary>Closes the WAL (flushed, fsynced), the blocks and the lock. The head's data is in the WAL.</summary>
    public void Dispose()
    {
        lock (_compactionLock)
        {
            if (_disposed) return;
            _disposed = true;
            _wal?.Dispose();
            _chunkDisk?.Dispose();
            foreach (var b in _blocks) b.Unload(delete: false);
            _blocks = [];
            _lock?.Dispose();
        }
    }
}
