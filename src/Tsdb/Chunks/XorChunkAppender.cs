using System.Numerics;
using System.Runtime.CompilerServices;

namespace MetricsServer.Tsdb.Chunks;

/// <summary>
/// Encodes float samples into Prometheus's XOR chunk format (docs/format/xor-chunk.md): a 2-byte big-endian sample
/// count, the first timestamp as a varint and value as 64 raw bits, the second timestamp as a uvarint delta, then
/// delta-of-delta timestamps and XOR-compressed values at bit granularity. Not thread-safe.
/// </summary>
/// <remarks>
/// A mutable struct so that the head can keep it inline in each series; hold it in a field or local, never copy it
/// while appending. Timestamps must not decrease: the caller checks ordering. Written bits never change afterwards
/// (see <see cref="BitWriter"/>), so a reader that captured <see cref="Buffer"/> and <see cref="NumSamples"/> at the
/// same moment can decode that prefix while appends continue.
/// </remarks>
public struct XorChunkAppender
{
    /// <summary>Sentinel for "no leading/trailing window yet": the first non-zero XOR always writes a new window.</summary>
    private const byte NoWindow = 0xff;

    private BitWriter _stream;
    private int _numSamples;
    private long _t;
    private long _tDelta;
    private ulong _vBits;
    private byte _leading;
    private byte _trailing;

    /// <summary>An empty chunk whose buffer starts at <paramref name="initialCapacity"/> bytes (it grows as needed).</summary>
    public XorChunkAppender(int initialCapacity)
    {
        _stream = new BitWriter(Math.Max(initialCapacity, 2));
        _stream.WriteBits(0, 16);
        _leading = NoWindow;
    }

    public readonly int NumSamples => _numSamples;

    /// <summary>The backing array; the encoded chunk is its first <see cref="ByteLength"/> bytes.</summary>
    public readonly byte[] Buffer => _stream.Buffer;

    public readonly int ByteLength => _stream.ByteLength;

    /// <summary>The encoded chunk; valid until the next append.</summary>
    public readonly ReadOnlySpan<byte> Bytes => _stream.WrittenSpan;

    /// <summary>The encoded chunk copied into an array of exactly its length.</summary>
    public readonly byte[] ToArray() => Bytes.ToArray();

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Append(long timestampMs, double value)
    {
        if (_stream.Buffer.Length == 0) this = new XorChunkAppender(16);
        var vBits = BitConverter.DoubleToUInt64Bits(value);
        switch (_numSamples)
        {
            case 0:
                _stream.WriteVarint(timestampMs);
                _stream.WriteBits(vBits, 64);
                break;
            case 1:
                _tDelta = timestampMs - _t;
                _stream.WriteUvarint((ulong)_tDelta);
                WriteValue(vBits);
                break;
            default:
                var delta = timestampMs - _t;
                WriteDeltaOfDelta(delta - _tDelta);
                _tDelta = delta;
                WriteValue(vBits);
                break;
        }
        _t = timestampMs;
        _vBits = vBits;
        _numSamples++;
        _stream.SetByte(0, (byte)(_numSamples >> 8));
        _stream.SetByte(1, (byte)_numSamples);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void WriteDeltaOfDelta(long dod)
    {
        // Buckets of Prometheus's varbit_ts: a unary prefix of 0 to 4 ones picks 0, 14, 17, 20 or 64 value bits.
        if (dod == 0)
        {
            _stream.WriteBit(false);
        }
        else if (FitsIn(dod, 14))
        {
            _stream.WriteBits(0b10, 2);
            _stream.WriteBits((ulong)dod, 14);
        }
        else if (FitsIn(dod, 17))
        {
            _stream.WriteBits(0b110, 3);
            _stream.WriteBits((ulong)dod, 17);
        }
        else if (FitsIn(dod, 20))
        {
            _stream.WriteBits(0b1110, 4);
            _stream.WriteBits((ulong)dod, 20);
        }
        else
        {
            _stream.WriteBits(0b1111, 4);
            _stream.WriteBits((ulong)dod, 64);
        }
    }

    /// <summary>The range Prometheus accepts for an n-bit bucket: -(2^(n-1) - 1) to 2^(n-1), inclusive.</summary>
    internal static bool FitsIn(long value, int bits) => value >= -(1L << (bits - 1)) + 1 && value <= 1L << (bits - 1);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void WriteValue(ulong vBits)
    {
        var xor = vBits ^ _vBits;
        if (xor == 0)
        {
            _stream.WriteBit(false);
            return;
        }
        _stream.WriteBit(true);
        var leading = BitOperations.LeadingZeroCount(xor);
        var trailing = BitOperations.TrailingZeroCount(xor);
        // The leading-zero count has 5 bits in the stream, so it saturates at 31.
        if (leading >= 32) leading = 31;
        if (_leading != NoWindow && leading >= _leading && trailing >= _trailing)
        {
            // The meaningful bits fit in the previous window: reuse it.
            _stream.WriteBit(false);
            _stream.WriteBits(xor >> _trailing, 64 - _leading - _trailing);
            return;
        }
        _leading = (byte)leading;
        _trailing = (byte)trailing;
        var significant = 64 - leading - trailing;
        _stream.WriteBit(true);
        _stream.WriteBits((ulong)leading, 5);
        // 64 significant bits do not fit in 6 bits; they are written as 0, which the reader maps back to 64.
        _stream.WriteBits((ulong)significant, 6);
        _stream.WriteBits(xor >> trailing, significant);
    }
}
