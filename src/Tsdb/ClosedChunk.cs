namespace MetricsServer.Tsdb;

/// <summary>A sealed XOR chunk of a head series: bytes sized exactly, never changed, with its time bounds.</summary>
internal readonly record struct ClosedChunk(byte[] Data, long MinTime, long MaxTime);
