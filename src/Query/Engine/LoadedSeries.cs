using MetricsServer.Model.Labels;

namespace MetricsServer.Query.Engine;

/// <summary>
/// A selected series' float samples over the query's time window, read once per query so that every step can
/// binary-search them. Stale markers are kept: a vector selector must see them to hide the series.
/// </summary>
internal sealed class LoadedSeries(LabelSet labels, long[] ts, double[] fs)
{
    public LabelSet Labels { get; } = labels;
    public long[] Ts { get; } = ts;
    public double[] Fs { get; } = fs;

    /// <summary>The index of the last sample at or before <paramref name="t"/>, or -1.</summary>
    public int LastAtOrBefore(long t)
    {
        int lo = 0, hi = Ts.Length - 1, found = -1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            if (Ts[mid] <= t)
            {
                found = mid;
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }
        return found;
    }
}
