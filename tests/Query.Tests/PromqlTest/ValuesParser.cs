using System.Globalization;
using System.Text.RegularExpressions;
using MetricsServer.Model.Metadata;
using MetricsServer.Model.Time;

namespace MetricsServer.Query.Tests.PromqlTest;

/// <summary>
/// Expands a values description (<c>1 2+3x2 _ _x3 stale Inf {{schema:0 count:1}}+{{count:1}}x2</c>) into one entry per
/// step; null is a step without a sample. <c>a+bxn</c> yields n+1 values, each the previous plus b; <c>_xn</c> yields
/// n empty steps.
/// </summary>
public static partial class ValuesParser
{
    /// <summary>Expands <paramref name="text"/>; with <paramref name="durations"/> (the <c>@st</c> lines) numbers may be durations, in ms.</summary>
    /// <exception cref="FormatException">A token that is not part of the notation.</exception>
    public static List<SampleValue?> Expand(string text, bool durations = false)
    {
        ArgumentNullException.ThrowIfNull(text);
        var values = new List<SampleValue?>();
        var pos = 0;
        while (true)
        {
            while (pos < text.Length && char.IsWhiteSpace(text[pos])) pos++;
            if (pos >= text.Length) return values;
            if (string.CompareOrdinal(text, pos, "{{", 0, 2) == 0)
            {
                ExpandHistogram(text, ref pos, values);
                continue;
            }
            var start = pos;
            while (pos < text.Length && !char.IsWhiteSpace(text[pos])) pos++;
            ExpandToken(text[start..pos], durations, values);
        }
    }

    /// <summary>A plain number: decimal with optional exponent, <c>Inf</c>, <c>-Inf</c>, <c>NaN</c> (any case).</summary>
    public static bool TryParseNumber(string text, out double value)
    {
        var body = text.TrimStart('+', '-');
        var negative = text.StartsWith('-');
        if (body.Length == text.Length - 1 || body.Length == text.Length)
        {
            if (body.Equals("inf", StringComparison.OrdinalIgnoreCase))
            {
                value = negative ? double.NegativeInfinity : double.PositiveInfinity;
                return true;
            }
            if (body.Equals("nan", StringComparison.OrdinalIgnoreCase))
            {
                value = double.NaN;
                return true;
            }
        }
        value = 0;
        return NumberRegex().IsMatch(text)
            && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }

    private static void ExpandToken(string token, bool durations, List<SampleValue?> values)
    {
        if (token == "_")
        {
            values.Add(null);
            return;
        }
        if (token == "stale")
        {
            values.Add(SampleValue.Stale);
            return;
        }
        if (token.StartsWith("_x", StringComparison.Ordinal))
        {
            var n = ParseCount(token, token[2..]);
            for (var i = 0; i < n; i++) values.Add(null);
            return;
        }
        var m = (durations ? DurationSequenceRegex() : SequenceRegex()).Match(token);
        if (!m.Success) throw new FormatException($"invalid value \"{token}\"");
        var a = ParseScalar(m.Groups["a"].Value, durations, token);
        if (!m.Groups["n"].Success)
        {
            if (m.Groups["op"].Success) throw new FormatException($"invalid value \"{token}\": a+b needs xN");
            values.Add(new SampleValue(a));
            return;
        }
        var count = ParseCount(token, m.Groups["n"].Value);
        var b = m.Groups["op"].Success ? ParseScalar(m.Groups["b"].Value, durations, token) : 0;
        if (m.Groups["op"].Value == "-") b = -b;
        // Each value is the previous one plus b, not a + i*b, so that rounding matches the reference harness.
        var v = a;
        for (var i = 0; i <= count; i++)
        {
            values.Add(new SampleValue(v));
            v += b;
        }
    }

    private static void ExpandHistogram(string text, ref int pos, List<SampleValue?> values)
    {
        var first = ReadHistogram(text, ref pos, out var hintGiven);
        if (pos < text.Length && text[pos] is '+' or '-' && string.CompareOrdinal(text, pos + 1, "{{", 0, 2) == 0)
        {
            var sign = text[pos] == '-' ? -1 : 1;
            pos++;
            var increment = ReadHistogram(text, ref pos, out _);
            var n = ReadTimes(text, ref pos) ?? throw new FormatException("histogram progression {{a}}+{{b}} needs xN");
            var h = first;
            for (var i = 0; i <= n; i++)
            {
                values.Add(new SampleValue(0, h, hintGiven));
                h = HistogramMath.Add(h, increment, sign);
            }
        }
        else
        {
            var n = ReadTimes(text, ref pos) ?? 0;
            for (var i = 0; i <= n; i++) values.Add(new SampleValue(0, first, hintGiven));
        }
        if (pos < text.Length && !char.IsWhiteSpace(text[pos])) throw new FormatException($"unexpected \"{text[pos..]}\" after histogram");
    }

    private static NativeHistogram ReadHistogram(string text, ref int pos, out bool hintGiven)
    {
        var close = text.IndexOf("}}", pos + 2, StringComparison.Ordinal);
        if (close < 0) throw new FormatException("unclosed histogram literal: missing }}");
        var h = HistogramLiteral.Parse(text[(pos + 2)..close], out hintGiven);
        pos = close + 2;
        return h;
    }

    private static int? ReadTimes(string text, ref int pos)
    {
        if (pos >= text.Length || text[pos] != 'x') return null;
        var start = ++pos;
        while (pos < text.Length && char.IsAsciiDigit(text[pos])) pos++;
        return ParseCount(text, text[start..pos]);
    }

    private static int ParseCount(string token, string digits) =>
        int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            ? n
            : throw new FormatException($"invalid repetition count in \"{token}\"");

    private static double ParseScalar(string text, bool durations, string token)
    {
        if (TryParseNumber(text, out var v)) return v;
        if (durations)
        {
            var negative = text.StartsWith('-');
            var body = text.TrimStart('+', '-');
            if (PromDuration.TryParse(body, out var d, out _)) return negative ? -d.TotalMilliseconds : d.TotalMilliseconds;
        }
        throw new FormatException($"invalid number \"{text}\" in \"{token}\"");
    }

    private const string Num = @"[+-]?(?:[Ii]nf|NaN|nan|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)";
    private const string Dur = @"[+-]?(?:\d+(?:ms|[smhdwy]))+";

    [GeneratedRegex(@"^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$")]
    private static partial Regex NumberRegex();

    [GeneratedRegex("^(?<a>" + Num + ")(?:(?<op>[+-])(?<b>" + Num + "))?(?:x(?<n>\\d+))?$")]
    private static partial Regex SequenceRegex();

    [GeneratedRegex("^(?<a>" + Dur + "|" + Num + ")(?:(?<op>[+-])(?<b>" + Dur + "|" + Num + "))?(?:x(?<n>\\d+))?$")]
    private static partial Regex DurationSequenceRegex();
}
