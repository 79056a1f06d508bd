namespace MetricsServer.Tsdb.HeadChunks;

/// <summary>The bytes of one head chunk file, sealed (memory-mapped) or being written (file plus write buffer).</summary>
internal interface IHeadChunkFileBytes
{
    /// <summary>The file's sequence number.</summary>
    int Index { get; }

    string Path { get; }

    /// <summary>Bytes readable through <see cref="Read"/>: the file's length including anything still buffered.</summary>
    long Length { get; }

    /// <summary>Copies <paramref name="destination"/>.Length bytes from <paramref name="offset"/>, which must lie within <see cref="Length"/>.</summary>
    /// <exception cref="ObjectDisposedException">The file was closed (truncated away or sealed) meanwhile.</exception>
    void Read(long offset, Span<byte> destination);
}
