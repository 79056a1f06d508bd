namespace MetricsServer.Model.Metadata;

/// <summary>
/// A native (sparse, exponential-bucket) histogram sample, in float form. Buckets are given as spans of
/// consecutive bucket indexes and one absolute count per bucket. Immutable once appended.
/// </summary>
public sealed class NativeHistogram
{
    public int Schema { get; init; }
    public double ZeroThreshold { get; init; }
    public double ZeroCount { get; init; }
    public double Count { get; init; }
    public double Sum { get; init; }
    public IReadOnlyList<BucketSpan> PositiveSpans { get; init; } = [];
    public IReadOnlyList<double> PositiveBuckets { get; init; } = [];
    public IReadOnlyList<BucketSpan> NegativeSpans { get; init; } = [];
    public IReadOnlyList<double> NegativeBuckets { get; init; } = [];
    public CounterResetHint CounterResetHint { get; init; }
    /// <summary>Custom bucket bounds, for schema -53 (classic buckets carried as a native histogram).</summary>
    public IReadOnlyList<double> CustomValues { get; init; } = [];
}

/// <summary>A run of <see cref="Length"/> consecutive buckets starting <see cref="Offset"/> after the previous run.</summary>
public readonly record struct BucketSpan(int Offset, uint Length);

/// <summary>What the producer says about counter resets between this sample and the previous one.</summary>
public enum CounterResetHint
{
    Unknown,
    CounterReset,
    NotCounterReset,
    Gauge,
}
