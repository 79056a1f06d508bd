using MetricsServer.Model.Metadata;
using MetricsServer.Model.Storage;
using MetricsServer.Tsdb.Chunks;
using MetricsServer.Tsdb.HeadChunks;

namespace MetricsServer.Tsdb;

/// <summary>
/// Iterates a series snapshot chunk by chunk, skipping chunks outside [minTime, maxTime] and clipping samples to it,
/// and leaving out samples in the series' deleted intervals (head tombstones). Reusable through <see cref="Reset"/>;
/// not thread-safe.
/// </summary>
internal sealed class HeadSampleIterator : ISampleIterator
{
    private readonly XorChunkIterator _chunk = new();
    private byte[] _diskBuffer = [];
    private HeadChunkDiskMapper? _disk;
    private SeriesSnapshot _snapshot;
    private (long MinTimeMs, long MaxTimeMs)[]? _deleted;
    private int _nextDeleted;
    private long _minTime;
    private long _maxTime;
    private int _nextChunk;
    private bool _inChunk;
    private bool _positioned;
    private bool _done;

    public Exception? Error { get; private set; }

    /// <param name="disk">Where the snapshot's sealed chunks without bytes are (the head's chunk files).</param>
    /// <param name="deleted">The series' deleted intervals (inclusive, sorted, disjoint), or null when none.</param>
    public void Reset(SeriesSnapshot snapshot, long minTime, long maxTime, HeadChunkDiskMapper? disk, (long MinTimeMs, long MaxTimeMs)[]? deleted = null)
    {
        _snapshot = snapshot;
        _disk = disk;
        _deleted = deleted;
        _nextDeleted = 0;
        _minTime = minTime;
        _maxTime = maxTime;
        _nextChunk = 0;
        _inChunk = false;
        _positioned = false;
        _done = false;
        Error = null;
    }

    public ValueKind Next() => Advance(_positioned ? long.MinValue : _minTime, seek: false);

    public ValueKind Seek(long timestampMs)
    {
        if (_done) return ValueKind.None;
        if (_positioned && _chunk.AtTimestamp() >= timestampMs) return ValueKind.Float;
        return Advance(Math.Max(timestampMs, _minTime), seek: true);
    }

    public (long TimestampMs, double Value) At() => _chunk.At();

    public (long TimestampMs, NativeHistogram Histogram) AtHistogram() =>
        throw new InvalidOperationException("the head stores float samples only");

    public long AtTimestamp() => _chunk.AtTimestamp();

    private ValueKind Advance(long target, bool seek)
    {
        if (_done) return ValueKind.None;
        target = Math.Max(target, _minTime);
        while (true)
        {
            if (!_inChunk && !OpenNextChunk(target)) return Finish();
            var kind = seek ? _chunk.Seek(target) : _chunk.Next();
            if (kind == ValueKind.None)
            {
                if (_chunk.Error is not null)
                {
                    Error = _chunk.Error;
                    return Finish();
                }
                _inChunk = false;
                seek = true;
                continue;
            }
            var t = _chunk.AtTimestamp();
            if (t < target)
            {
                seek = true;
                continue;
            }
            if (t > _maxTime) return Finish();
            if (_deleted is not null && DeletedUntil(t) is { } end)
            {
                // Jump past the interval: whole chunks inside it are never decoded.
                if (end == long.MaxValue) return Finish();
                target = end + 1;
                seek = true;
                continue;
            }
            _positioned = true;
            return ValueKind.Float;
        }
    }

    /// <summary>The end of the deleted interval holding <paramref name="t"/>, or null when it is not deleted.</summary>
    /// <remarks>Timestamps only grow, so the intervals are walked once.</remarks>
    private long? DeletedUntil(long t)
    {
        var deleted = _deleted!;
        while (_nextDeleted < deleted.Length && deleted[_nextDeleted].MaxTimeMs < t) _nextDeleted++;
        if (_nextDeleted == deleted.Length || deleted[_nextDeleted].MinTimeMs > t) return null;
        return deleted[_nextDeleted].MaxTimeMs;
    }

    private bool OpenNextChunk(long target)
    {
        var s = _snapshot;
        while (_nextChunk < s.ChunkCount)
        {
            var c = s.Chunks[_nextChunk++];
            if (c.MaxTime < target) continue;
            if (c.MinTime > _maxTime) return false;
            if (c.Data is { } data) _chunk.Reset(data, data.Length, XorChunk.ReadNumSamples(data));
            else if (!ReadFromDisk(c))
            {
                if (Error is not null) return false;
                continue;
            }
            _inChunk = true;
            return true;
        }
        if (_nextChunk == s.ChunkCount && s.OpenNumSamples > 0 && s.OpenBuffer is not null)
        {
            _nextChunk++;
            if (s.MaxTime < target || s.OpenMinTime > _maxTime) return false;
            _chunk.Reset(s.OpenBuffer, s.OpenByteLength, s.OpenNumSamples);
            _inChunk = true;
            return true;
        }
        return false;
    }

    private bool ReadFromDisk(in ClosedChunk c)
    {
        if (_disk is null)
        {
            Error = new InvalidOperationException("a head chunk in a chunk file was read without the head's chunk files");
            return false;
        }
        int length;
        try
        {
            (_, length) = _disk.Read(c.DiskRef, ref _diskBuffer);
        }
        catch (ArgumentOutOfRangeException)
        {
            // Its file was deleted by a head truncation after the snapshot: the chunk is older than the head now
            // holds, and its samples are in a block, which the database reads instead.
            return false;
        }
        catch (HeadChunkCorruptionException e)
        {
            Error = e;
            return false;
        }
        _chunk.Reset(_diskBuffer, length, XorChunk.ReadNumSamples(_diskBuffer.AsSpan(0, length)));
        return true;
    }

    private ValueKind Finish()
    {
        _done = true;
        _positioned = false;
        _inChunk = false;
        return ValueKind.None;
    }
}
