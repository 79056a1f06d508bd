using System.Buffers.Binary;
using System.Globalization;
using Microsoft.Win32.SafeHandles;

namespace MetricsServer.Tsdb.Blocks;

/// <summary>
/// Reads chunks from a block's <c>chunks/</c> segment files by reference, with positioned reads (no shared file
/// position, so thread-safe). Opening checks each segment's header; each read checks the chunk's CRC-32C.
/// </summary>
public sealed class ChunkSegmentReader : IDisposable
{
    private readonly SafeFileHandle[] _files;
    private readonly long[] _lengths;
    private readonly string[] _paths;

    private ChunkSegmentReader(SafeFileHandle[] files, long[] lengths, string[] paths)
    {
        _files = files;
        _lengths = lengths;
        _paths = paths;
    }

    public int SegmentCount => _files.Length;

    /// <summary>Opens the numbered segment files in <paramref name="directory"/>, in sequence order.</summary>
    /// <exception cref="BlockFormatException">A segment has a bad header.</exception>
    public static ChunkSegmentReader Open(string directory)
    {
        var numbered = new List<(ulong Sequence, string Path)>();
        foreach (var path in Directory.EnumerateFiles(directory))
        {
            if (ulong.TryParse(Path.GetFileName(path), NumberStyles.None, CultureInfo.InvariantCulture, out var n)) numbered.Add((n, path));
        }
        numbered.Sort(static (a, b) => a.Sequence.CompareTo(b.Sequence));
        var files = new SafeFileHandle[numbered.Count];
        var lengths = new long[numbered.Count];
        var paths = new string[numbered.Count];
        try
        {
            Span<byte> header = stackalloc byte[ChunkSegmentFormat.HeaderSize];
            for (var i = 0; i < numbered.Count; i++)
            {
                var path = numbered[i].Path;
                paths[i] = path;
                files[i] = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete);
                lengths[i] = RandomAccess.GetLength(files[i]);
                if (RandomAccess.Read(files[i], header, 0) < ChunkSegmentFormat.HeaderSize)
                    throw new BlockFormatException(path, "chunk segment header", $"file is {lengths[i]} bytes, shorter than the header", 0);
                if (BinaryPrimitives.ReadUInt32BigEndian(header) != ChunkSegmentFormat.Magic)
                    throw new BlockFormatException(path, "chunk segment header", "bad magic number", 0);
                if (header[4] != ChunkSegmentFormat.Version)
                    throw new BlockFormatException(path, "chunk segment header", $"unsupported version {header[4]}", 4);
            }
        }
        catch
        {
            foreach (var f in files) f?.Dispose();
            throw;
        }
        return new ChunkSegmentReader(files, lengths, paths);
    }

    /// <summary>
    /// Reads the chunk at <paramref name="chunkRef"/> into <paramref name="buffer"/> (grown as needed) and returns its
    /// encoding and data length.
    /// </summary>
    /// <exception cref="BlockFormatException">The reference is out of range, or the chunk is truncated or fails its checksum.</exception>
    public (byte Encoding, int Length) Read(ulong chunkRef, ref byte[] buffer)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        var segment = chunkRef >> 32;
        var offset = (long)(uint)chunkRef;
        if (segment >= (ulong)_files.Length)
            throw new BlockFormatException(_files.Length > 0 ? Path.GetDirectoryName(_paths[0])! : "chunks", "chunk reference", $"segment index {segment} out of range ({_files.Length} segments)");
        var file = _files[segment];
        var path = _paths[segment];
        var length = _lengths[segment];
        if (offset < ChunkSegmentFormat.HeaderSize || offset >= length) throw new BlockFormatException(path, "chunk", "chunk offset out of range", offset);

        // The uvarint length takes at most 5 bytes for a chunk under 4 GiB, then the encoding byte.
        Span<byte> head = stackalloc byte[6];
        var got = RandomAccess.Read(file, head, offset);
        head = head[..got];
        ulong dataLen = 0;
        var n = 0;
        for (var shift = 0; ; shift += 7)
        {
            if (n >= head.Length || shift > 28) throw new BlockFormatException(path, "chunk", "bad length field", offset);
            var b = head[n++];
            dataLen |= (ulong)(b & 0x7f) << shift;
            if (b < 0x80) break;
        }
        var bodyOffset = offset + n;
        // Encoding, data and the 4-byte checksum must lie within the file.
        if (dataLen > (ulong)(length - bodyOffset - 5) || bodyOffset + 5 > length)
            throw new BlockFormatException(path, "chunk", $"length {dataLen} runs past the end of the file", offset);
        var total = (int)dataLen + 5;
        if (buffer.Length < total) buffer = new byte[Math.Max(total, buffer.Length * 2)];
        var span = buffer.AsSpan(0, total);
        var read = 0;
        while (read < total)
        {
            var r = RandomAccess.Read(file, span[read..], bodyOffset + read);
            if (r <= 0) throw new BlockFormatException(path, "chunk", "file ended inside the chunk", offset);
            read += r;
        }
        var crc = BinaryPrimitives.ReadUInt32BigEndian(span[(total - 4)..]);
        if (Crc32C.Compute(span[..(total - 4)]) != crc) throw new BlockFormatException(path, "chunk", "checksum mismatch", offset);
        var encoding = span[0];
        // Move the data to the start of the buffer so that decoders can take (buffer, length).
        span.Slice(1, (int)dataLen).CopyTo(buffer);
        return (encoding, (int)dataLen);
    }

    public void Dispose()
    {
        foreach (var f in _files) f.Dispose();
    }
}
