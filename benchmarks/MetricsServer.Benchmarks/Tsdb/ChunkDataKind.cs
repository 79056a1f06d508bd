namespace MetricsServer.Benchmarks.Tsdb;

/// <summary>The shapes of series whose chunks <see cref="ChunkBenchmarks"/> encodes and decodes.</summary>
public enum ChunkDataKind
{
    /// <summary>A request counter: integer increments around a per-series rate (idle to busy), never reset.</summary>
    Counter,

    /// <summary>Resident memory in bytes: whole pages, unchanged on 40% of scrapes, else a few pages up or down.</summary>
    MemoryGauge,

    /// <summary>A CPU ratio: full-precision random floats around a per-series mean.</summary>
    CpuRatioGauge,

    /// <summary>A constant 1, as <c>up</c> or an info metric.</summary>
    Constant,
}
