namespace MetricsServer.Tsdb.Wal;

/// <summary>Segments <paramref name="First"/>..<paramref name="Last"/> of a directory; -1 leaves that end open.</summary>
public readonly record struct WalSegmentRange(string Directory, int First = -1, int Last = -1);
