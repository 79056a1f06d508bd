using System.Globalization;

namespace MetricsServer.Model.Time;

/// <summary>
/// Byte sizes as Prometheus's flags and config take them: a number and a base-2 unit (<c>512MB</c>, <c>10GB</c>,
/// <c>1KiB</c>); <c>B</c> or no unit is bytes; 1KB = 1024 bytes.
/// </summary>
public static class ByteSize
{
    private static readonly (string Unit, long Factor)[] Units =
    [
        ("KiB", 1L << 10), ("MiB", 1L << 20), ("GiB", 1L << 30), ("TiB", 1L << 40), ("PiB", 1L << 50), ("EiB", 1L << 60),
        ("KB", 1L << 10), ("MB", 1L << 20), ("GB", 1L << 30), ("TB", 1L << 40), ("PB", 1L << 50), ("EB", 1L << 60),
        ("B", 1L),
    ];

    public static bool TryParse(string? text, out long bytes, out string error)
    {
        bytes = 0;
        error = string.Empty;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "empty size";
            return false;
        }
        var s = text.Trim();
        var digits = 0;
        while (digits < s.Length && (char.IsAsciiDigit(s[digits]) || s[digits] == '.')) digits++;
        if (digits == 0 || !double.TryParse(s.AsSpan(0, digits), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var n))
        {
            error = $"invalid size \"{text}\"";
            return false;
        }
        var unit = s[digits..];
        long factor = 1;
        if (unit.Length > 0)
        {
            factor = -1;
            foreach (var (u, f) in Units)
            {
                if (string.Equals(unit, u, StringComparison.OrdinalIgnoreCase)) { factor = f; break; }
            }
            if (factor < 0)
            {
                error = $"invalid size \"{text}\": unknown unit \"{unit}\"";
                return false;
            }
        }
        var value = n * factor;
        if (value > long.MaxValue)
        {
            error = $"invalid size \"{text}\": too large";
            return false;
        }
        bytes = (long)value;
        return true;
    }

    public static long Parse(string text) => TryParse(text, out var b, out var e) ? b : throw new FormatException(e);

    /// <summary>The largest base-2 unit that divides exactly, as kingpin prints sizes: <c>512MiB</c>, <c>10GiB</c>, <c>1536B</c>, <c>0B</c>.</summary>
    public static string Format(long bytes)
    {
        string[] units = ["EiB", "PiB", "TiB", "GiB", "MiB", "KiB"];
        for (var i = 0; i < units.Length; i++)
        {
            var f = 1L << (10 * (6 - i));
            if (bytes != 0 && bytes % f == 0) return (bytes / f).ToString(CultureInfo.InvariantCulture) + units[i];
        }
        return bytes.ToString(CultureInfo.InvariantCulture) + "B";
    }
}
