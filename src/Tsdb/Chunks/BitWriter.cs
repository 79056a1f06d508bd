using System.Runtime.CompilerServices;
namespace MetricsServer.Tsdb.Chunks;

/// <summary>
/// Writes bits most-significant first into a growing byte buffer, as Prometheus's chunk encodings lay them out.
/// A mutable struct so that it can live inline in a chunk appender (one object less per series); keep it in a field
/// or a local and never copy it while writing.
/// </summary>
/// <remarks>
/// Bits once written are never changed: writing only ORs new bits into the zero tail of the last byte and beyond,
/// and growing copies into a new array. A reader holding an older array reference and bit length therefore always
/// sees a consistent prefix, which the head relies on to read the open chunk without copying it.
/// </remarks>
public struct BitWriter
{
    private byte[] _buffer;
    private int _bitLength;

    public BitWriter(int initialCapacity) => _buffer = new byte[Math.Max(initialCapacity, 1)];

    /// <summary>The backing array; only the first <see cref="ByteLength"/> bytes are meaningful.</summary>
    public readonly byte[] Buffer => _buffer ?? [];

    /// <summary>The number of bits written so far.</summary>
    public readonly int BitLength => _bitLength;

    /// <summary>The number of bytes holding written bits, the last one padded with zero bits.</summary>
    public readonly int ByteLength => (_bitLength + 7) >> 3;

    /// <summary>The written bytes; valid until the next write.</summary>
    public readonly ReadOnlySpan<byte> WrittenSpan => Buffer.AsSpan(0, ByteLength);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void WriteBit(bool bit)
    {
        EnsureCapacity(_bitLength + 1);
        if (bit) _buffer[_bitLength >> 3] |= (byte)(0x80 >> (_bitLength & 7));
        _bitLength++;
    }

    /// <summary>Writes the low <paramref name="count"/> bits of <paramref name="value"/> (0 to 64), highest first.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void WriteBits(ulong value, int count)
    {
        EnsureCapacity(_bitLength + count);
        while (count > 0)
        {
            var free = 8 - (_bitLength & 7);
            var n = Math.Min(free, count);
            var bits = (uint)(value >> (count - n)) & ((1u << n) - 1);
            _buffer[_bitLength >> 3] |= (byte)(bits << (free - n));
            _bitLength += n;
            count -= n;
        }
    }

    public void WriteByte(byte value) => WriteBits(value, 8);

    /// <summary>Go's <c>uvarint</c>: 7 bits per byte, least significant group first, high bit set on all but the last.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void WriteUvarint(ulong value)
    {
        while (value >= 0x80)
        {
            WriteByte((byte)(value | 0x80));
            value >>= 7;
        }
        WriteByte((byte)value);
    }

    /// <summary>Go's <c>varint</c>: the zig-zag transform of a signed value, then <see cref="WriteUvarint"/>.</summary>
    public void WriteVarint(long value) => WriteUvarint((ulong)((value << 1) ^ (value >> 63)));

    /// <summary>Overwrites a whole byte already written (a header field).</summary>
    public readonly void SetByte(int index, byte value) => _buffer[index] = value;

    private void EnsureCapacity(int bits)
    {
        var bytes = (bits + 7) >> 3;
        if (_buffer is not null && bytes <= _buffer.Length) return;
        var current = _buffer?.Length ?? 0;
        var grown = new byte[Math.Max(bytes, Math.Max(16, current * 2))];
        if (_buffer is not null) _buffer.AsSpan(0, ByteLength).CopyTo(grown);
        _buffer = grown;
    }
}
