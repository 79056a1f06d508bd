namespace MetricsServer.Tsdb.Blocks;

/// <summary>
/// Replaces a file so that readers see either the old or the new bytes, never a mix: the bytes go to
/// <c>&lt;name&gt;.tmp</c>, are flushed to disk, and the temporary file is renamed over the target.
/// </summary>
internal static class AtomicFile
{
    public const string TemporarySuffix = ".tmp";

    public static void Write(string path, ReadOnlySpan<byte> bytes)
    {
        var temp = path + TemporarySuffix;
        try
        {
            using (var f = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                f.Write(bytes);
                f.Flush(flushToDisk: true);
            }
            File.Move(temp, path, overwrite: true);
        }
        catch
        {
            try
            {
                File.Delete(temp);
            }
            catch (IOException)
            {
                // The original failure matters more than a leftover temporary file.
            }
            throw;
        }
    }
}
