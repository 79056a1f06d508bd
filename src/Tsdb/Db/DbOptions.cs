using MetricsServer.Tsdb.Wal;

namespace MetricsServer.Tsdb;

/// <summary>How a <see cref="Db"/> stores data, from Prometheus's <c>--storage.tsdb.*</c> flags. Immutable.</summary>
public sealed record DbOptions
{
    /// <summary>The data directory (<c>--storage.tsdb.path</c>).</summary>
    public required string Path { get; init; }

    /// <summary>Blocks whose data is older than this, measured from the newest block's end, are deleted; zero keeps them.</summary>
    public TimeSpan RetentionTime { get; init; }

    /// <summary>Oldest blocks are deleted while blocks, WAL and head chunks together exceed this many bytes; zero: no limit.</summary>
    public long RetentionSize { get; init; }

    /// <summary>The head is cut into blocks of this length (<c>--storage.tsdb.min-block-duration</c>, 2h).</summary>
    public TimeSpan MinBlockDuration { get; init; } = TimeSpan.FromHours(2);

    /// <summary>Compaction merges blocks up to this length (<c>--storage.tsdb.max-block-duration</c>).</summary>
    public TimeSpan MaxBlockDuration { get; init; } = TimeSpan.FromDays(31);

    public WalCompression WalCompression { get; init; } = WalCompression.Snappy;

    /// <summary>WAL segment size in bytes; zero means Prometheus's 128 MiB.</summary>
    public int WalSegmentSize { get; init; }

    /// <summary><c>--storage.tsdb.no-lockfile</c>: do not create the <c>lock</c> file.</summary>
    public bool NoLockfile { get; init; }

    /// <summary><c>--storage.tsdb.allow-overlapping-compaction</c>: overlapping blocks are merged by compaction.</summary>
    public bool AllowOverlappingCompaction { get; init; } = true;

    public HeadOptions Head { get; init; } = HeadOptions.Default;

    internal long MinBlockDurationMs => (long)MinBlockDuration.TotalMilliseconds;

    internal long MaxBlockDurationMs => (long)MaxBlockDuration.TotalMilliseconds;
}
