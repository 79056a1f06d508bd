using System.Buffers.Binary;

namespace MetricsServer.Tsdb.HeadChunks;

/// <summary>Reads and checks one chunk of a head chunk file; shared by reads by reference, replay and repair.</summary>
internal static class HeadChunkReader
{
    /// <summary>
    /// Reads the chunk at <paramref name="offset"/>: on <see cref="HeadChunkReadStatus.Ok"/>, <paramref name="buffer"/>
    /// (grown as needed) starts with the chunk's data, followed by its 4 CRC bytes.
    /// </summary>
    public static HeadChunkReadStatus TryRead(IHeadChunkFileBytes file, long offset, ref byte[] buffer, out HeadChunkHeader header)
    {
        header = default;
        var length = file.Length;
        if (offset >= length) return HeadChunkReadStatus.End;
        Span<byte> head = stackalloc byte[HeadChunkFormat.MaxChunkHeaderSize];
        head = head[..(int)Math.Min(head.Length, length - offset)];
        file.Read(offset, head);
        var fixedPart = head[..Math.Min(head.Length, HeadChunkFormat.ChunkFixedHeaderSize)];
        if (!fixedPart.ContainsAnyExcept((byte)0)) return HeadChunkReadStatus.End;
        if (!HeadChunkFormat.TryParseChunkHeader(head, out header))
            return head.Length < HeadChunkFormat.MaxChunkHeaderSize && EndsInsideLength(head) ? HeadChunkReadStatus.Torn : HeadChunkReadStatus.BadLength;
        if (header.TotalLength > length - offset) return HeadChunkReadStatus.Torn;

        var body = header.DataLength + HeadChunkFormat.CrcSize;
        if (buffer.Length < body) buffer = new byte[Math.Max(body, buffer.Length * 2)];
        file.Read(offset + header.HeaderLength, buffer.AsSpan(0, body));
        var crc = Crc32C.Append(Crc32C.Compute(head[..header.HeaderLength]), buffer.AsSpan(0, header.DataLength));
        return crc == BinaryPrimitives.ReadUInt32BigEndian(buffer.AsSpan(header.DataLength))
            ? HeadChunkReadStatus.Ok
            : HeadChunkReadStatus.ChecksumMismatch;
    }

    /// <summary>The reason for a status other than <see cref="HeadChunkReadStatus.Ok"/>, for errors and repair reports.</summary>
    public static string Describe(HeadChunkReadStatus status) => status switch
    {
        HeadChunkReadStatus.End => "no chunk here (end of the chunks)",
        HeadChunkReadStatus.Torn => "the file ends inside the chunk",
        HeadChunkReadStatus.BadLength => "malformed data length",
        HeadChunkReadStatus.ChecksumMismatch => "checksum mismatch",
        _ => status.ToString(),
    };

    // True when every byte after the fixed header continues the length uvarint: the file was cut inside it.
    private static bool EndsInsideLength(ReadOnlySpan<byte> head)
    {
        if (head.Length <= HeadChunkFormat.ChunkFixedHeaderSize) return true;
        foreach (var b in head[HeadChunkFormat.ChunkFixedHeaderSize..])
        {
            if (b < 0x80) return false;
        }
        return true;
    }
}
