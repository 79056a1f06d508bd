namespace MetricsServer.Tsdb.Blocks;

/// <summary>
/// A block file is corrupt or not in a format we read: the one exception a block reader lets escape for bad bytes.
/// Names the file and the section (for example <c>index</c>, <c>postings offset table</c>) and, when known, the
/// byte offset where reading went wrong.
/// </summary>
public sealed class BlockFormatException : Exception
{
    public BlockFormatException(string file, string section, string detail, long offset = -1, Exception? inner = null)
        : base(Describe(file, section, detail, offset), inner)
    {
        FilePath = file;
        Section = section;
        Offset = offset;
    }

    public BlockFormatException()
        : this(string.Empty, string.Empty, "corrupt block")
    {
    }

    public BlockFormatException(string message)
        : base(message)
    {
        FilePath = string.Empty;
        Section = string.Empty;
        Offset = -1;
    }

    public BlockFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
        FilePath = string.Empty;
        Section = string.Empty;
        Offset = -1;
    }

    /// <summary>The file that is wrong.</summary>
    public string FilePath { get; }

    /// <summary>The part of the file being read.</summary>
    public string Section { get; }

    /// <summary>Byte offset in the file, or -1 when not known.</summary>
    public long Offset { get; }

    private static string Describe(string file, string section, string detail, long offset) =>
        offset >= 0
            ? $"{file}: {section} at offset {offset.ToString(System.Globalization.CultureInfo.InvariantCulture)}: {detail}"
            : $"{file}: {section}: {detail}";
}
