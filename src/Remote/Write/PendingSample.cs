namespace MetricsServer.Remote.Write;

/// <summary>A sample waiting in a shard: its series' encoded labels (shared, immutable), timestamp and value.</summary>
internal readonly record struct PendingSample(byte[] Labels, long TimestampMs, double Value);
