namespace MetricsServer.Tsdb;

/// <summary>One uncommitted float sample of an appender batch.</summary>
internal readonly record struct PendingSample(MemSeries Series, long T, double V);
