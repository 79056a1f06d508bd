using System.Buffers.Binary;

namespace MetricsServer.Tsdb.Blocks;

/// <summary>
/// Appends chunks to a block's <c>chunks/</c> segment files (docs/format/chunks.md): each chunk is its uvarint data
/// length, encoding byte, data and the big-endian CRC-32C of encoding and data. A new file is cut when the next chunk
/// would take the current one past the segment size. Not thread-safe.
/// </summary>
internal sealed class ChunkSegmentWriter : IDisposable
{
    private readonly string _directory;
    private readonly long _segmentSize;
    private readonly byte[] _scratch = new byte[16];
    private FileStream? _file;
    private long _fileLength;
    private int _sequence;

    public ChunkSegmentWriter(string directory, long segmentSize = ChunkSegmentFormat.DefaultSegmentSize)
    {
        // Offsets are 32 bits in a chunk reference.
        if (segmentSize <= ChunkSegmentFormat.HeaderSize || segmentSize > uint.MaxValue) throw new ArgumentOutOfRangeException(nameof(segmentSize));
        _directory = directory;
        _segmentSize = segmentSize;
        Directory.CreateDirectory(directory);
    }

    /// <summary>Total bytes written to all segments.</summary>
    public long BytesWritten { get; private set; }

    /// <summary>Writes one chunk and returns its reference.</summary>
    public ulong Write(byte encoding, ReadOnlySpan<byte> data)
    {
        var lenBytes = PutUvarint(_scratch, (ulong)data.Length);
        var size = lenBytes + 1L + data.Length + 4;
        if (_file is null || (_fileLength > ChunkSegmentFormat.HeaderSize && _fileLength + size > _segmentSize)) Cut();
        if (_fileLength + size > uint.MaxValue) throw new ArgumentException("chunk too large for a segment file", nameof(data));
        var offset = (uint)_fileLength;
        _scratch[lenBytes] = encoding;
        _file!.Write(_scratch, 0, lenBytes + 1);
        _file.Write(data);
        var crc = Crc32C.Append(Crc32C.Compute(_scratch.AsSpan(lenBytes, 1)), data);
        Span<byte> crcBytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crcBytes, crc);
        _file.Write(crcBytes);
        _fileLength += size;
        BytesWritten += size;
        return ChunkMeta.MakeRef(_sequence - 1, offset);
    }

    /// <summary>Flushes and fsyncs the open segment and closes it.</summary>
    public void Finish()
    {
        if (_file is null) return;
        _file.Flush(flushToDisk: true);
        _file.Dispose();
        _file = null;
    }

    public void Dispose() => _file?.Dispose();

    private void Cut()
    {
        Finish();
        _sequence++;
        var path = Path.Combine(_directory, ChunkSegmentFormat.SegmentFileName(_sequence));
        _file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20);
        Span<byte> header = stackalloc byte[ChunkSegmentFormat.HeaderSize];
        header.Clear();
        BinaryPrimitives.WriteUInt32BigEndian(header, ChunkSegmentFormat.Magic);
        header[4] = ChunkSegmentFormat.Version;
        _file.Write(header);
        _fileLength = ChunkSegmentFormat.HeaderSize;
        BytesWritten += ChunkSegmentFormat.HeaderSize;
    }

    private static int PutUvarint(Span<byte> buffer, ulong v)
    {
        var i = 0;
        while (v >= 0x80)
        {
            buffer[i++] = (byte)(v | 0x80);
            v >>= 7;
        }
        buffer[i++] = (byte)v;
        return i;
    }
}
