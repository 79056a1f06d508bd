namespace MetricsServer.Tsdb;

/// <summary>
/// The head's size and its top cardinalities, as Prometheus reports them under <c>/api/v1/status/tsdb</c>. Each
/// ranking is sorted by count, highest first (ties by name), and holds at most the limit asked for.
/// </summary>
public sealed record HeadStatistics
{
    public required long NumSeries { get; init; }

    /// <summary>Distinct label name/value pairs in the index.</summary>
    public required long NumLabelPairs { get; init; }

    public required long ChunkCount { get; init; }

    /// <summary>The oldest sample's timestamp (ms); <see cref="long.MaxValue"/> while the head is empty, as in Prometheus.</summary>
    public required long MinTime { get; init; }

    /// <summary>The newest sample's timestamp (ms); <see cref="long.MinValue"/> while the head is empty.</summary>
    public required long MaxTime { get; init; }

    /// <summary>Series per value of the ranked label (<c>__name__</c>: series per metric name).</summary>
    public required IReadOnlyList<CardinalityStat> SeriesCountByMetricName { get; init; }

    /// <summary>Distinct values per label name.</summary>
    public required IReadOnlyList<CardinalityStat> LabelValueCountByLabelName { get; init; }

    /// <summary>Per label name, the UTF-8 length of its value summed over every series carrying it.</summary>
    public required IReadOnlyList<CardinalityStat> MemoryInBytesByLabelName { get; init; }

    /// <summary>Series per <c>name=value</c> pair.</summary>
    public required IReadOnlyList<CardinalityStat> SeriesCountByLabelValuePair { get; init; }
}
