using MetricsServer.Model.Metadata;

namespace MetricsServer.Query.Tests.PromqlTest;

/// <summary>
/// The few histogram operations the script language needs: bucket indexes from spans and back, and the addition behind
/// <c>{{a}}+{{b}}xN</c> progressions. Not the engine's arithmetic: this only has to be right for script literals.
/// </summary>
public static class HistogramMath
{
    /// <summary>Custom-bucket histograms use this schema.</summary>
    public const int CustomBucketsSchema = -53;

    /// <summary>Absolute bucket index and count for each bucket the spans describe.</summary>
    public static IEnumerable<(int Index, double Count)> Indexed(IReadOnlyList<BucketSpan> spans, IReadOnlyList<double> counts)
    {
        var index = 0;
        var k = 0;
        for (var s = 0; s < spans.Count; s++)
        {
            index += spans[s].Offset;
            for (var j = 0; j < spans[s].Length && k < counts.Count; j++, k++)
            {
                yield return (index, counts[k]);
                index++;
            }
        }
    }

    /// <summary>Spans and counts for a sorted index map; consecutive indexes share a span.</summary>
    public static (BucketSpan[] Spans, double[] Counts) FromIndexed(SortedDictionary<int, double> buckets)
    {
        var spans = new List<BucketSpan>();
        var counts = new double[buckets.Count];
        var k = 0;
        var next = 0;
        foreach (var (index, count) in buckets)
        {
            if (spans.Count > 0 && index == next)
            {
                spans[^1] = spans[^1] with { Length = spans[^1].Length + 1 };
            }
            else
            {
                spans.Add(new BucketSpan(spans.Count == 0 ? index : index - next, 1));
            }
            next = index + 1;
            counts[k++] = count;
        }
        return ([.. spans], counts);
    }

    /// <summary>Buckets of <paramref name="spans"/> keyed by index at <paramref name="targetSchema"/> (not above the source's).</summary>
    public static SortedDictionary<int, double> ToIndexMap(int schema, int targetSchema, IReadOnlyList<BucketSpan> spans, IReadOnlyList<double> counts)
    {
        var map = new SortedDictionary<int, double>();
        var shift = schema == CustomBucketsSchema ? 0 : schema - targetSchema;
        foreach (var (index, count) in Indexed(spans, counts))
        {
            // Bucket i of schema s covers (b^(i-1), b^i]; halving the resolution once merges buckets 2k-1 and 2k into k.
            var target = shift == 0 ? index : (int)Math.Ceiling(index / (double)(1 << shift));
            map[target] = map.GetValueOrDefault(target) + count;
        }
        return map;
    }

    /// <summary><paramref name="a"/> plus <paramref name="sign"/> times <paramref name="b"/>, at the lower of the two schemas.</summary>
    public static NativeHistogram Add(NativeHistogram a, NativeHistogram b, int sign)
    {
        var custom = a.Schema == CustomBucketsSchema || b.Schema == CustomBucketsSchema;
        if (custom && (a.Schema != b.Schema || !a.CustomValues.SequenceEqual(b.CustomValues)))
            throw new FormatException("cannot add histograms with different custom bucket bounds");
        var schema = Math.Min(a.Schema, b.Schema);
        var pos = ToIndexMap(a.Schema, schema, a.PositiveSpans, a.PositiveBuckets);
        foreach (var (i, c) in ToIndexMap(b.Schema, schema, b.PositiveSpans, b.PositiveBuckets)) pos[i] = pos.GetValueOrDefault(i) + sign * c;
        var neg = ToIndexMap(a.Schema, schema, a.NegativeSpans, a.NegativeBuckets);
        foreach (var (i, c) in ToIndexMap(b.Schema, schema, b.NegativeSpans, b.NegativeBuckets)) neg[i] = neg.GetValueOrDefault(i) + sign * c;
        var (pSpans, pCounts) = FromIndexed(pos);
        var (nSpans, nCounts) = FromIndexed(neg);
        return new NativeHistogram
        {
            Schema = schema,
            ZeroThreshold = Math.Max(a.ZeroThreshold, b.ZeroThreshold),
            ZeroCount = a.ZeroCount + sign * b.ZeroCount,
            Count = a.Count + sign * b.Count,
            Sum = a.Sum + sign * b.Sum,
            PositiveSpans = pSpans,
            PositiveBuckets = pCounts,
            NegativeSpans = nSpans,
            NegativeBuckets = nCounts,
            CounterResetHint = a.CounterResetHint,
            CustomValues = a.CustomValues,
        };
    }
}
