namespace MetricsServer.Tsdb.HeadChunks;

/// <summary>
/// A parsed head chunk header. The data starts <see cref="HeaderLength"/> bytes after the chunk's offset and the
/// CRC follows the data.
/// </summary>
public readonly record struct HeadChunkHeader(ulong SeriesRef, long MinTime, long MaxTime, byte Encoding, int HeaderLength, int DataLength)
{
    /// <summary>Header, data and CRC: the distance from this chunk's offset to the next one's.</summary>
    public int TotalLength => HeaderLength + DataLength + HeadChunkFormat.CrcSize;
}
