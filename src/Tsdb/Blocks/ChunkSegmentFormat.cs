using System.Globalization;

namespace MetricsServer.Tsdb.Blocks;

/// <summary>Constants of the block chunk segment files (docs/format/chunks.md).</summary>
public static class ChunkSegmentFormat
{
    public const uint Magic = 0x85BD40DD;
    public const byte Version = 1;

    /// <summary>Magic, version and 3 zero bytes of padding: the first chunk starts at offset 8.</summary>
    public const int HeaderSize = 8;

    /// <summary>Prometheus cuts a new segment file before one would pass 512 MiB.</summary>
    public const long DefaultSegmentSize = 512L * 1024 * 1024;

    public const string DirectoryName = "chunks";

    /// <summary>Segment files are named by their 1-based sequence number, six digits: 000001, 000002, ...</summary>
    public static string SegmentFileName(int sequence) => sequence.ToString("D6", CultureInfo.InvariantCulture);
}
