using MetricsServer.Model.Storage;

namespace MetricsServer.Remote.Write;

/// <summary>A float sample read from the WAL: the head's series reference, timestamp in milliseconds and value.</summary>
public readonly record struct WalSample(SeriesRef Ref, long TimestampMs, double Value);
