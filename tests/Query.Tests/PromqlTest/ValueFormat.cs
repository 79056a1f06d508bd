using System.Globalization;
using System.Text;
using MetricsServer.Model.Metadata;
using MetricsServer.Model.Storage;

namespace MetricsServer.Query.Tests.PromqlTest;

/// <summary>Formats values for failure messages in the scripts' own notation, so a message can be pasted back.</summary>
public static class ValueFormat
{
    public static string Float(double v)
    {
        if (StaleMarker.IsStale(v)) return "stale";
        if (double.IsNaN(v)) return "NaN";
        if (double.IsPositiveInfinity(v)) return "Inf";
        if (double.IsNegativeInfinity(v)) return "-Inf";
        return v.ToString("R", CultureInfo.InvariantCulture);
    }

    public static string Histogram(NativeHistogram h)
    {
        var sb = new StringBuilder("{{");
        sb.Append("schema:").Append(h.Schema.ToString(CultureInfo.InvariantCulture));
        sb.Append(" count:").Append(Float(h.Count)).Append(" sum:").Append(Float(h.Sum));
        if (h.ZeroCount != 0) sb.Append(" z_bucket:").Append(Float(h.ZeroCount));
        if (h.ZeroThreshold != 0) sb.Append(" z_bucket_w:").Append(Float(h.ZeroThreshold));
        AppendBuckets(sb, "buckets", h.PositiveSpans, h.PositiveBuckets);
        AppendBuckets(sb, "n_buckets", h.NegativeSpans, h.NegativeBuckets);
        if (h.CounterResetHint != CounterResetHint.Unknown) sb.Append(" counter_reset_hint:").Append(HistogramLiteral.HintName(h.CounterResetHint));
        if (h.CustomValues.Count > 0) sb.Append(" custom_values:[").AppendJoin(' ', h.CustomValues.Select(Float)).Append(']');
        return sb.Append("}}").ToString();
    }

    private static void AppendBuckets(StringBuilder sb, string name, IReadOnlyList<BucketSpan> spans, IReadOnlyList<double> counts)
    {
        if (counts.Count == 0) return;
        sb.Append(' ').Append(name).Append(":{");
        var first = true;
        foreach (var (index, count) in HistogramMath.Indexed(spans, counts))
        {
            if (!first) sb.Append(' ');
            first = false;
            sb.Append(index.ToString(CultureInfo.InvariantCulture)).Append(':').Append(Float(count));
        }
        sb.Append('}');
    }
}
