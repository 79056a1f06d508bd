using MetricsServer.Model.Metadata;

namespace MetricsServer.Query.Tests.PromqlTest;

/// <summary>One point of a result series: a float, or a histogram when <see cref="Histogram"/> is set.</summary>
public readonly record struct ActualPoint(long TimestampMs, double Float, NativeHistogram? Histogram = null)
{
    public override string ToString() => Histogram is null ? ValueFormat.Float(Float) : ValueFormat.Histogram(Histogram);
}
