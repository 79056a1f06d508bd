using MetricsServer.Model.Metadata;
using MetricsServer.Model.Storage;
using MetricsServer.Tsdb.Chunks;

namespace MetricsServer.Tsdb.Blocks;

/// <summary>
/// Iterates a block series' samples within [minTime, maxTime], reading each chunk from its segment only when reached
/// and skipping samples in deleted (tombstoned) intervals. Not thread-safe; reusable through <see cref="Reset"/>. A
/// corrupt chunk or an encoding other than XOR stops iteration and sets <see cref="Error"/>.
/// </summary>
internal sealed class BlockSampleIterator(ChunkSegmentReader reader) : ISampleIterator
{
    private ChunkSegmentReader _reader = reader;
    private readonly XorChunkIterator _chunk = new();
    private byte[] _buffer = new byte[256];
    private ChunkMeta[] _chunks = [];
    private IReadOnlyList<(long MinTimeMs, long MaxTimeMs)>? _deleted;
    private int _next;
    private bool _inChunk;
    private bool _done;
    private long _minTime;
    private long _maxTime;

    public Exception? Error { get; private set; }

    /// <summary>Starts over on another series, possibly of another block: <paramref name="reader"/> is where its chunks are.</summary>
    public void Reset(ChunkSegmentReader reader, ChunkMeta[] chunks, long minTime, long maxTime, IReadOnlyList<(long MinTimeMs, long MaxTimeMs)>? deleted)
    {
        _reader = reader;
        _chunks = chunks;
        _minTime = minTime;
        _maxTime = maxTime;
        _deleted = deleted;
        _next = 0;
        _inChunk = false;
        _done = false;
        Error = null;
    }

    public ValueKind Next()
    {
        while (!_done)
        {
            if (!_inChunk && !LoadNextChunk(long.MinValue)) break;
            if (_chunk.Next() == ValueKind.None)
            {
                if (_chunk.Error is not null) return Fail(_chunk.Error);
                _inChunk = false;
                continue;
            }
            var t = _chunk.AtTimestamp();
            if (t < _minTime || IsDeleted(t)) continue;
            if (t > _maxTime) break;
            return ValueKind.Float;
        }
        _done = true;
        return ValueKind.None;
    }

    public ValueKind Seek(long timestampMs)
    {
        if (_done) return ValueKind.None;
        if (_inChunk && _chunk.AtTimestamp() >= timestampMs && _chunk.AtTimestamp() >= _minTime) return ValueKind.Float;
        // Chunks ending before the target are skipped without being read.
        if (!_inChunk || _chunks[_next - 1].MaxTimeMs < timestampMs)
        {
            _inChunk = false;
            if (!LoadNextChunk(timestampMs))
            {
                _done = true;
                return ValueKind.None;
            }
        }
        while (true)
        {
            var kind = Next();
            if (kind == ValueKind.None || _chunk.AtTimestamp() >= timestampMs) return kind;
        }
    }

    public (long TimestampMs, double Value) At() => _chunk.At();

    public (long TimestampMs, NativeHistogram Histogram) AtHistogram() =>
        throw new InvalidOperationException("block chunks hold float samples only");

    public long AtTimestamp() => _chunk.AtTimestamp();

    private bool LoadNextChunk(long notBefore)
    {
        while (_next < _chunks.Length && _chunks[_next].MaxTimeMs < notBefore) _next++;
        if (_next >= _chunks.Length) return false;
        var meta = _chunks[_next++];
        try
        {
            var (encoding, length) = _reader.Read(meta.Ref, ref _buffer);
            if (encoding != XorChunk.Encoding)
                throw new BlockFormatException("chunks", "chunk", $"encoding {encoding} is not supported (only XOR, 1)", meta.Offset);
            if (length < 2) throw new BlockFormatException("chunks", "chunk", "chunk shorter than its 2-byte header", meta.Offset);
            _chunk.Reset(_buffer, length, XorChunk.ReadNumSamples(_buffer.AsSpan(0, length)));
        }
        catch (BlockFormatException e)
        {
            Fail(e);
            return false;
        }
        _inChunk = true;
        return true;
    }

    private ValueKind Fail(Exception e)
    {
        Error = e;
        _done = true;
        _inChunk = false;
        return ValueKind.None;
    }

    private bool IsDeleted(long t)
    {
        if (_deleted is null) return false;
        foreach (var (mint, maxt) in _deleted)
        {
            if (t >= mint && t <= maxt) return true;
        }
        return false;
    }
}
