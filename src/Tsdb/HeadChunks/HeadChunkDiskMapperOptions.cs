namespace MetricsServer.Tsdb.HeadChunks;

/// <summary>Settings of a <see cref="HeadChunkDiskMapper"/>; the defaults are Prometheus's.</summary>
public sealed record HeadChunkDiskMapperOptions
{
    /// <summary>A new file is cut before a chunk would take the current one past this size. At most 4 GiB, since a chunk reference holds a 32-bit offset.</summary>
    public long MaxFileSize { get; init; } = HeadChunkFormat.DefaultMaxFileSize;

    /// <summary>Chunks collect in a buffer of this size before they are written to the current file.</summary>
    public int WriteBufferSize { get; init; } = 4 * 1024 * 1024;

    internal void Validate()
    {
        if (MaxFileSize <= HeadChunkFormat.FileHeaderSize || MaxFileSize > uint.MaxValue)
            throw new ArgumentOutOfRangeException(nameof(MaxFileSize), MaxFileSize, "must be more than the 8-byte header and at most 4 GiB");
        if (WriteBufferSize < HeadChunkFormat.MaxChunkHeaderSize + HeadChunkFormat.CrcSize)
            throw new ArgumentOutOfRangeException(nameof(WriteBufferSize), WriteBufferSize, "too small to hold a chunk header");
    }
}
