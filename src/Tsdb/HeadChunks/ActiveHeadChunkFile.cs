using System.Buffers;

namespace MetricsServer.Tsdb.HeadChunks;

/// <summary>
/// The head chunk file being written. Chunks collect in a write buffer and go to the file with positioned writes
/// when it fills (or on <see cref="Flush"/>); reads see both halves, the flushed part through positioned reads of the
/// file and the rest straight from the buffer, so a chunk is readable the moment it is appended without forcing a
/// write. Not thread-safe: the mapper serialises every call under its lock.
/// </summary>
internal sealed class ActiveHeadChunkFile : IHeadChunkFileBytes, IDisposable
{
    private readonly FileStream _file;
    private readonly byte[] _buffer;
    private int _buffered;
    private long _flushed;

    private ActiveHeadChunkFile(int index, string path, FileStream file, byte[] buffer)
    {
        Index = index;
        Path = path;
        _file = file;
        _buffer = buffer;
    }

    public int Index { get; }

    public string Path { get; }

    public long Length => _flushed + _buffered;

    /// <summary>True once a chunk follows the header.</summary>
    public bool HasChunks => Length > HeadChunkFormat.FileHeaderSize;

    /// <summary>Creates the file (it must not exist) with its header in <paramref name="buffer"/>, which this file uses until disposed.</summary>
    public static ActiveHeadChunkFile Create(int index, string path, byte[] buffer)
    {
        // No FileStream buffering: the chunk buffer is ours, and I/O goes through RandomAccess at explicit offsets,
        // so a failed write can be retried at the right place.
        var file = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.Read | FileShare.Delete, 0);
        var active = new ActiveHeadChunkFile(index, path, file, buffer);
        HeadChunkFormat.WriteFileHeader(buffer);
        active._buffered = HeadChunkFormat.FileHeaderSize;
        return active;
    }

    /// <summary>Appends a chunk and returns its offset in the file.</summary>
    public long Append(ulong seriesRef, long minTime, long maxTime, byte encoding, ReadOnlySpan<byte> data)
    {
        var size = HeadChunkFormat.EncodedSize(data.Length);
        var offset = Length;
        if (size > _buffer.Length - _buffered) Flush();
        if (size <= _buffer.Length)
        {
            _buffered += HeadChunkFormat.WriteChunk(_buffer.AsSpan(_buffered), seriesRef, minTime, maxTime, encoding, data);
            return offset;
        }

        // Larger than the whole buffer: encode it on its own and write it straight through.
        var rented = ArrayPool<byte>.Shared.Rent(size);
        try
        {
            var n = HeadChunkFormat.WriteChunk(rented, seriesRef, minTime, maxTime, encoding, data);
            RandomAccess.Write(_file.SafeFileHandle, rented.AsSpan(0, n), _flushed);
            _flushed += n;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
        return offset;
    }

    /// <summary>Writes the buffered chunks to the file (to the OS; <see cref="Sync"/> makes them durable).</summary>
    public void Flush()
    {
        if (_buffered == 0) return;
        RandomAccess.Write(_file.SafeFileHandle, _buffer.AsSpan(0, _buffered), _flushed);
        _flushed += _buffered;
        _buffered = 0;
    }

    /// <summary>Flushes and fsyncs.</summary>
    public void Sync()
    {
        Flush();
        _file.Flush(flushToDisk: true);
    }

    public void Read(long offset, Span<byte> destination)
    {
        if (offset < 0 || offset > Length - destination.Length) throw new ArgumentOutOfRangeException(nameof(offset), offset, $"past the end of {Path} ({Length} bytes)");
        if (offset < _flushed)
        {
            var fromFile = (int)Math.Min(destination.Length, _flushed - offset);
            var done = 0;
            while (done < fromFile)
            {
                var n = RandomAccess.Read(_file.SafeFileHandle, destination[done..fromFile], offset + done);
                if (n <= 0) throw new HeadChunkCorruptionException(Path, Index, "file is shorter than what was written to it", offset + done);
                done += n;
            }
            destination = destination[fromFile..];
            offset += fromFile;
        }
        if (!destination.IsEmpty) _buffer.AsSpan((int)(offset - _flushed), destination.Length).CopyTo(destination);
    }

    public void Dispose() => _file.Dispose();
}
