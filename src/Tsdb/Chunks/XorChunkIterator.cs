using MetricsServer.Model.Metadata;
using MetricsServer.Model.Storage;

namespace MetricsServer.Tsdb.Chunks;

/// <summary>
/// Decodes an XOR chunk sample by sample. Not thread-safe; reusable through <see cref="Reset"/>. A corrupt chunk stops
/// iteration and sets <see cref="Error"/> to an <see cref="InvalidDataException"/>.
/// </summary>
public sealed class XorChunkIterator : ISampleIterator
{
    private BitReader _reader;
    private int _numSamples;
    private int _read;
    private long _t;
    private long _tDelta;
    private ulong _vBits;
    private int _leading;
    private int _trailing;
    private bool _done;

    public XorChunkIterator() => _done = true;

    /// <summary>An iterator over a complete chunk; the sample count comes from its header.</summary>
    public XorChunkIterator(byte[] chunk)
    {
        ArgumentNullException.ThrowIfNull(chunk);
        Reset(chunk, chunk.Length, XorChunk.ReadNumSamples(chunk));
    }

    public Exception? Error { get; private set; }

    /// <summary>
    /// Restarts over the first <paramref name="byteLength"/> bytes of <paramref name="buffer"/>, decoding only
    /// <paramref name="numSamples"/> samples (the header is not read, so that a snapshot of a growing chunk works).
    /// </summary>
    public void Reset(byte[] buffer, int byteLength, int numSamples)
    {
        _reader = new BitReader(buffer, byteLength, 2);
        _numSamples = numSamples;
        _read = 0;
        _t = 0;
        _tDelta = 0;
        _vBits = 0;
        _leading = 0;
        _trailing = 0;
        _done = false;
        Error = null;
    }

    public ValueKind Next()
    {
        if (_done || _read >= _numSamples)
        {
            _done = true;
            return ValueKind.None;
        }
        try
        {
            switch (_read)
            {
                case 0:
                    _t = _reader.ReadVarint();
                    _vBits = _reader.ReadBits(64);
                    break;
                case 1:
                    _tDelta = (long)_reader.ReadUvarint();
                    _t += _tDelta;
                    ReadValue();
                    break;
                default:
                    _tDelta += ReadDeltaOfDelta();
                    _t += _tDelta;
                    ReadValue();
                    break;
            }
        }
        catch (InvalidDataException e)
        {
            Error = e;
            _done = true;
            return ValueKind.None;
        }
        _read++;
        return ValueKind.Float;
    }

    public ValueKind Seek(long timestampMs)
    {
        if (_read > 0 && !_done && _t >= timestampMs) return ValueKind.Float;
        while (true)
        {
            var kind = Next();
            if (kind == ValueKind.None || _t >= timestampMs) return kind;
        }
    }

    public (long TimestampMs, double Value) At() => (_t, BitConverter.UInt64BitsToDouble(_vBits));

    public (long TimestampMs, NativeHistogram Histogram) AtHistogram() =>
        throw new InvalidOperationException("an XOR chunk holds float samples only");

    public long AtTimestamp() => _t;

    private long ReadDeltaOfDelta()
    {
        var ones = 0;
        while (ones < 4 && _reader.ReadBit()) ones++;
        var size = ones switch { 0 => 0, 1 => 14, 2 => 17, 3 => 20, _ => 64 };
        if (size == 0) return 0;
        var bits = _reader.ReadBits(size);
        if (size == 64) return (long)bits;
        var value = (long)bits;
        // Two's complement over `size` bits, with the asymmetric range the writer uses (see XorChunkAppender.FitsIn).
        if (value > 1L << (size - 1)) value -= 1L << size;
        return value;
    }

    private void ReadValue()
    {
        if (!_reader.ReadBit()) return;
        if (_reader.ReadBit())
        {
            _leading = (int)_reader.ReadBits(5);
            var significant = (int)_reader.ReadBits(6);
            if (significant == 0) significant = 64;
            _trailing = 64 - _leading - significant;
            if (_trailing < 0) throw new InvalidDataException("chunk: XOR window exceeds 64 bits");
        }
        var width = 64 - _leading - _trailing;
        if (width <= 0) throw new InvalidDataException("chunk: XOR value reuses an empty window");
        var bits = _reader.ReadBits(width);
        _vBits ^= bits << _trailing;
    }
}
