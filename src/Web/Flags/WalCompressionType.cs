namespace MetricsServer.Web.Flags;

/// <summary>The values of <c>--storage.tsdb.wal-compression-type</c> and <c>--storage.agent.wal-compression-type</c>.</summary>
public enum WalCompressionType
{
    Snappy,
    Zstd,
}
