namespace MetricsServer.Tsdb.HeadChunks;

/// <summary>
/// What <see cref="HeadChunkDiskMapper.Open"/> dropped to make the newest file end on a whole, valid chunk: files
/// that held no chunk (cut by a crash before their first chunk landed) and a torn or corrupt tail. The chunks
/// dropped are still in the WAL, which replays them.
/// </summary>
public sealed record HeadChunkRepairReport
{
    public static readonly HeadChunkRepairReport None = new();

    /// <summary>Sequence numbers of trailing files deleted because they held no whole chunk.</summary>
    public IReadOnlyList<int> DeletedFiles { get; init; } = [];

    /// <summary>The file cut short, or -1 when none was.</summary>
    public int TruncatedFile { get; init; } = -1;

    /// <summary>The length the truncated file was cut to: the end of its last good chunk.</summary>
    public long TruncatedAt { get; init; } = -1;

    /// <summary>Bytes removed, other than zero padding: the torn tail plus the sizes of the deleted files.</summary>
    public long BytesDropped { get; init; }

    /// <summary>Why the tail was cut (torn chunk, checksum mismatch, ...), or null when nothing was.</summary>
    public string? Reason { get; init; }

    /// <summary>True when nothing but zero padding was removed.</summary>
    public bool IsEmpty => DeletedFiles.Count == 0 && TruncatedFile < 0;
}
