using System.Globalization;
using System.Text;
using MetricsServer.Model.Time;

namespace MetricsServer.Query.Ast;

/// <summary>
/// A float literal. <see cref="IsDuration"/> marks a literal written as a duration (<c>5m</c>); its value is in seconds
/// and it prints back as a duration.
/// </summary>
public sealed class NumberLiteral(double value, PositionRange position, bool isDuration = false) : Expr(position)
{
    public double Value { get; } = value;
    public bool IsDuration { get; } = isDuration;

    public override ValueType Type => ValueType.Scalar;
    public override IEnumerable<Expr> Children => [];

    public override void WriteTo(StringBuilder sb)
    {
        if (IsDuration && double.IsFinite(Value))
        {
            var ms = (long)(Value * 1000);
            if (ms < 0) sb.Append('-');
            sb.Append(PromDuration.Format(TimeSpan.FromMilliseconds(Math.Abs((double)ms))));
            return;
        }
        sb.Append(FormatFloat(Value));
    }

    /// <summary>Formats like Go's <c>strconv.FormatFloat(v, 'f', -1, 64)</c>: shortest round-trip digits, never an exponent.</summary>
    public static string FormatFloat(double value)
    {
        if (double.IsPositiveInfinity(value)) return "Inf";
        if (double.IsNegativeInfinity(value)) return "-Inf";
        if (double.IsNaN(value)) return "NaN";
        var r = value.ToString("R", CultureInfo.InvariantCulture);
        if (!r.Contains('E', StringComparison.Ordinal)) return r;
        // Shortest round-trip digits, written out without the exponent.
        return ExpandExponent(r);
    }

    private static string ExpandExponent(string r)
    {
        var e = r.IndexOf('E', StringComparison.Ordinal);
        var mantissa = r[..e];
        var exp = int.Parse(r.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        var neg = mantissa.StartsWith('-');
        if (neg) mantissa = mantissa[1..];
        var dot = mantissa.IndexOf('.', StringComparison.Ordinal);
        var digits = dot < 0 ? mantissa : mantissa.Remove(dot, 1);
        var pointPos = (dot < 0 ? mantissa.Length : dot) + exp;
        string s;
        if (pointPos <= 0) s = "0." + new string('0', -pointPos) + digits;
        else if (pointPos >= digits.Length) s = digits + new string('0', pointPos - digits.Length);
        else s = digits[..pointPos] + "." + digits[pointPos..];
        return neg ? "-" + s : s;
    }
}
