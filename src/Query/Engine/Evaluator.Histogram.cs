using System.Globalization;
using MetricsServer.Model.Labels;
using MetricsServer.Query.Ast;

namespace MetricsServer.Query.Engine;

internal sealed partial class Evaluator
{
    /// <summary>
    /// Groups classic-histogram bucket series by their labels without <c>le</c> and the name. A series without a
    /// parsable <c>le</c> is left out with a warning about <paramref name="at"/>.
    /// </summary>
    private (Dictionary<LabelSet, List<(double Upper, double Count)>> Groups, List<LabelSet> Order) GroupBuckets(List<StepSample> input, Expr at)
    {
        var groups = new Dictionary<LabelSet, List<(double Upper, double Count)>>();
        var order = new List<LabelSet>();
        foreach (var s in input)
        {
            var le = s.Metric.Get(LabelNames.Bucket);
            if (!TryParseBound(le, out var upper))
            {
                Warn($"PromQL warning: bucket label \"le\" is missing or has a malformed value of \"{le}\" for metric name \"{s.Metric.MetricName}\"", at);
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
        return (groups, order);
    }

    private void InfoMonotonicityFixed(Expr at) =>
        Info("PromQL info: input to histogram_quantile needed to be fixed for monotonicity (see https://prometheus.io/docs/prometheus/latest/querying/functions/#histogram_quantile)", at);

    /// <summary>
    /// histogram_quantile over classic buckets: series grouped by their labels without <c>le</c> and the name,
    /// bucket counts forced monotonic (scrapes of a histogram are not atomic), linear interpolation inside the bucket.
    /// </summary>
    private List<StepSample> HistogramQuantile(Call c, long t)
    {
        var q = EvalScalarArg(c.Args[0], t);
        WarnBadQuantile(q, c.Args[0]);
        var (groups, order) = GroupBuckets(Eval(c.Args[1], t).Vector, c.Args[1]);
        var result = new List<StepSample>(order.Count);
        foreach (var key in order)
        {
            var (value, fixedUp) = BucketQuantile(q, groups[key]);
            if (fixedUp) InfoMonotonicityFixed(c.Args[1]);
            result.Add(new StepSample(key, t, value));
        }
        return result;
    }

    /// <summary>histogram_quantiles(v, label, φ...): one result per histogram and φ, told apart by <c>label</c>.</summary>
    private List<StepSample> HistogramQuantiles(Call c, long t)
    {
        var label = Eval(c.Args[1], t).String!;
        if (!LabelNames.IsValidLabelName(label)) throw new PromQLEvalException($"invalid quantile label name \"{label}\"");
        var qs = new List<(double Q, string Text)>(c.Args.Count - 2);
        for (var i = 2; i < c.Args.Count; i++)
        {
            var q = EvalScalarArg(c.Args[i], t);
            WarnBadQuantile(q, c.Args[i]);
            qs.Add((q, QuantileLabelValue(q)));
        }
        var (groups, order) = GroupBuckets(Eval(c.Args[0], t).Vector, c.Args[0]);
        var result = new List<StepSample>(order.Count * qs.Count);
        foreach (var (q, text) in qs)
        {
            foreach (var key in order)
            {
                var (value, fixedUp) = BucketQuantile(q, groups[key]);
                if (fixedUp) InfoMonotonicityFixed(c.Args[0]);
                result.Add(new StepSample(key.ToBuilder().Set(label, text).ToLabelSet(), t, value));
            }
        }
        return result;
    }

    /// <summary>A φ as a label value: shortest round-trip form, whole numbers with ".0" ("0.0", "0.25", "1.0").</summary>
    internal static string QuantileLabelValue(double q)
    {
        var text = FormatValue(q);
        return double.IsFinite(q) && !text.Contains('.', StringComparison.Ordinal) && !text.Contains('e', StringComparison.Ordinal) ? text + ".0" : text;
    }

    /// <summary>histogram_fraction(lower, upper, v) over classic buckets.</summary>
    private List<StepSample> HistogramFraction(Call c, long t)
    {
        var lower = EvalScalarArg(c.Args[0], t);
        var upper = EvalScalarArg(c.Args[1], t);
        var (groups, order) = GroupBuckets(Eval(c.Args[2], t).Vector, c.Args[2]);
        var result = new List<StepSample>(order.Count);
        foreach (var key in order)
        {
            var (value, fixedUp) = BucketFraction(lower, upper, groups[key]);
            if (fixedUp) InfoMonotonicityFixed(c.Args[2]);
            result.Add(new StepSample(key, t, value));
        }
        return result;
    }

    /// <summary>
    /// The estimated share of observations in [lower, upper]: the difference of the estimated cumulative counts at
    /// both ends over the total. Inside a finite bucket the count is interpolated linearly (the lowest bucket starts
    /// at 0 when its bound is positive); inside a bucket reaching to ±Inf nothing is interpolated, its observations
    /// sit at the infinite end, so only an infinite bound takes them.
    /// </summary>
    internal static (double Value, bool Fixed) BucketFraction(double lower, double upper, List<(double Upper, double Count)> buckets)
    {
        var (merged, fixedUp) = Cumulative(buckets);
        if (double.IsNaN(lower) || double.IsNaN(upper)) return (double.NaN, fixedUp);
        if (merged.Count == 0 || !double.IsPositiveInfinity(merged[^1].Upper)) return (double.NaN, fixedUp);
        var total = merged[^1].Count;
        if (total == 0 || double.IsNaN(total)) return (double.NaN, fixedUp);
        if (lower >= upper) return (0, fixedUp);
        return ((CumulativeAt(upper, merged) - CumulativeAt(lower, merged)) / total, fixedUp);
    }

    private static double CumulativeAt(double x, List<(double Upper, double Count)> merged)
    {
        if (double.IsNegativeInfinity(x)) return 0;
        if (double.IsPositiveInfinity(x)) return merged[^1].Count;
        for (var i = 0; i < merged.Count; i++)
        {
            var (hi, cum) = merged[i];
            if (x > hi) continue;
            var below = i == 0 ? 0 : merged[i - 1].Count;
            var lo = i > 0 ? merged[i - 1].Upper : hi > 0 ? 0 : double.NegativeInfinity;
            if (x <= lo) return below;
            if (double.IsNegativeInfinity(lo)) return cum;
            if (double.IsPositiveInfinity(hi)) return below;
            return below + (x - lo) / (hi - lo) * (cum - below);
        }
        return merged[^1].Count;
    }

    /// <summary>
    /// Buckets sorted by bound, equal bounds ("1" and "1.0") merged, and cumulative counts forced monotonic; says
    /// whether any count had to be raised.
    /// </summary>
    private static (List<(double Upper, double Count)> Merged, bool Fixed) Cumulative(List<(double Upper, double Count)> buckets)
    {
        buckets.Sort((a, b) => a.Upper.CompareTo(b.Upper));
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
        return (merged, fixedUp);
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
        if (buckets.Count == 0) return (double.NaN, false);
        var (merged, fixedUp) = Cumulative(buckets);
        if (!double.IsPositiveInfinity(merged[^1].Upper)) return (double.NaN, fixedUp);
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
