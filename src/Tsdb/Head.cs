using MetricsServer.Model.Labels;
using MetricsServer.Model.Metadata;
using MetricsServer.Model.Storage;
using MetricsServer.Tsdb.HeadChunks;
using MetricsServer.Tsdb.Index;
using MetricsServer.Tsdb.Wal;

namespace MetricsServer.Tsdb;

/// <summary>
/// The in-memory head: recent series and their samples in XOR chunks, with a postings index. Thread-safe: any number
/// of appenders (one per scrape) and queriers at once.
/// </summary>
/// <remarks>
/// Series live in two striped maps, by labels (hash collisions resolved by <see cref="LabelSet.Equals(LabelSet?)"/>)
/// and by ref (a lock-free paged array). Lock order: labels stripe, then series, postings or ref table; nothing takes a stripe lock while
/// holding a series lock.
/// </remarks>
public sealed partial class Head : IAppendable, IQueryableStorage
{
    private readonly Dictionary<LabelSet, MemSeries>[] _byLabels;
    private readonly SeriesByRef _byRef = new();
    private readonly int _stripeMask;
    private readonly MemPostings _postings = new();
    private readonly Stack<AppendBatch> _batchPool = new();
    private long _lastRef;
    private long _numSeries;
    private long _minTime = long.MaxValue;
    private long _maxTime = long.MinValue;
    private long _minValidTime = long.MinValue;
    private WriteAheadLog? _wal;
    private HeadChunkDiskMapper? _chunkDisk;

    /// <param name="wal">The log every commit is written to before it is applied; null keeps the head in memory only.</param>
    public Head(HeadOptions options, HeadMetrics metrics, WriteAheadLog? wal = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(metrics);
        if (options.StripeSize <= 0 || (options.StripeSize & (options.StripeSize - 1)) != 0)
            throw new ArgumentException("StripeSize must be a positive power of two", nameof(options));
        if (options.SamplesPerChunk is < 1 or > ushort.MaxValue)
            throw new ArgumentException("SamplesPerChunk must be between 1 and 65535", nameof(options));
        Options = options;
        Metrics = metrics;
        _wal = wal;
        _stripeMask = options.StripeSize - 1;
        _byLabels = new Dictionary<LabelSet, MemSeries>[options.StripeSize];
        for (var i = 0; i < options.StripeSize; i++)
        {
            _byLabels[i] = [];
        }
        metrics.MinTime.Set(long.MaxValue);
        metrics.MaxTime.Set(long.MinValue);
    }

    public HeadOptions Options { get; }

    internal HeadMetrics Metrics { get; }

    /// <summary>Deleted intervals of head series.</summary>
    public HeadTombstones Tombstones { get; } = new();

    /// <summary>The write-ahead log commits go to, or null for a head in memory only.</summary>
    internal WriteAheadLog? Wal => Volatile.Read(ref _wal);

    /// <summary>The head chunk files sealed chunks go to, or null to keep them on the heap.</summary>
    internal HeadChunkDiskMapper? ChunkDisk => Volatile.Read(ref _chunkDisk);

    /// <summary>Seals chunks into <paramref name="disk"/> from now on; attached before the WAL replay.</summary>
    internal void AttachChunkDisk(HeadChunkDiskMapper disk)
    {
        if (Interlocked.CompareExchange(ref _chunkDisk, disk, null) is not null) throw new InvalidOperationException("the head already has chunk files");
    }

    /// <summary>Starts logging commits to <paramref name="wal"/>, once the head was rebuilt from it.</summary>
    internal void AttachWal(WriteAheadLog wal)
    {
        if (Interlocked.CompareExchange(ref _wal, wal, null) is not null) throw new InvalidOperationException("the head already has a WAL");
    }

    /// <summary>The number of series in the head.</summary>
    public long NumSeries => Interlocked.Read(ref _numSeries);

    /// <summary>The oldest sample's timestamp (ms); <see cref="long.MaxValue"/> while the head is empty.</summary>
    public long MinTime => Interlocked.Read(ref _minTime);

    /// <summary>The newest sample's timestamp (ms); <see cref="long.MinValue"/> while the head is empty.</summary>
    public long MaxTime => Interlocked.Read(ref _maxTime);

    /// <summary>Samples older than this are rejected with <see cref="AppendResult.OutOfBounds"/>; raised by <see cref="Truncate"/>.</summary>
    public long MinValidTime => Interlocked.Read(ref _minValidTime);

    public IAppender Appender() => new HeadAppender(this, RentBatch());

    public IQuerier Querier(long minTimeMs, long maxTimeMs) => new HeadQuerier(this, minTimeMs, maxTimeMs);

    /// <summary>The latest committed metadata of a series, or null when none was recorded or the ref is unknown.</summary>
    public MetricMetadata? GetMetadata(SeriesRef series) => GetByRef(series.Value)?.Metadata;

    /// <summary>The labels of a series, or null when the ref is unknown.</summary>
    public LabelSet? GetLabels(SeriesRef series) => GetByRef(series.Value)?.Labels;

    internal MemSeries? GetByRef(ulong reference) => _byRef.Get(reference);

    /// <summary>
    /// The series with these labels, created (and indexed) if new; null when the labels are invalid.
    /// <paramref name="created"/> tells the caller that it must log the new series to the WAL.
    /// </summary>
    internal MemSeries? GetOrCreate(LabelSet labels, out bool created) => GetOrCreate(labels, 0, out created);

    /// <summary>As <see cref="GetOrCreate(LabelSet, out bool)"/>, with the ref of a new series given (WAL replay) when not 0.</summary>
    internal MemSeries? GetOrCreate(LabelSet labels, ulong walRef, out bool created)
    {
        created = false;
        var stripe = _byLabels[(int)(labels.Hash & (ulong)_stripeMask)];
        lock (stripe)
        {
            if (stripe.TryGetValue(labels, out var existing)) return existing;
            if (!IsValid(labels)) return null;
            ulong reference;
            if (walRef == 0) reference = (ulong)Interlocked.Increment(ref _lastRef);
            else
            {
                reference = walRef;
                long last;
                while ((long)walRef > (last = Interlocked.Read(ref _lastRef)) && Interlocked.CompareExchange(ref _lastRef, (long)walRef, last) != last)
                {
                }
            }
            created = true;
            var interned = _postings.Add(reference, labels);
            var series = new MemSeries(reference, interned);
            _byRef.Add(series);
            stripe.Add(interned, series);
            Interlocked.Increment(ref _numSeries);
            Metrics.Series.Inc();
            Metrics.SeriesCreated.Inc();
            return series;
        }
    }

    private static bool IsValid(LabelSet labels)
    {
        if (labels.Count == 0) return false;
        var span = labels.AsSpan();
        for (var i = 0; i < span.Length; i++)
        {
            if (span[i].Name.Length == 0) return false;
            if (i > 0 && string.Equals(span[i - 1].Name, span[i].Name, StringComparison.Ordinal)) return false;
        }
        return true;
    }

    /// <summary>Calls <paramref name="action"/> for every series (under no head lock).</summary>
    internal void ForEachSeries(Action<MemSeries> action) => _byRef.ForEach(action);

    internal MemPostings Postings => _postings;

    internal void UpdateTimeBounds(long minT, long maxT)
    {
        var changed = false;
        long current;
        while (minT < (current = Interlocked.Read(ref _minTime)))
        {
            if (Interlocked.CompareExchange(ref _minTime, minT, current) == current)
            {
                changed = true;
                break;
            }
        }
        while (maxT > (current = Interlocked.Read(ref _maxTime)))
        {
            if (Interlocked.CompareExchange(ref _maxTime, maxT, current) == current)
            {
                changed = true;
                break;
            }
        }
        if (changed)
        {
            Metrics.MinTime.Set(MinTime);
            Metrics.MaxTime.Set(MaxTime);
        }
    }

    internal AppendBatch RentBatch()
    {
        lock (_batchPool)
        {
            if (_batchPool.Count > 0) return _batchPool.Pop();
        }
        return new AppendBatch();
    }

    internal void ReturnBatch(AppendBatch batch)
    {
        batch.Clear();
        lock (_batchPool)
        {
            // Enough for every concurrent scrape on a busy server; beyond that, let the GC have them.
            if (_batchPool.Count < 64) _batchPool.Push(batch);
        }
    }
}
