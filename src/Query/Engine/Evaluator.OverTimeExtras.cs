using System.Globalization;

namespace MetricsServer.Query.Engine;

/// <summary>The experimental range functions: mad_over_time, ts_of_*_over_time and double_exponential_smoothing.</summary>
internal sealed partial class Evaluator
{
    /// <summary>The median absolute deviation from the median; any NaN sample makes it NaN.</summary>
    internal static double MadOverTime(List<(long T, double F)> p)
    {
        var values = new double[p.Count];
        for (var i = 0; i < p.Count; i++)
        {
            if (double.IsNaN(p[i].F)) return double.NaN;
            values[i] = p[i].F;
        }
        var median = Quantile(0.5, values);
        for (var i = 0; i < values.Length; i++) values[i] = Math.Abs(values[i] - median);
        return Quantile(0.5, values);
    }

    /// <summary>
    /// The time in seconds of the last sample holding the minimum (or maximum); NaN samples count only when all are
    /// NaN, as in min_over_time.
    /// </summary>
    internal static double TimestampOfExtreme(List<(long T, double F)> p, bool min)
    {
        var v = p[0].F;
        var ts = p[0].T;
        for (var i = 1; i < p.Count; i++)
        {
            var f = p[i].F;
            if (double.IsNaN(v) || (min ? f <= v : f >= v))
            {
                v = f;
                ts = p[i].T;
            }
        }
        return ts / 1000.0;
    }

    private static void CheckSmoothingFactors(double sf, double tf)
    {
        if (!(sf > 0 && sf < 1))
        {
            throw new PromQLEvalException(string.Create(CultureInfo.InvariantCulture, $"invalid smoothing factor. Expected: 0 < sf < 1, got: {sf:F6}"));
        }
        if (!(tf > 0 && tf < 1))
        {
            throw new PromQLEvalException(string.Create(CultureInfo.InvariantCulture, $"invalid trend factor. Expected: 0 < tf < 1, got: {tf:F6}"));
        }
    }

    /// <summary>
    /// Holt's linear (double exponential) smoothing: the level starts at the first sample and the trend at the first
    /// difference; each further sample updates the level from the previous level plus trend, then the trend from
    /// the change of level. Needs two samples.
    /// </summary>
    internal static double? DoubleExponentialSmoothing(List<(long T, double F)> p, double sf, double tf)
    {
        if (p.Count < 2) return null;
        var level = p[0].F;
        var trend = p[1].F - p[0].F;
        for (var i = 1; i < p.Count; i++)
        {
            var previous = level;
            level = sf * p[i].F + (1 - sf) * (level + trend);
            trend = tf * (level - previous) + (1 - tf) * trend;
        }
        return level;
    }
}
