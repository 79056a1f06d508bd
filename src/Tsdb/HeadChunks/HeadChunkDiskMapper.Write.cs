namespace MetricsServer.Tsdb.HeadChunks;

public sealed partial class HeadChunkDiskMapper
{
    /// <summary>
    /// Appends a complete chunk of <paramref name="seriesRef"/> and returns its reference, readable at once. A new
    /// file is cut first when the chunk would take the current one past <see cref="HeadChunkDiskMapperOptions.MaxFileSize"/>
    /// (a chunk bigger than that gets a file of its own). <paramref name="encoding"/> is written as given, including
    /// Prometheus's out-of-order bit (<see cref="HeadChunkFormat.OutOfOrderMask"/>).
    /// </summary>
    /// <exception cref="IOException">The write failed; the chunk was not stored, and later writes go after the last good one.</exception>
    public ulong Write(ulong seriesRef, long minTime, long maxTime, byte encoding, ReadOnlySpan<byte> chunk)
    {
        var size = HeadChunkFormat.EncodedSize(chunk.Length);
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_active is { HasChunks: true } full && full.Length + size > _options.MaxFileSize) SealActive();
            var active = _active ??= CreateActive();
            var offset = active.Append(seriesRef, minTime, maxTime, encoding, chunk);
            _chunksWritten++;
            return HeadChunkFormat.ChunkRef(active.Index, offset);
        }
    }

    /// <summary>
    /// Seals the file being written, if it holds a chunk: it is flushed, fsynced and mapped, and the next write
    /// starts a new file. Lets truncation drop everything written so far.
    /// </summary>
    public void CutNewFile()
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_active is { HasChunks: true }) SealActive();
        }
    }

    /// <summary>Writes the buffered chunks to the file being written (not fsynced). Reads never need this; it is for tools and tests that read the files directly.</summary>
    public void Flush()
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _active?.Flush();
        }
    }

    private ActiveHeadChunkFile CreateActive()
    {
        _writeBuffer ??= GC.AllocateUninitializedArray<byte>(_options.WriteBufferSize);
        var index = _nextIndex;
        var active = ActiveHeadChunkFile.Create(index, PathOf(index), _writeBuffer);
        _nextIndex = index + 1;
        return active;
    }

    // Publishes the mapping before the active file goes away, so a reader always finds the file somewhere.
    private void SealActive()
    {
        var active = _active!;
        active.Sync();
        var mapped = MappedHeadChunkFile.Open(active.Index, active.Path);
        _sealed = new SealedFiles([.. _sealed.Files, mapped]);
        _active = null;
        active.Dispose();
    }
}
