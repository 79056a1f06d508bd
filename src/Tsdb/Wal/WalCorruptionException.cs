namespace MetricsServer.Tsdb.Wal;

/// <summary>
/// The WAL, a checkpoint or a record is malformed. <see cref="Segment"/> and <see cref="Offset"/> say where:
/// the segment index and the byte offset in that segment file of the fragment found bad. A segment of -1 means
/// the offset is within one record's bytes (a record that decoded badly, with no file position known).
/// </summary>
public sealed class WalCorruptionException : Exception
{
    public WalCorruptionException(int segment, long offset, string reason)
        : this(null, segment, offset, reason, null)
    {
    }

    public WalCorruptionException(string? directory, int segment, long offset, string reason, Exception? inner = null)
        : base(Describe(directory, segment, offset, reason), inner)
    {
        Directory = directory;
        Segment = segment;
        Offset = offset;
        Reason = reason;
    }

    public WalCorruptionException()
        : this(null, -1, 0, "corruption")
    {
    }

    public WalCorruptionException(string message)
        : this(null, -1, 0, message)
    {
    }

    public WalCorruptionException(string message, Exception inner)
        : this(null, -1, 0, message, inner)
    {
    }

    /// <summary>The directory holding the segment, when known.</summary>
    public string? Directory { get; }

    /// <summary>The segment index, or -1 when the offset is within a record.</summary>
    public int Segment { get; }

    /// <summary>The byte offset of the bad fragment in the segment, or within the record when Segment is -1.</summary>
    public long Offset { get; }

    /// <summary>What was wrong, without the location.</summary>
    public string Reason { get; }

    private static string Describe(string? directory, int segment, long offset, string reason)
    {
        if (segment < 0) return $"corruption after {offset} bytes: {reason}";
        var name = directory is null ? WalFormat.SegmentFileName(segment) : WalFormat.SegmentPath(directory, segment);
        return $"corruption in segment {name} at {offset}: {reason}";
    }
}
