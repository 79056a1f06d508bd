namespace MetricsServer.Tsdb.Wal;

/// <summary>How a <see cref="WriteAheadLog"/> writes: segment size (a multiple of 32 KiB) and record compression.</summary>
public sealed record WalOptions
{
    public static readonly WalOptions Default = new();

    public int SegmentSize { get; init; } = WalFormat.DefaultSegmentSize;

    public WalCompression Compression { get; init; } = WalCompression.None;
}
