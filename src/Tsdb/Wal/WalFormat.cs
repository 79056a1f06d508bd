using System.Globalization;

namespace MetricsServer.Tsdb.Wal;

/// <summary>
/// Constants of Prometheus's WAL segment format (docs/format/wal.md): 32 KiB pages, 7-byte fragment headers,
/// segment files named by an 8-digit zero-padded index.
/// </summary>
public static class WalFormat
{
    /// <summary>Segments are written in pages of this size; fragments never cross a page boundary.</summary>
    public const int PageSize = 32 * 1024;

    /// <summary>Fragment header: type byte, 2-byte big-endian length, 4-byte big-endian CRC-32C of the data.</summary>
    public const int FragmentHeaderSize = 7;

    /// <summary>The largest data part one fragment can carry.</summary>
    public const int MaxFragmentData = PageSize - FragmentHeaderSize;

    /// <summary>Prometheus's default segment size, 128 MiB.</summary>
    public const int DefaultSegmentSize = 128 * 1024 * 1024;

    /// <summary>Low three bits of the fragment type byte: the fragment kind.</summary>
    internal const byte FragmentKindMask = 0x07;

    /// <summary>Bit 3 of the type byte: the record's bytes are Snappy block-compressed.</summary>
    internal const byte SnappyFlag = 0x08;

    /// <summary>Bit 4 of the type byte: the record's bytes are zstd-compressed (read as unsupported).</summary>
    internal const byte ZstdFlag = 0x10;

    /// <summary>The file name of segment <paramref name="index"/>: <c>00000042</c>.</summary>
    public static string SegmentFileName(int index) => index.ToString("D8", CultureInfo.InvariantCulture);

    /// <summary>The path of segment <paramref name="index"/> in <paramref name="directory"/>.</summary>
    public static string SegmentPath(string directory, int index) => Path.Combine(directory, SegmentFileName(index));
}
