using System.Buffers.Binary;

namespace MetricsServer.Tsdb.Wal;

/// <summary>
/// A cursor over one record's bytes. Every read checks the bounds and throws <see cref="WalCorruptionException"/>
/// (segment -1, offset within the record) when the record is short or a varint overflows.
/// </summary>
internal ref struct WalRecordBuffer
{
    private readonly ReadOnlySpan<byte> _data;
    private int _position;

    public WalRecordBuffer(ReadOnlySpan<byte> data)
    {
        _data = data;
    }

    public readonly int Remaining => _data.Length - _position;

    public readonly int Position => _position;

    public byte Byte()
    {
        if (Remaining < 1) throw Short(1);
        return _data[_position++];
    }

    public ulong Be64()
    {
        if (Remaining < 8) throw Short(8);
        var v = BinaryPrimitives.ReadUInt64BigEndian(_data[_position..]);
        _position += 8;
        return v;
    }

    public ulong Uvarint()
    {
        ulong result = 0;
        for (var shift = 0; shift < 70; shift += 7)
        {
            if (_position >= _data.Length) throw new WalCorruptionException(-1, _position, "truncated varint");
            var b = _data[_position++];
            // The tenth byte may carry only the top bit of a 64-bit value.
            if (shift == 63 && b > 1) throw new WalCorruptionException(-1, _position - 1, "varint overflows 64 bits");
            result |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80) return result;
        }
        throw new WalCorruptionException(-1, _position, "varint overflows 64 bits");
    }

    public long Varint()
    {
        var u = Uvarint();
        return (long)(u >> 1) ^ -(long)(u & 1);
    }

    /// <summary>A length-prefixed byte string; the length is checked against what is left before slicing.</summary>
    public ReadOnlySpan<byte> UvarintBytes()
    {
        var start = _position;
        var length = Uvarint();
        if (length > (ulong)Remaining) throw new WalCorruptionException(-1, start, $"string of {length} bytes overruns the record");
        var s = _data.Slice(_position, (int)length);
        _position += (int)length;
        return s;
    }

    public readonly WalCorruptionException Error(string reason) => new(-1, _position, reason);

    private readonly WalCorruptionException Short(int wanted) =>
        new(-1, _position, $"record ends early: wanted {wanted} bytes, {Remaining} left");
}
