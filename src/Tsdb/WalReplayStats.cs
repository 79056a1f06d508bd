namespace MetricsServer.Tsdb;

/// <summary>What a WAL replay loaded: series created, samples applied, samples whose series was never logged,
/// records of kinds not kept in memory, bytes cut off by a repair, and how long it took.</summary>
public sealed record WalReplayStats(long Series, long Samples, long UnknownRefSamples, long SkippedRecords, long RepairedBytes, TimeSpan Duration);
