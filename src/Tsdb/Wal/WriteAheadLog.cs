using System.Buffers;
using Snappier;

namespace MetricsServer.Tsdb.Wal;

/// <summary>
/// The write-ahead log in one directory (<c>data/wal</c>): records appended to numbered segment files in
/// Prometheus's page and fragment format. Opening always starts a new segment after the last one present, so that
/// existing segments are only ever read or repaired. Thread-safe: calls are serialised by one lock.
/// </summary>
public sealed class WriteAheadLog : IDisposable
{
    private readonly Lock _lock = new();
    private readonly WalOptions _options;
    private WalSegmentWriter? _segment;
    private byte[] _compressed = [];

    private WriteAheadLog(string directory, WalOptions options)
    {
        Directory = directory;
        _options = options;
    }

    public string Directory { get; }

    public WalCompression Compression => _options.Compression;

    /// <summary>The index of the segment being written.</summary>
    public int CurrentSegment
    {
        get
        {
            lock (_lock) return Active.Index;
        }
    }

    private WalSegmentWriter Active => _segment ?? throw new ObjectDisposedException(nameof(WriteAheadLog));

    /// <summary>
    /// Opens the WAL in <paramref name="directory"/> (created when missing) for writing, in a new segment numbered
    /// one past the last present. Replay (a <see cref="WalReader"/> over the existing segments) comes first.
    /// </summary>
    public static WriteAheadLog Open(string directory, WalOptions? options = null)
    {
        options ??= WalOptions.Default;
        if (options.SegmentSize <= 0 || options.SegmentSize % WalFormat.PageSize != 0)
        {
            throw new ArgumentException($"WAL segment size {options.SegmentSize} is not a positive multiple of {WalFormat.PageSize}", nameof(options));
        }
        System.IO.Directory.CreateDirectory(directory);
        var wal = new WriteAheadLog(directory, options);
        var (_, last) = WalSegments.Range(directory);
        wal._segment = WalSegmentWriter.Open(directory, last + 1);
        return wal;
    }

    /// <summary>
    /// Appends one encoded record. It is buffered in the current page: call <see cref="Flush"/> or <see cref="Commit"/>
    /// to make it durable. When the record does not fit into the rest of the segment, a new segment is started first.
    /// </summary>
    public void Log(ReadOnlySpan<byte> record)
    {
        lock (_lock)
        {
            var data = record;
            var snappy = false;
            if (_options.Compression == WalCompression.Snappy && record.Length > 0)
            {
                var max = Snappy.GetMaxCompressedLength(record.Length);
                if (_compressed.Length < max) _compressed = new byte[Math.Max(max, _compressed.Length * 2)];
                var n = Snappy.Compress(record, _compressed);
                // As Prometheus does: keep the record uncompressed when compression does not make it smaller.
                if (n < record.Length)
                {
                    data = _compressed.AsSpan(0, n);
                    snappy = true;
                }
            }
            var segment = Active;
            if (data.Length > segment.RecordCapacity(_options.SegmentSize) && segment.Size > 0) segment = StartNextSegment();
            segment.WriteRecord(data, snappy);
        }
    }

    /// <summary>Appends a record held in a sequence (for example an <see cref="ArrayBufferWriter{T}"/>'s written memory).</summary>
    public void Log(ReadOnlySequence<byte> record)
    {
        if (record.IsSingleSegment)
        {
            Log(record.FirstSpan);
            return;
        }
        var rented = ArrayPool<byte>.Shared.Rent(checked((int)record.Length));
        try
        {
            record.CopyTo(rented);
            Log(rented.AsSpan(0, (int)record.Length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>Writes buffered fragments to the file: they survive the process being killed, not a power loss.</summary>
    public void Flush()
    {
        lock (_lock) Active.Flush();
    }

    /// <summary>Writes buffered fragments and fsyncs the segment: what was logged survives a power loss.</summary>
    public void Commit()
    {
        lock (_lock) Active.Sync();
    }

    /// <summary>Completes the current segment (padded, fsynced, closed) and starts the next; returns the new index.</summary>
    public int NextSegment()
    {
        lock (_lock) return StartNextSegment().Index;
    }

    /// <summary>Deletes the segments numbered below <paramref name="before"/> (after a checkpoint covers them).</summary>
    public void Truncate(int before)
    {
        lock (_lock)
        {
            foreach (var s in WalSegments.List(Directory))
            {
                if (s.Index >= before || s.Index == Active.Index) break;
                File.Delete(s.Path);
            }
        }
    }

    /// <summary>
    /// Repairs the corruption a replay reported (see <see cref="WalRepair.Repair"/>) and continues writing in a new
    /// segment after the repaired one. Returns the number of bytes dropped, for the log line.
    /// </summary>
    public long Repair(WalCorruptionException corruption)
    {
        ArgumentNullException.ThrowIfNull(corruption);
        lock (_lock)
        {
            Active.Dispose();
            _segment = null;
            var dropped = WalRepair.Repair(Directory, corruption);
            var (_, last) = WalSegments.Range(Directory);
            _segment = WalSegmentWriter.Open(Directory, last + 1);
            return dropped;
        }
    }

    private WalSegmentWriter StartNextSegment()
    {
        var previous = Active;
        previous.Dispose();
        _segment = null;
        _segment = WalSegmentWriter.Open(Directory, previous.Index + 1);
        return _segment;
    }

    /// <summary>Pads the last page, fsyncs and closes the current segment.</summary>
    public void Dispose()
    {
        lock (_lock)
        {
            _segment?.Dispose();
            _segment = null;
        }
    }
}
