namespace MetricsServer.Model.Storage;

/// <summary>What the caller will do with selected series, so that a storage may skip work. Advisory only.</summary>
public sealed record SelectHints(long StartMs, long EndMs, long StepMs = 0, string? Function = null, long RangeMs = 0);
