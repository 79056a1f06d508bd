using System.Globalization;
using System.Text;
using System.Text.Json;
using MetricsServer.Model.Labels;

namespace MetricsServer.Web.Api;

/// <summary>
/// The number formats of Prometheus's JSON: sample values as strings in Go's shortest fixed-point form
/// (<c>strconv.FormatFloat(v, 'f', -1, 64)</c>: no exponent, <c>+Inf</c>, <c>-Inf</c>, <c>NaN</c>), and timestamps as
/// JSON numbers of seconds with at most millisecond decimals (<c>1435781451.781</c>, <c>4</c>).
/// </summary>
public static class PromJson
{
    public static string FormatValue(double value)
    {
        if (double.IsNaN(value)) return "NaN";
        if (double.IsPositiveInfinity(value)) return "+Inf";
        if (double.IsNegativeInfinity(value)) return "-Inf";
        var r = value.ToString("R", CultureInfo.InvariantCulture);
        var e = r.IndexOfAny(['E', 'e']);
        if (e < 0) return r;
        // Shortest round-trip digits, written out without an exponent as Go's 'f' format does.
        var negative = r[0] == '-';
        var mantissa = r[(negative ? 1 : 0)..e];
        var exponent = int.Parse(r.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        var dot = mantissa.IndexOf('.', StringComparison.Ordinal);
        var digits = dot < 0 ? mantissa : mantissa.Remove(dot, 1);
        var point = (dot < 0 ? mantissa.Length : dot) + exponent;
        var sb = new StringBuilder(negative ? "-" : "");
        if (point <= 0) sb.Append("0.").Append('0', -point).Append(digits);
        else if (point >= digits.Length) sb.Append(digits).Append('0', point - digits.Length);
        else sb.Append(digits, 0, point).Append('.').Append(digits, point, digits.Length - point);
        return sb.ToString();
    }

    public static string FormatTimestamp(long ms)
    {
        var seconds = Math.DivRem(ms, 1000, out var rest);
        if (rest == 0) return seconds.ToString(CultureInfo.InvariantCulture);
        if (ms < 0 && seconds == 0) return "-0." + Math.Abs(rest).ToString("000", CultureInfo.InvariantCulture).TrimEnd('0');
        return seconds.ToString(CultureInfo.InvariantCulture) + "." + Math.Abs(rest).ToString("000", CultureInfo.InvariantCulture).TrimEnd('0');
    }

    public static void WriteLabels(Utf8JsonWriter w, LabelSet labels)
    {
        w.WriteStartObject();
        foreach (var l in labels) w.WriteString(l.Name, l.Value);
        w.WriteEndObject();
    }

    /// <summary>A <c>[t, "v"]</c> pair.</summary>
    public static void WritePoint(Utf8JsonWriter w, long ms, double value)
    {
        w.WriteStartArray();
        w.WriteRawValue(FormatTimestamp(ms));
        w.WriteStringValue(FormatValue(value));
        w.WriteEndArray();
    }
}
