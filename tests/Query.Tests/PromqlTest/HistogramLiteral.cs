using System.Globalization;
using MetricsServer.Model.Metadata;

namespace MetricsServer.Query.Tests.PromqlTest;

/// <summary>
/// Parses the inside of a <c>{{...}}</c> histogram literal: <c>key:value</c> fields separated by spaces, lists in
/// square brackets. Every field is optional and defaults to 0; bucket counts are absolute, one span per list.
/// </summary>
public static class HistogramLiteral
{
    /// <summary>Parses the text between <c>{{</c> and <c>}}</c>; <paramref name="hintGiven"/> tells whether counter_reset_hint was written.</summary>
    /// <exception cref="FormatException">An unknown field or a malformed value.</exception>
    public static NativeHistogram Parse(string body, out bool hintGiven)
    {
        hintGiven = false;
        int schema = 0, offset = 0, nOffset = 0;
        double sum = 0, count = 0, zCount = 0, zWidth = 0;
        double[] buckets = [], nBuckets = [], custom = [];
        var hint = CounterResetHint.Unknown;
        var pos = 0;
        while (true)
        {
            while (pos < body.Length && char.IsWhiteSpace(body[pos])) pos++;
            if (pos >= body.Length) break;
            var colon = body.IndexOf(':', pos);
            if (colon < 0) throw new FormatException($"histogram field without ':' at \"{body[pos..]}\"");
            var key = body[pos..colon].Trim();
            pos = colon + 1;
            while (pos < body.Length && char.IsWhiteSpace(body[pos])) pos++;
            string value;
            if (pos < body.Length && body[pos] == '[')
            {
                var close = body.IndexOf(']', pos);
                if (close < 0) throw new FormatException($"unclosed '[' in histogram field {key}");
                value = body[pos..(close + 1)];
                pos = close + 1;
            }
            else
            {
                var start = pos;
                while (pos < body.Length && !char.IsWhiteSpace(body[pos])) pos++;
                value = body[start..pos];
            }
            switch (key)
            {
                case "schema": schema = ParseInt(key, value); break;
                case "sum": sum = ParseFloat(key, value); break;
                case "count": count = ParseFloat(key, value); break;
                case "z_bucket": zCount = ParseFloat(key, value); break;
                case "z_bucket_w": zWidth = ParseFloat(key, value); break;
                case "buckets": buckets = ParseList(key, value); break;
                case "offset": offset = ParseInt(key, value); break;
                case "n_buckets": nBuckets = ParseList(key, value); break;
                case "n_offset": nOffset = ParseInt(key, value); break;
                case "custom_values": custom = ParseList(key, value); break;
                case "counter_reset_hint":
                    hint = value switch
                    {
                        "unknown" => CounterResetHint.Unknown,
                        "reset" => CounterResetHint.CounterReset,
                        "not_reset" => CounterResetHint.NotCounterReset,
                        "gauge" => CounterResetHint.Gauge,
                        _ => throw new FormatException($"invalid counter_reset_hint \"{value}\""),
                    };
                    hintGiven = true;
                    break;
                default: throw new FormatException($"unknown histogram field \"{key}\"");
            }
        }
        if (schema is (< -4 or > 8) and not HistogramMath.CustomBucketsSchema)
            throw new FormatException($"histogram schema {schema} out of range -4..8 (or -53)");
        if (custom.Length > 0 && schema != HistogramMath.CustomBucketsSchema)
            throw new FormatException("custom_values need schema -53");
        return new NativeHistogram
        {
            Schema = schema,
            Sum = sum,
            Count = count,
            ZeroCount = zCount,
            ZeroThreshold = zWidth,
            PositiveSpans = buckets.Length == 0 ? [] : [new BucketSpan(offset, (uint)buckets.Length)],
            PositiveBuckets = buckets,
            NegativeSpans = nBuckets.Length == 0 ? [] : [new BucketSpan(nOffset, (uint)nBuckets.Length)],
            NegativeBuckets = nBuckets,
            CounterResetHint = hint,
            CustomValues = custom,
        };
    }

    public static string HintName(CounterResetHint hint) => hint switch
    {
        CounterResetHint.CounterReset => "reset",
        CounterResetHint.NotCounterReset => "not_reset",
        CounterResetHint.Gauge => "gauge",
        _ => "unknown",
    };

    private static int ParseInt(string key, string value) =>
        int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var i)
            ? i
            : throw new FormatException($"histogram field {key}: \"{value}\" is not an integer");

    private static double ParseFloat(string key, string value) =>
        ValuesParser.TryParseNumber(value, out var d) ? d : throw new FormatException($"histogram field {key}: \"{value}\" is not a number");

    private static double[] ParseList(string key, string value)
    {
        var inner = value.Length >= 2 && value[0] == '[' ? value[1..^1] : throw new FormatException($"histogram field {key} needs a [list]");
        var parts = inner.Split([' ', '\t', ','], StringSplitOptions.RemoveEmptyEntries);
        var result = new double[parts.Length];
        for (var i = 0; i < parts.Length; i++) result[i] = ParseFloat(key, parts[i]);
        return result;
    }
}
