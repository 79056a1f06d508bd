using MetricsServer.Model.Storage;

namespace MetricsServer.Tsdb.Wal;

/// <summary>A tombstones record entry: samples of the series in [MinTime, MaxTime] (milliseconds, inclusive) are deleted.</summary>
public readonly record struct RefTombstone(SeriesRef Ref, long MinTime, long MaxTime);
