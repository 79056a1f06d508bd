using MetricsServer.Model.Metadata;
using MetricsServer.Model.Storage;

namespace MetricsServer.Query.Tests.PromqlTest;

/// <summary>
/// One value of a script's values description: a float (possibly a stale marker) or a native histogram.
/// <see cref="HintGiven"/> is true when the literal wrote <c>counter_reset_hint</c> out, the only case in which the
/// hint is compared.
/// </summary>
public readonly record struct SampleValue(double Float, NativeHistogram? Histogram = null, bool HintGiven = false)
{
    public bool IsHistogram => Histogram is not null;

    public bool IsStale => Histogram is null && StaleMarker.IsStale(Float);

    public static SampleValue Stale => new(StaleMarker.Value);

    public override string ToString() => Histogram is null ? ValueFormat.Float(Float) : ValueFormat.Histogram(Histogram);
}
