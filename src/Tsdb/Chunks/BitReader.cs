namespace MetricsServer.Tsdb.Chunks;

/// <summary>
/// Reads bits most-significant first from a byte array, bounded by a byte length. A mutable struct kept inline in
/// iterators; reading past the end throws <see cref="InvalidDataException"/>, the one exception a corrupt chunk raises.
/// </summary>
public struct BitReader
{
    private readonly byte[] _buffer;
    private readonly int _bitLimit;
    private int _bitPosition;

    /// <summary>A reader over <paramref name="buffer"/>[0, <paramref name="byteLength"/>) starting at <paramref name="startByte"/>.</summary>
    public BitReader(byte[] buffer, int byteLength, int startByte)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(byteLength, buffer.Length);
        _buffer = buffer;
        _bitLimit = byteLength * 8;
        _bitPosition = startByte * 8;
    }

    public readonly int BitPosition => _bitPosition;

    public bool ReadBit()
    {
        if (_bitPosition >= _bitLimit) throw Truncated();
        var bit = (_buffer[_bitPosition >> 3] & (0x80 >> (_bitPosition & 7))) != 0;
        _bitPosition++;
        return bit;
    }

    /// <summary>Reads <paramref name="count"/> bits (0 to 64) as the low bits of the result, highest first.</summary>
    public ulong ReadBits(int count)
    {
        if (_bitPosition + count > _bitLimit) throw Truncated();
        ulong value = 0;
        while (count > 0)
        {
            var available = 8 - (_bitPosition & 7);
            var n = Math.Min(available, count);
            var b = (uint)_buffer[_bitPosition >> 3];
            var bits = (b >> (available - n)) & ((1u << n) - 1);
            value = (value << n) | bits;
            _bitPosition += n;
            count -= n;
        }
        return value;
    }

    public byte ReadByte() => (byte)ReadBits(8);

    public ulong ReadUvarint()
    {
        ulong value = 0;
        for (var shift = 0; shift < 70; shift += 7)
        {
            var b = ReadByte();
            if (shift == 63 && b > 1) break;
            value |= (ulong)(b & 0x7f) << shift;
            if (b < 0x80) return value;
        }
        throw new InvalidDataException("chunk: varint overflows 64 bits");
    }

    public long ReadVarint()
    {
        var u = ReadUvarint();
        return (long)(u >> 1) ^ -(long)(u & 1);
    }

    private static InvalidDataException Truncated() => new("chunk: unexpected end of data");
}
