namespace MetricsServer.Tsdb.Wal;

/// <summary>How the writer compresses records (Prometheus's <c>--storage.tsdb.wal-compression</c>).</summary>
public enum WalCompression
{
    None,

    /// <summary>Snappy block format; a record is stored uncompressed when compression would not shrink it.</summary>
    Snappy,
}
