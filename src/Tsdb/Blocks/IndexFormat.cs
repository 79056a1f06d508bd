namespace MetricsServer.Tsdb.Blocks;

/// <summary>Constants of the block index file (docs/format/index.md).</summary>
public static class IndexFormat
{
    public const uint Magic = 0xBAAAD700;
    public const byte Version2 = 2;
    public const string FileName = "index";

    /// <summary>Magic and version.</summary>
    public const int HeaderSize = 5;

    /// <summary>Six 8-byte section offsets and a CRC-32C.</summary>
    public const int TocSize = 6 * 8 + 4;

    /// <summary>Series entries start on 16-byte boundaries; a series reference is its offset divided by 16.</summary>
    public const int SeriesAlignment = 16;

    /// <summary>Label index and postings sections start on 4-byte boundaries, as Prometheus writes them.</summary>
    public const int ListAlignment = 4;
}
