using System.Buffers.Binary;
using System.Globalization;

namespace MetricsServer.Tsdb.HeadChunks;

/// <summary>
/// Constants and encoders of Prometheus's head chunk files in <c>chunks_head/</c> (docs/format/head_chunks.md):
/// an 8-byte file header, then chunks of series ref, mint, maxt (big-endian 8 bytes each), encoding (1 byte),
/// data length (uvarint), data and a big-endian CRC-32C over every field before it.
/// </summary>
public static class HeadChunkFormat
{
    public const uint Magic = 0x0130BC91;
    public const byte Version = 1;

    /// <summary>Magic, version and 3 zero bytes of padding: the first chunk starts at offset 8.</summary>
    public const int FileHeaderSize = 8;

    /// <summary>Series ref, mint, maxt and encoding: the fixed part of a chunk before the length uvarint.</summary>
    public const int ChunkFixedHeaderSize = 8 + 8 + 8 + 1;

    /// <summary>The fixed part plus the longest length uvarint we accept (5 bytes: data under 4 GiB).</summary>
    public const int MaxChunkHeaderSize = ChunkFixedHeaderSize + MaxLengthVarintSize;

    public const int CrcSize = 4;

    /// <summary>Prometheus cuts a new head chunk file before one would pass 128 MiB.</summary>
    public const long DefaultMaxFileSize = 128L * 1024 * 1024;

    public const string DirectoryName = "chunks_head";

    /// <summary>Prometheus sets this bit of the encoding byte on out-of-order chunks; the rest is the chunk encoding.</summary>
    public const byte OutOfOrderMask = 0x80;

    private const int MaxLengthVarintSize = 5;

    /// <summary>Files are named by their 1-based sequence number, six digits: 000001, 000002, ...</summary>
    public static string FileName(int fileIndex) => fileIndex.ToString("D6", CultureInfo.InvariantCulture);

    /// <summary>A chunk reference: the file's sequence number in the upper 32 bits, the chunk's byte offset in the lower.</summary>
    public static ulong ChunkRef(int fileIndex, long offset) => ((ulong)(uint)fileIndex << 32) | (uint)offset;

    public static int FileIndexOf(ulong chunkRef) => (int)(chunkRef >> 32);

    public static long OffsetOf(ulong chunkRef) => (uint)chunkRef;

    /// <summary>Writes the 8-byte file header into <paramref name="destination"/>.</summary>
    public static void WriteFileHeader(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt32BigEndian(destination, Magic);
        destination[4] = Version;
        destination[5..FileHeaderSize].Clear();
    }

    /// <summary>The bytes a chunk with <paramref name="dataLength"/> bytes of data takes in a file, CRC included.</summary>
    public static int EncodedSize(int dataLength) => ChunkFixedHeaderSize + UvarintSize((uint)dataLength) + dataLength + CrcSize;

    /// <summary>Writes a whole chunk (header, data, CRC) into <paramref name="destination"/> and returns its size.</summary>
    public static int WriteChunk(Span<byte> destination, ulong seriesRef, long minTime, long maxTime, byte encoding, ReadOnlySpan<byte> data)
    {
        BinaryPrimitives.WriteUInt64BigEndian(destination, seriesRef);
        BinaryPrimitives.WriteInt64BigEndian(destination[8..], minTime);
        BinaryPrimitives.WriteInt64BigEndian(destination[16..], maxTime);
        destination[24] = encoding;
        var n = ChunkFixedHeaderSize;
        var length = (uint)data.Length;
        while (length >= 0x80)
        {
            destination[n++] = (byte)(length | 0x80);
            length >>= 7;
        }
        destination[n++] = (byte)length;
        data.CopyTo(destination[n..]);
        n += data.Length;
        BinaryPrimitives.WriteUInt32BigEndian(destination[n..], Crc32C.Compute(destination[..n]));
        return n + CrcSize;
    }

    /// <summary>
    /// Parses a chunk header from <paramref name="header"/> (up to <see cref="MaxChunkHeaderSize"/> bytes from the
    /// chunk's offset, fewer at the end of a file). Returns false when the bytes end inside the header or the length
    /// uvarint is malformed.
    /// </summary>
    public static bool TryParseChunkHeader(ReadOnlySpan<byte> header, out HeadChunkHeader parsed)
    {
        parsed = default;
        if (header.Length < ChunkFixedHeaderSize + 1) return false;
        uint length = 0;
        var n = ChunkFixedHeaderSize;
        for (var shift = 0; ; shift += 7)
        {
            if (n >= header.Length || n >= MaxChunkHeaderSize) return false;
            var b = header[n++];
            if (shift == 28 && b > 0x0F) return false;
            length |= (uint)(b & 0x7F) << shift;
            if (b < 0x80) break;
        }
        if (length > int.MaxValue - MaxChunkHeaderSize - CrcSize) return false;
        parsed = new HeadChunkHeader(
            BinaryPrimitives.ReadUInt64BigEndian(header),
            BinaryPrimitives.ReadInt64BigEndian(header[8..]),
            BinaryPrimitives.ReadInt64BigEndian(header[16..]),
            header[24],
            n,
            (int)length);
        return true;
    }

    private static int UvarintSize(uint value)
    {
        var n = 1;
        while (value >= 0x80)
        {
            value >>= 7;
            n++;
        }
        return n;
    }
}
