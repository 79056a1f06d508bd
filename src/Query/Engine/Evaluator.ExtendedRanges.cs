namespace MetricsServer.Query.Engine;

/// <summary>rate, increase and delta over the experimental <c>anchored</c> and <c>smoothed</c> ranges.</summary>
internal sealed partial class Evaluator
{
    /// <summary>
    /// anchored: the change from the first point (the anchor sample at or before the window's start when there is
    /// one) to the last, counter resets corrected, without extrapolation; a rate divides by the range.
    /// </summary>
    internal static double AnchoredIncrease(List<(long T, double F)> p, long rangeStart, long rangeEnd, bool isCounter, bool isRate)
    {
        var result = p[^1].F - p[0].F;
        if (isCounter)
        {
            for (var i = 1; i < p.Count; i++)
            {
                if (p[i].F < p[i - 1].F) result += p[i - 1].F;
            }
        }
        return isRate ? result / ((rangeEnd - rangeStart) / 1000.0) : result;
    }

    /// <summary>
    /// smoothed: the difference of the values at the window's end and start, each interpolated linearly between the
    /// samples around it (or taken from the nearest sample when there is none on one side). For counters the
    /// values are first corrected for resets, so that interpolation across a reset stays monotonic.
    /// </summary>
    internal static double SmoothedIncrease(List<(long T, double F)> p, long rangeStart, long rangeEnd, bool isCounter, bool isRate)
    {
        var values = new double[p.Count];
        double offset = 0;
        for (var i = 0; i < p.Count; i++)
        {
            if (isCounter && i > 0 && p[i].F < p[i - 1].F) offset += p[i - 1].F;
            values[i] = p[i].F + offset;
        }
        var result = ValueAt(p, values, rangeEnd) - ValueAt(p, values, rangeStart);
        return isRate ? result / ((rangeEnd - rangeStart) / 1000.0) : result;
    }

    private static double ValueAt(List<(long T, double F)> p, double[] values, long t)
    {
        var k = -1;
        while (k + 1 < p.Count && p[k + 1].T <= t) k++;
        if (k < 0) return values[0];
        if (p[k].T == t || k == p.Count - 1) return values[k];
        return values[k] + (values[k + 1] - values[k]) * (t - p[k].T) / (p[k + 1].T - p[k].T);
    }
}
