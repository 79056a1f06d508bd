namespace MetricsServer.Tsdb.HeadChunks;

/// <summary>What lies at an offset of a head chunk file.</summary>
internal enum HeadChunkReadStatus
{
    /// <summary>A whole chunk whose checksum matches.</summary>
    Ok,

    /// <summary>No more chunks: the end of the file, or zeros where the next header would be (preallocated space).</summary>
    End,

    /// <summary>The file ends inside the chunk: a write cut short.</summary>
    Torn,

    /// <summary>The length field is malformed.</summary>
    BadLength,

    /// <summary>The chunk is whole but its CRC does not match.</summary>
    ChecksumMismatch,
}
