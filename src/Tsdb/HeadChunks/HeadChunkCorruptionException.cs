using System.Globalization;

namespace MetricsServer.Tsdb.HeadChunks;

/// <summary>
/// A head chunk file is corrupt or not in a format we read: the one exception the head chunk files let escape for
/// bad bytes. Names the file, its sequence number and, when known, the byte offset of the bad chunk.
/// </summary>
public sealed class HeadChunkCorruptionException : Exception
{
    public HeadChunkCorruptionException(string file, int fileIndex, string detail, long offset = -1, Exception? inner = null)
        : base(Describe(file, detail, offset), inner)
    {
        FilePath = file;
        FileIndex = fileIndex;
        Offset = offset;
    }

    public HeadChunkCorruptionException()
        : this("corrupt head chunk file")
    {
    }

    public HeadChunkCorruptionException(string message)
        : base(message)
    {
        FilePath = string.Empty;
        FileIndex = -1;
        Offset = -1;
    }

    public HeadChunkCorruptionException(string message, Exception innerException)
        : base(message, innerException)
    {
        FilePath = string.Empty;
        FileIndex = -1;
        Offset = -1;
    }

    /// <summary>The file that is wrong.</summary>
    public string FilePath { get; }

    /// <summary>The file's sequence number, or -1 when not known.</summary>
    public int FileIndex { get; }

    /// <summary>Byte offset in the file, or -1 when not known.</summary>
    public long Offset { get; }

    private static string Describe(string file, string detail, long offset) =>
        offset >= 0
            ? $"{file}: head chunk at offset {offset.ToString(CultureInfo.InvariantCulture)}: {detail}"
            : $"{file}: {detail}";
}
