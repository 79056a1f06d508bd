using System.Globalization;
using System.Text;

namespace MetricsServer.Scraper.Parsing;

/// <summary>
/// Number syntax shared by both formats, over UTF-8 bytes and without allocating. Floats follow Go's
/// <c>strconv.ParseFloat</c> as Prometheus uses it: decimal notation with an optional exponent, the case-insensitive
/// specials <c>NaN</c>, <c>Inf</c> and <c>Infinity</c> (the latter two with an optional sign), and no hexadecimal
/// floats or underscores, which Prometheus rejects. Out-of-range values such as <c>1e400</c> are errors, as in Go.
/// </summary>
internal static class ExpositionNumbers
{
    /// <summary>Prometheus's canonical NaN (value.NormalNaN): every parsed NaN becomes this, so a target cannot forge a staleness marker.</summary>
    public const ulong NormalNaNBits = 0x7ff8000000000001UL;

    public static readonly double NormalNaN = BitConverter.UInt64BitsToDouble(NormalNaNBits);

    private const NumberStyles FloatStyle = NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent;

    // Exact powers of ten: every one up to 1e22 is representable, which is what makes the fast path exact.
    private static readonly double[] Pow10 =
    [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ];

    public static bool TryParseFloat(ReadOnlySpan<byte> s, out double value)
    {
        value = 0;
        if (s.IsEmpty) return false;
        var c0 = s[0];
        if (c0 is not ((>= (byte)'0' and <= (byte)'9') or (byte)'.' or (byte)'-' or (byte)'+')) return TrySpecial(s, out value);
        if (TryFastDecimal(s, out value)) return true;

        // Only digits, sign, point and exponent reach the framework parser, so that it cannot accept what Go does not
        // (white space, "Infinity" spelled in other ways, currency or group separators).
        foreach (var c in s)
        {
            if (c is not ((>= (byte)'0' and <= (byte)'9') or (byte)'.' or (byte)'-' or (byte)'+' or (byte)'e' or (byte)'E'))
            {
                return TrySpecial(s, out value);
            }
        }
        if (!double.TryParse(s, FloatStyle, CultureInfo.InvariantCulture, out value)) return false;
        return !double.IsInfinity(value);
    }

    /// <summary>
    /// The common case: at most 15 significant digits and a small power of ten. Both the mantissa and the power are exact
    /// doubles, so one multiplication or division rounds correctly (Clinger's fast path).
    /// </summary>
    private static bool TryFastDecimal(ReadOnlySpan<byte> s, out double value)
    {
        value = 0;
        var i = 0;
        var negative = false;
        if (s[0] is (byte)'-' or (byte)'+')
        {
            negative = s[0] == (byte)'-';
            i = 1;
        }
        ulong mantissa = 0;
        var digits = 0;
        var fractionDigits = 0;
        var sawPoint = false;
        var any = false;
        for (; i < s.Length; i++)
        {
            var c = s[i];
            if (c is >= (byte)'0' and <= (byte)'9')
            {
                any = true;
                if (mantissa == 0 && c == (byte)'0')
                {
                    if (sawPoint) fractionDigits++;
                    continue;
                }
                if (++digits > 15) return false;
                mantissa = (mantissa * 10) + (uint)(c - '0');
                if (sawPoint) fractionDigits++;
            }
            else if (c == (byte)'.' && !sawPoint)
            {
                sawPoint = true;
            }
            else
            {
                break;
            }
        }
        if (!any) return false;
        var exponent = 0;
        if (i < s.Length)
        {
            if (s[i] is not ((byte)'e' or (byte)'E')) return false;
            i++;
            var expNegative = false;
            if (i < s.Length && s[i] is (byte)'-' or (byte)'+')
            {
                expNegative = s[i] == (byte)'-';
                i++;
            }
            if (i == s.Length) return false;
            for (; i < s.Length; i++)
            {
                var c = s[i];
                if (c is < (byte)'0' or > (byte)'9') return false;
                exponent = (exponent * 10) + (c - '0');
                if (exponent > 400) return false;
            }
            if (expNegative) exponent = -exponent;
        }
        exponent -= fractionDigits;
        double result = mantissa;
        if (mantissa != 0)
        {
            if (exponent < -22 || exponent > 22) return false;
            result = exponent >= 0 ? result * Pow10[exponent] : result / Pow10[-exponent];
        }
        value = negative ? -result : result;
        return true;
    }

    private static bool TrySpecial(ReadOnlySpan<byte> s, out double value)
    {
        value = 0;
        if (s.Length == 3 && Ascii.EqualsIgnoreCase(s, "nan"u8))
        {
            value = NormalNaN;
            return true;
        }
        var negative = false;
        var body = s;
        if (body.Length > 0 && body[0] is (byte)'+' or (byte)'-')
        {
            negative = body[0] == (byte)'-';
            body = body[1..];
        }
        if (Ascii.EqualsIgnoreCase(body, "inf"u8) || Ascii.EqualsIgnoreCase(body, "infinity"u8))
        {
            value = negative ? double.NegativeInfinity : double.PositiveInfinity;
            return true;
        }
        return false;
    }

    /// <summary>A decimal 64-bit integer with an optional sign, as Go's <c>strconv.ParseInt(s, 10, 64)</c>.</summary>
    public static bool TryParseInt64(ReadOnlySpan<byte> s, out long value)
    {
        value = 0;
        var i = 0;
        var negative = false;
        if (s.Length > 0 && s[0] is (byte)'-' or (byte)'+')
        {
            negative = s[0] == (byte)'-';
            i = 1;
        }
        if (i == s.Length) return false;
        ulong acc = 0;
        for (; i < s.Length; i++)
        {
            var c = s[i];
            if (c is < (byte)'0' or > (byte)'9') return false;
            if (acc > (ulong.MaxValue - 9) / 10) return false;
            acc = (acc * 10) + (uint)(c - '0');
            if (acc > (ulong)long.MaxValue + 1) return false;
        }
        if (negative)
        {
            value = acc == (ulong)long.MaxValue + 1 ? long.MinValue : -(long)acc;
            return true;
        }
        if (acc > long.MaxValue) return false;
        value = (long)acc;
        return true;
    }
}
