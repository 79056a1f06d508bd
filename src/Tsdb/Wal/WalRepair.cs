namespace MetricsServer.Tsdb.Wal;

/// <summary>
/// Repairs a WAL after a replay found corruption: every segment after the corrupt one is deleted, and the corrupt
/// segment is cut after its last good record and zero-padded to a page boundary. Records never cross segments, so
/// nothing before the corrupt segment is touched.
/// </summary>
public static class WalRepair
{
    /// <summary>
    /// Repairs <paramref name="directory"/> for the corruption <paramref name="corruption"/> reported. Records that end
    /// at or before the reported offset are kept. Returns the number of bytes of records dropped (from the cut to the
    /// end of the corrupt segment, plus the sizes of the later segments deleted), for the log line.
    /// </summary>
    public static long Repair(string directory, WalCorruptionException corruption)
    {
        ArgumentNullException.ThrowIfNull(corruption);
        if (corruption.Segment < 0) throw new ArgumentException("the corruption does not name a segment, so it cannot be repaired", nameof(corruption));
        long dropped = 0;
        WalSegmentFile? corrupt = null;
        foreach (var s in WalSegments.List(directory))
        {
            if (s.Index == corruption.Segment) corrupt = s;
            if (s.Index <= corruption.Segment) continue;
            dropped += new FileInfo(s.Path).Length;
            File.Delete(s.Path);
        }
        if (corrupt is not { } segment) return dropped;

        var goodEnd = LastGoodEnd(segment, corruption.Offset);
        using var file = new FileStream(segment.Path, FileMode.Open, FileAccess.ReadWrite, FileShare.Read | FileShare.Delete, 0);
        var length = file.Length;
        dropped += Math.Max(0, length - goodEnd);
        file.SetLength(goodEnd);
        // Pad the last page: a zero byte tells a reader the rest of the page is empty, as the writer leaves it.
        var partial = (int)(goodEnd % WalFormat.PageSize);
        if (partial != 0)
        {
            file.Position = goodEnd;
            file.Write(new byte[WalFormat.PageSize - partial]);
        }
        file.Flush(flushToDisk: true);
        return dropped;
    }

    // Where the last record wholly before the corruption ends.
    private static long LastGoodEnd(WalSegmentFile segment, long corruptOffset)
    {
        long end = 0;
        using var reader = new WalReader([segment]);
        try
        {
            while (reader.Next() && reader.EndOffset <= corruptOffset) end = reader.EndOffset;
        }
        catch (WalCorruptionException)
        {
            // Expected: the corruption being repaired.
        }
        return end;
    }
}
