using System.Buffers.Binary;
using System.Text;

namespace MetricsServer.Tsdb.Blocks;

/// <summary>
/// A bounds-checked reader over a section of a block file. Every failure is a <see cref="BlockFormatException"/>
/// naming the file, the section and the absolute offset, so corrupt input never surfaces as another exception.
/// </summary>
internal ref struct Decbuf
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly ReadOnlySpan<byte> _data;
    private readonly string _file;
    private readonly string _section;
    private readonly long _baseOffset;
    private int _pos;

    /// <param name="data">The bytes to read.</param>
    /// <param name="file">File name for errors.</param>
    /// <param name="section">Section name for errors.</param>
    /// <param name="baseOffset">Offset of <paramref name="data"/>'s first byte in the file, for errors.</param>
    public Decbuf(ReadOnlySpan<byte> data, string file, string section, long baseOffset)
    {
        _data = data;
        _file = file;
        _section = section;
        _baseOffset = baseOffset;
        _pos = 0;
    }

    public readonly int Position => _pos;

    public readonly int Remaining => _data.Length - _pos;

    public readonly BlockFormatException Error(string detail) => new(_file, _section, detail, _baseOffset + _pos);

    public byte Byte()
    {
        if (_pos >= _data.Length) throw Error("unexpected end of data");
        return _data[_pos++];
    }

    public uint BE32()
    {
        if (Remaining < 4) throw Error("unexpected end of data");
        var v = BinaryPrimitives.ReadUInt32BigEndian(_data[_pos..]);
        _pos += 4;
        return v;
    }

    public ulong BE64()
    {
        if (Remaining < 8) throw Error("unexpected end of data");
        var v = BinaryPrimitives.ReadUInt64BigEndian(_data[_pos..]);
        _pos += 8;
        return v;
    }

    public ulong Uvarint()
    {
        ulong v = 0;
        for (var shift = 0; shift < 70; shift += 7)
        {
            if (_pos >= _data.Length) throw Error("unexpected end of data in varint");
            var b = _data[_pos++];
            if (shift == 63 && b > 1) throw Error("varint overflows 64 bits");
            v |= (ulong)(b & 0x7f) << shift;
            if (b < 0x80) return v;
        }
        throw Error("varint overflows 64 bits");
    }

    public long Varint()
    {
        var u = Uvarint();
        return (long)(u >> 1) ^ -(long)(u & 1);
    }

    /// <summary>A uvarint that must fit a non-negative int, such as a length or count.</summary>
    public int UvarintInt(string what)
    {
        var v = Uvarint();
        if (v > int.MaxValue) throw Error($"{what} {v} is out of range");
        return (int)v;
    }

    public ReadOnlySpan<byte> Bytes(int n)
    {
        if (n < 0 || n > Remaining) throw Error($"length {n} runs past the end of the section");
        var s = _data.Slice(_pos, n);
        _pos += n;
        return s;
    }

    /// <summary>A uvarint-length-prefixed UTF-8 string.</summary>
    public string UvarintString()
    {
        var n = UvarintInt("string length");
        var bytes = Bytes(n);
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException e)
        {
            throw new BlockFormatException(_file, _section, "string is not valid UTF-8", _baseOffset + _pos - n, e);
        }
    }

    public void Skip(int n) => Bytes(n);
}
