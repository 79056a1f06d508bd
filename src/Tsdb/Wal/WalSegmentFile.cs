namespace MetricsServer.Tsdb.Wal;

/// <summary>One segment file on disk: its index (the number in its name) and its full path.</summary>
public readonly record struct WalSegmentFile(int Index, string Path);
