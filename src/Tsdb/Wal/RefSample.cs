using MetricsServer.Model.Storage;

namespace MetricsServer.Tsdb.Wal;

/// <summary>A samples record entry: series reference, timestamp in milliseconds and float value.</summary>
public readonly record struct RefSample(SeriesRef Ref, long T, double V);
