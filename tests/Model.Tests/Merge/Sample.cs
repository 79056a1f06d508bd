using MetricsServer.Model.Metadata;

namespace MetricsServer.Model.Tests.Merge;

/// <summary>One sample of a test series: a float, or a native histogram when <see cref="Histogram"/> is set.</summary>
internal sealed record Sample(long T, double F, NativeHistogram? Histogram = null)
{
    public static Sample Hist(long t, double count) => new(t, 0, new NativeHistogram { Count = count, Sum = count });
}
