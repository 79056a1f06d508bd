namespace MetricsServer.Remote;

/// <summary>
/// Encodes float samples, in increasing timestamp order, into one Gorilla XOR chunk in TSDB's chunk format. Remote may
/// not reference the TSDB (DESIGN.md), so the composition root hands it the TSDB's encoder.
/// </summary>
public delegate byte[] XorChunkEncoder(ReadOnlySpan<(long TimestampMs, double Value)> samples);
