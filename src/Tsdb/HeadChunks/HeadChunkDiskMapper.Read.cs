namespace MetricsServer.Tsdb.HeadChunks;

public sealed partial class HeadChunkDiskMapper
{
    /// <summary>
    /// Reads the chunk at <paramref name="chunkRef"/>, checking its CRC: on return <paramref name="buffer"/> (grown as
    /// needed, so a caller reusing one buffer allocates nothing in steady state) starts with the chunk's data.
    /// The bytes are a copy the caller owns; they stay valid after truncation.
    /// </summary>
    /// <returns>The chunk's encoding byte and data length.</returns>
    /// <exception cref="ArgumentOutOfRangeException">No file holds the reference (it was truncated away, or never written).</exception>
    /// <exception cref="HeadChunkCorruptionException">The bytes at the reference are not a whole chunk with a matching CRC.</exception>
    public (byte Encoding, int Length) Read(ulong chunkRef, ref byte[] buffer)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        var index = HeadChunkFormat.FileIndexOf(chunkRef);
        var offset = HeadChunkFormat.OffsetOf(chunkRef);
        if (_sealed.Find(index) is { } mapped)
        {
            try
            {
                return ReadFrom(mapped, offset, ref buffer);
            }
            catch (ObjectDisposedException)
            {
                // Truncated or disposed meanwhile: the locked path below says which.
            }
        }
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_active is { } active && active.Index == index) return ReadFrom(active, offset, ref buffer);
            if (_sealed.Find(index) is { } sealedFile) return ReadFrom(sealedFile, offset, ref buffer);
            throw new ArgumentOutOfRangeException(nameof(chunkRef), $"head chunk file {HeadChunkFormat.FileName(index)} does not exist (truncated, or never written)");
        }
    }

    /// <summary>Reads the chunk at <paramref name="chunkRef"/> into a new array of its data's length; see <see cref="Read"/>.</summary>
    public byte[] ReadChunk(ulong chunkRef)
    {
        var buffer = new byte[256];
        var (_, length) = Read(chunkRef, ref buffer);
        return buffer.AsSpan(0, length).ToArray();
    }

    /// <summary>
    /// Visits every chunk in file order (oldest first, by offset within a file), checking each CRC: replay calls this
    /// right after <see cref="Open"/> to give each series back its chunks. The file being written is sealed first, so
    /// every chunk written before the call is visited; chunks written during the call are not, and a file truncated
    /// during the call is skipped from where the truncation caught it.
    /// </summary>
    /// <exception cref="HeadChunkCorruptionException">A chunk is torn or fails its CRC; <see cref="HeadChunkCorruptionException.FileIndex"/> names the file, which with every later one can be dropped with <see cref="DeleteFilesFrom"/>.</exception>
    public void IterateAllChunks(Action<HeadChunkMeta> visit)
    {
        ArgumentNullException.ThrowIfNull(visit);
        CutNewFile();
        var buffer = new byte[256];
        foreach (var file in _sealed.Files)
        {
            try
            {
                IterateFile(file, visit, ref buffer);
            }
            catch (ObjectDisposedException) when (!IsDisposed())
            {
                // Truncated away while we read it.
            }
        }
    }

    private static void IterateFile(MappedHeadChunkFile file, Action<HeadChunkMeta> visit, ref byte[] buffer)
    {
        long offset = HeadChunkFormat.FileHeaderSize;
        while (true)
        {
            var status = HeadChunkReader.TryRead(file, offset, ref buffer, out var header);
            if (status == HeadChunkReadStatus.End) return;
            if (status != HeadChunkReadStatus.Ok) throw new HeadChunkCorruptionException(file.Path, file.Index, HeadChunkReader.Describe(status), offset);
            var numSamples = header.DataLength >= 2 ? (buffer[0] << 8) | buffer[1] : 0;
            visit(new HeadChunkMeta(header.SeriesRef, HeadChunkFormat.ChunkRef(file.Index, offset), header.MinTime, header.MaxTime, numSamples, header.Encoding, header.DataLength));
            offset += header.TotalLength;
        }
    }

    private static (byte Encoding, int Length) ReadFrom(IHeadChunkFileBytes file, long offset, ref byte[] buffer)
    {
        if (offset < HeadChunkFormat.FileHeaderSize || offset >= file.Length)
            throw new ArgumentOutOfRangeException(nameof(offset), offset, $"past the end of head chunk file {file.Path} ({file.Length} bytes)");
        var status = HeadChunkReader.TryRead(file, offset, ref buffer, out var header);
        if (status != HeadChunkReadStatus.Ok) throw new HeadChunkCorruptionException(file.Path, file.Index, HeadChunkReader.Describe(status), offset);
        return (header.Encoding, header.DataLength);
    }

    private bool IsDisposed()
    {
        lock (_lock) return _disposed;
    }
}
