using System.Globalization;
using MetricsServer.Model.Labels;

namespace MetricsServer.Query.Engine;

internal sealed partial class Evaluator
{
    /// <summary>
    /// histogram_quantile over classic buckets: series grouped by their labels without <c>le</c> and the name,
    /// bucket counts forced monotonic (scrapes of a histogram are not atomic), linear interpolation inside the bucket.
    /// </summary>
    private List<StepSample> HistogramQuantile(double q, List<StepSample> input, long t)
    {
        var groups = new Dictionary<LabelSet, List<(double Upper, double Count)>>();
        var order = new List<LabelSet>();
        foreach (var s in input)
        {
            var le = s.Metric.Get(LabelNames.Bucket);
            if (!TryParseBound(le, out var upper))
            {
                _warnings.Add($"PromQL warning: bucket label \"le\" is missing or has a malformed value of \"{le}\" for metric name \"{s.Metric.MetricName}\"");
                continue;
            }
            var key = BucketKey(s.Metric);
            if (!groups.TryGetValue(key, out var buckets))
            {
                buckets = [];
                groups[key] = buckets;
                order.Add(key);
            }
            buckets.Add((upper, s.F));
        }
        var result = new List<StepSample>(order.Count);
        foreach (var key in order)
        {
            var (value, fixedUp) = BucketQuantile(q, groups[key]);
            if (fixedUp) _infos.Add("PromQL info: input to histogram_quantile needed to be fixed for monotonicity (see https://prometheus.io/docs/prometheus/latest/querying/functions/#histogram_quantile)");
            result.Add(new StepSample(key, t, value));
        }
        return result;
    }

    private static bool TryParseBound(string le, out double upper)
    {
        upper = 0;
        if (le.Length == 0) return false;
        if (le is "+Inf" or "Inf" or "inf" or "+inf") upper = double.PositiveInfinity;
        else if (le is "-Inf" or "-inf") upper = double.NegativeInfinity;
        else if (!double.TryParse(le, NumberStyles.Float, CultureInfo.InvariantCulture, out upper)) return false;
        return true;
    }

    internal static (double Value, bool Fixed) BucketQuantile(double q, List<(double Upper, double Count)> buckets)
    {
        if (double.IsNaN(q)) return (double.NaN, false);
        if (q < 0) return (double.NegativeInfinity, false);
        if (q > 1) return (double.PositiveInfinity, false);
        buckets.Sort((a, b) => a.Upper.CompareTo(b.Upper));
        if (buckets.Count == 0 || !double.IsPositiveInfinity(buckets[^1].Upper)) return (double.NaN, false);
        // Buckets with the same bound (for example "1" and "1.0") are one bucket.
        var merged = new List<(double Upper, double Count)>(buckets.Count);
        foreach (var b in buckets)
        {
            if (merged.Count > 0 && merged[^1].Upper == b.Upper) merged[^1] = (b.Upper, merged[^1].Count + b.Count);
            else merged.Add(b);
        }
        var fixedUp = false;
        var max = double.NegativeInfinity;
        for (var i = 0; i < merged.Count; i++)
        {
            if (merged[i].Count < max)
            {
                merged[i] = (merged[i].Upper, max);
                fixedUp = true;
            }
            else
            {
                max = merged[i].Count;
            }
        }
        if (merged.Count < 2) return (double.NaN, fixedUp);
        var observations = merged[^1].Count;
        if (observations == 0 || double.IsNaN(observations)) return (double.NaN, fixedUp);
        var rank = q * observations;
        var b0 = 0;
        while (b0 < merged.Count - 1 && merged[b0].Count < rank) b0++;
        if (b0 == merged.Count - 1) return (merged[^2].Upper, fixedUp);
        if (b0 == 0 && merged[0].Upper <= 0) return (merged[0].Upper, fixedUp);
        double start = 0, end = merged[b0].Upper, count = merged[b0].Count;
        if (b0 > 0)
        {
            start = merged[b0 - 1].Upper;
            count -= merged[b0 - 1].Count;
            rank -= merged[b0 - 1].Count;
        }
        return (start + (end - start) * (rank / count), fixedUp);
    }
}
