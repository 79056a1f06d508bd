using System.Collections;
using System.Globalization;
using System.Text;

namespace MetricsServer.Rules.Templates;

/// <summary>
/// Go's <c>fmt</c> formatting of template values, so that templated text matches Prometheus's byte for byte:
/// <c>%v</c> of a float is the shortest <c>%g</c> (<c>1e+06</c>, <c>123456</c>), <c>%.4g</c> trims trailing zeros.
/// </summary>
internal static class GoFormat
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>Go's default text of a value (<c>%v</c>).</summary>
    public static string Print(object? value) => value switch
    {
        null => "<no value>",
        string s => s,
        double d => FormatG(d, -1),
        bool b => b ? "true" : "false",
        long or int => Convert.ToString(value, Inv)!,
        IDictionary map => PrintMap(map),
        IEnumerable list => "[" + string.Join(' ', list.Cast<object?>().Select(Print)) + "]",
        _ => Convert.ToString(value, Inv) ?? "",
    };

    private static string PrintMap(IDictionary map)
    {
        var keys = map.Keys.Cast<object>().Select(k => Print(k)).Order(StringComparer.Ordinal).ToList();
        var sb = new StringBuilder("map[");
        for (var i = 0; i < keys.Count; i++)
        {
            if (i > 0) sb.Append(' ');
            sb.Append(keys[i]).Append(':').Append(Print(map[keys[i]]));
        }
        return sb.Append(']').ToString();
    }

    /// <summary>Go's <c>%g</c> with a precision (significant digits), or the shortest round-trip form when -1.</summary>
    public static string FormatG(double v, int precision)
    {
        if (double.IsNaN(v)) return "NaN";
        if (double.IsPositiveInfinity(v)) return "+Inf";
        if (double.IsNegativeInfinity(v)) return "-Inf";
        if (precision == 0) precision = 1;
        var (negative, digits, exp) = Decompose(v, precision);
        if (digits == "0") return negative ? "-0" : "0";
        var nd = digits.Length;
        var dp = exp + 1;
        // Go switches to %e when the exponent is below -4 or at least the precision (6 for the shortest form).
        var eprec = precision;
        if (eprec > nd && nd >= dp) eprec = nd;
        if (precision < 0) eprec = 6;
        string body;
        if (exp < -4 || exp >= eprec)
        {
            body = nd > 1 ? digits[0] + "." + digits[1..] : digits;
            body += (exp < 0 ? "e-" : "e+") + Math.Abs(exp).ToString("00", Inv);
        }
        else if (exp < 0)
        {
            body = "0." + new string('0', -exp - 1) + digits;
        }
        else if (nd <= dp)
        {
            body = digits + new string('0', dp - nd);
        }
        else
        {
            body = digits[..dp] + "." + digits[dp..];
        }
        return negative ? "-" + body : body;
    }

    /// <summary>Significant digits without trailing zeros, and the decimal exponent of the first one.</summary>
    private static (bool Negative, string Digits, int Exp) Decompose(double v, int precision)
    {
        var negative = v < 0 || (v == 0 && double.IsNegative(v));
        v = Math.Abs(v);
        if (v == 0) return (negative, "0", 0);
        if (precision < 0)
        {
            // The shortest form that round-trips: "R" gives its digits; E16 gives the exponent of the first one.
            var r = v.ToString("R", Inv);
            var e16 = v.ToString("E16", Inv);
            return (negative, ShortestDigits(r), int.Parse(e16[(e16.IndexOf('E') + 1)..], Inv));
        }
        var e = v.ToString("E" + (precision - 1).ToString(Inv), Inv);
        var ePos = e.IndexOf('E');
        var digits = e[..ePos].Replace(".", "", StringComparison.Ordinal).TrimEnd('0');
        if (digits.Length == 0) digits = "0";
        return (negative, digits, int.Parse(e[(ePos + 1)..], Inv));
    }

    private static string ShortestDigits(string r)
    {
        var ePos = r.IndexOfAny(['E', 'e']);
        var mantissa = ePos < 0 ? r : r[..ePos];
        var digits = mantissa.Replace(".", "", StringComparison.Ordinal).TrimStart('0').TrimEnd('0');
        return digits.Length == 0 ? "0" : digits;
    }

    /// <summary>Go's <c>%e</c> with a precision (digits after the point).</summary>
    public static string FormatE(double v, int precision)
    {
        if (double.IsNaN(v) || double.IsInfinity(v)) return FormatG(v, -1);
        var s = v.ToString((precision < 0 ? "E6" : "E" + precision.ToString(Inv)), Inv);
        var ePos = s.IndexOf('E');
        var exp = int.Parse(s[(ePos + 1)..], Inv);
        return s[..ePos] + (exp < 0 ? "e-" : "e+") + Math.Abs(exp).ToString("00", Inv);
    }

    /// <summary>Go's <c>%f</c>.</summary>
    public static string FormatF(double v, int precision)
    {
        if (double.IsNaN(v) || double.IsInfinity(v)) return FormatG(v, -1);
        return v.ToString("F" + (precision < 0 ? 6 : precision).ToString(Inv), Inv);
    }

    /// <summary>Go's <c>fmt.Sprintf</c> for the verbs templates use: v s d f e g q x X t and %%.</summary>
    public static string Sprintf(string format, IReadOnlyList<object?> args)
    {
        var sb = new StringBuilder();
        var argIndex = 0;
        for (var i = 0; i < format.Length; i++)
        {
            var c = format[i];
            if (c != '%' || i + 1 >= format.Length)
            {
                sb.Append(c);
                continue;
            }
            i++;
            var minus = false;
            var plus = false;
            var zero = false;
            var space = false;
            for (; i < format.Length && format[i] is '-' or '+' or '0' or ' ' or '#'; i++)
            {
                minus |= format[i] == '-';
                plus |= format[i] == '+';
                zero |= format[i] == '0';
                space |= format[i] == ' ';
            }
            var width = ReadInt(format, ref i);
            var precision = -1;
            if (i < format.Length && format[i] == '.')
            {
                i++;
                precision = Math.Max(0, ReadInt(format, ref i));
            }
            if (i >= format.Length)
            {
                sb.Append("%!(NOVERB)");
                break;
            }
            var verb = format[i];
            if (verb == '%')
            {
                sb.Append('%');
                continue;
            }
            if (argIndex >= args.Count)
            {
                sb.Append("%!").Append(verb).Append("(MISSING)");
                continue;
            }
            var text = FormatOne(verb, args[argIndex++], precision, plus, space);
            if (width > text.Length)
            {
                var pad = width - text.Length;
                if (minus) text += new string(' ', pad);
                else if (zero && verb is not ('s' or 'q' or 'v' or 't') && text.Length > 0 && text[0] is '-' or '+')
                    text = text[0] + new string('0', pad) + text[1..];
                else text = new string(zero && verb is not ('s' or 'q' or 't') ? '0' : ' ', pad) + text;
            }
            sb.Append(text);
        }
        if (argIndex < args.Count)
        {
            sb.Append("%!(EXTRA ");
            sb.Append(string.Join(", ", args.Skip(argIndex).Select(a => TypeName(a) + "=" + Print(a))));
            sb.Append(')');
        }
        return sb.ToString();
    }

    private static int ReadInt(string s, ref int i)
    {
        var start = i;
        while (i < s.Length && char.IsAsciiDigit(s[i])) i++;
        return i == start ? -1 : int.Parse(s.AsSpan(start, i - start), Inv);
    }

    private static string TypeName(object? v) => v switch
    {
        null => "<nil>",
        string => "string",
        double => "float64",
        long or int => "int",
        bool => "bool",
        _ => "map[string]string",
    };

    private static string FormatOne(char verb, object? arg, int precision, bool plus, bool space)
    {
        string Sign(string s) => plus && s.Length > 0 && s[0] != '-' ? "+" + s : space && s.Length > 0 && s[0] != '-' ? " " + s : s;
        switch (verb)
        {
            case 'v':
                return arg is double dv ? Sign(FormatG(dv, -1)) : Print(arg);
            case 's':
                return arg is string or IDictionary or null or bool ? Print(arg) : arg is double ds ? $"%!s(float64={FormatG(ds, -1)})" : Print(arg);
            case 'q':
                return arg is string q ? Quote(q) : $"%!q({TypeName(arg)}={Print(arg)})";
            case 't':
                return arg is bool b ? (b ? "true" : "false") : $"%!t({TypeName(arg)}={Print(arg)})";
            case 'd':
                return arg is long or int ? Sign(Convert.ToString(arg, Inv)!) : $"%!d({TypeName(arg)}={Print(arg)})";
            case 'x' or 'X':
                var hex = arg switch
                {
                    long l => l.ToString("x", Inv),
                    int n => n.ToString("x", Inv),
                    string s => Convert.ToHexStringLower(Encoding.UTF8.GetBytes(s)),
                    _ => null,
                };
                if (hex is null) return $"%!{verb}({TypeName(arg)}={Print(arg)})";
                return verb == 'X' ? hex.ToUpperInvariant() : hex;
            case 'f' or 'F' or 'e' or 'E' or 'g' or 'G':
                double? number = arg switch { double d => d, long l => null, _ => null };
                if (number is not { } f) return $"%!{verb}({TypeName(arg)}={Print(arg)})";
                var text = verb switch
                {
                    'f' or 'F' => FormatF(f, precision),
                    'e' => FormatE(f, precision),
                    'E' => FormatE(f, precision).ToUpperInvariant(),
                    'G' => FormatG(f, precision).ToUpperInvariant(),
                    _ => FormatG(f, precision),
                };
                return Sign(text);
            default:
                return $"%!{verb}({TypeName(arg)}={Print(arg)})";
        }
    }

    /// <summary>Go's <c>strconv.Quote</c> for the printable ASCII and common escapes.</summary>
    public static string Quote(string s)
    {
        var sb = new StringBuilder("\"");
        foreach (var c in s)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\t': sb.Append("\\t"); break;
                case '\r': sb.Append("\\r"); break;
                default:
                    if (c < 0x20) sb.Append("\\x").Append(((int)c).ToString("x2", Inv));
                    else sb.Append(c);
                    break;
            }
        }
        return sb.Append('"').ToString();
    }
}
