using Google.Protobuf.Collections;
using MetricsServer.Model.Metadata;
using ProtoHistogram = MetricsServer.Remote.Protocol.Histogram;
using ProtoSpan = MetricsServer.Remote.Protocol.BucketSpan;

namespace MetricsServer.Remote;

/// <summary>Conversions between wire native histograms (integer with deltas, or float with counts) and <see cref="NativeHistogram"/>.</summary>
public static class ProtoHistograms
{
    /// <summary>The histogram in float form; integer histograms' bucket deltas become absolute counts.</summary>
    public static NativeHistogram ToNative(ProtoHistogram h)
    {
        ArgumentNullException.ThrowIfNull(h);
        var isFloat = h.CountCase == ProtoHistogram.CountOneofCase.CountFloat;
        return new NativeHistogram
        {
            Schema = h.Schema,
            ZeroThreshold = h.ZeroThreshold,
            ZeroCount = h.ZeroCountCase == ProtoHistogram.ZeroCountOneofCase.ZeroCountFloat ? h.ZeroCountFloat : h.ZeroCountInt,
            Count = isFloat ? h.CountFloat : h.CountInt,
            Sum = h.Sum,
            PositiveSpans = Spans(h.PositiveSpans),
            PositiveBuckets = isFloat ? [.. h.PositiveCounts] : Absolute(h.PositiveDeltas),
            NegativeSpans = Spans(h.NegativeSpans),
            NegativeBuckets = isFloat ? [.. h.NegativeCounts] : Absolute(h.NegativeDeltas),
            CounterResetHint = h.ResetHint switch
            {
                ProtoHistogram.Types.ResetHint.Yes => CounterResetHint.CounterReset,
                ProtoHistogram.Types.ResetHint.No => CounterResetHint.NotCounterReset,
                ProtoHistogram.Types.ResetHint.Gauge => CounterResetHint.Gauge,
                _ => CounterResetHint.Unknown,
            },
            CustomValues = [.. h.CustomValues],
        };
    }

    /// <summary>The wire form, always as a float histogram (absolute counts), stamped with <paramref name="timestampMs"/>.</summary>
    public static ProtoHistogram FromNative(long timestampMs, NativeHistogram h)
    {
        ArgumentNullException.ThrowIfNull(h);
        var p = new ProtoHistogram
        {
            CountFloat = h.Count,
            Sum = h.Sum,
            Schema = h.Schema,
            ZeroThreshold = h.ZeroThreshold,
            ZeroCountFloat = h.ZeroCount,
            Timestamp = timestampMs,
            ResetHint = h.CounterResetHint switch
            {
                CounterResetHint.CounterReset => ProtoHistogram.Types.ResetHint.Yes,
                CounterResetHint.NotCounterReset => ProtoHistogram.Types.ResetHint.No,
                CounterResetHint.Gauge => ProtoHistogram.Types.ResetHint.Gauge,
                _ => ProtoHistogram.Types.ResetHint.Unknown,
            },
        };
        foreach (var s in h.PositiveSpans) p.PositiveSpans.Add(new ProtoSpan { Offset = s.Offset, Length = s.Length });
        foreach (var s in h.NegativeSpans) p.NegativeSpans.Add(new ProtoSpan { Offset = s.Offset, Length = s.Length });
        p.PositiveCounts.AddRange(h.PositiveBuckets);
        p.NegativeCounts.AddRange(h.NegativeBuckets);
        p.CustomValues.AddRange(h.CustomValues);
        return p;
    }

    private static BucketSpan[] Spans(RepeatedField<ProtoSpan> spans)
    {
        var result = new BucketSpan[spans.Count];
        for (var i = 0; i < result.Length; i++) result[i] = new BucketSpan(spans[i].Offset, spans[i].Length);
        return result;
    }

    private static double[] Absolute(RepeatedField<long> deltas)
    {
        var result = new double[deltas.Count];
        long current = 0;
        for (var i = 0; i < result.Length; i++)
        {
            current = unchecked(current + deltas[i]);
            result[i] = current;
        }
        return result;
    }
}
