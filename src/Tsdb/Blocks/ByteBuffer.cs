using System.Buffers.Binary;
using System.Text;

namespace MetricsServer.Tsdb.Blocks;

/// <summary>
/// A growable byte buffer with the integer encodings of Prometheus's files: big-endian fixed widths and Go's
/// varint/uvarint (LEB128, zig-zag for signed). Not thread-safe.
/// </summary>
internal sealed class ByteBuffer(int capacity = 256)
{
    private byte[] _buffer = new byte[Math.Max(capacity, 16)];

    public int Length { get; private set; }

    public ReadOnlySpan<byte> Span => _buffer.AsSpan(0, Length);

    public void Clear() => Length = 0;

    public void PutByte(byte b)
    {
        Ensure(1);
        _buffer[Length++] = b;
    }

    public void PutBE32(uint v)
    {
        Ensure(4);
        BinaryPrimitives.WriteUInt32BigEndian(_buffer.AsSpan(Length), v);
        Length += 4;
    }

    public void PutBE64(ulong v)
    {
        Ensure(8);
        BinaryPrimitives.WriteUInt64BigEndian(_buffer.AsSpan(Length), v);
        Length += 8;
    }

    public void PutUvarint(ulong v)
    {
        Ensure(10);
        while (v >= 0x80)
        {
            _buffer[Length++] = (byte)(v | 0x80);
            v >>= 7;
        }
        _buffer[Length++] = (byte)v;
    }

    public void PutVarint(long v) => PutUvarint((ulong)((v << 1) ^ (v >> 63)));

    public void PutBytes(ReadOnlySpan<byte> bytes)
    {
        Ensure(bytes.Length);
        bytes.CopyTo(_buffer.AsSpan(Length));
        Length += bytes.Length;
    }

    /// <summary>A string as uvarint byte length then its UTF-8 bytes.</summary>
    public void PutUvarintString(string s)
    {
        var n = Encoding.UTF8.GetByteCount(s);
        PutUvarint((ulong)n);
        Ensure(n);
        Encoding.UTF8.GetBytes(s, _buffer.AsSpan(Length));
        Length += n;
    }

    /// <summary>Overwrites 4 bytes at <paramref name="position"/> (used to fill in a length once known).</summary>
    public void SetBE32(int position, uint v) => BinaryPrimitives.WriteUInt32BigEndian(_buffer.AsSpan(position), v);

    /// <summary>Appends the CRC-32C of the bytes from <paramref name="start"/> to the end, big-endian.</summary>
    public void PutCrcFrom(int start) => PutBE32(Crc32C.Compute(_buffer.AsSpan(start, Length - start)));

    private void Ensure(int extra)
    {
        if (Length + extra <= _buffer.Length) return;
        var size = Math.Max(_buffer.Length * 2, Length + extra);
        Array.Resize(ref _buffer, size);
    }
}
