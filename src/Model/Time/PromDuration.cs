using System.Globalization;
using System.Text;

namespace MetricsServer.Model.Time;

/// <summary>
/// Prometheus's duration syntax: units y, w, d, h, m, s, ms, each at most once, largest first (<c>1h30m</c>, <c>2w</c>,
/// <c>1y</c>); <c>0</c> alone is zero. A year is 365 days, a week 7 days, a day 24 hours.
/// </summary>
public static class PromDuration
{
    private static readonly (string Unit, long Ms)[] Units =
    [
        ("y", 365L * 24 * 3600 * 1000),
        ("w", 7L * 24 * 3600 * 1000),
        ("d", 24L * 3600 * 1000),
        ("h", 3600L * 1000),
        ("m", 60L * 1000),
        ("s", 1000L),
        ("ms", 1L),
    ];

    public static TimeSpan Parse(string text) =>
        TryParse(text, out var d, out var error) ? d : throw new FormatException(error);

    public static bool TryParse(string? text, out TimeSpan duration, out string error)
    {
        duration = TimeSpan.Zero;
        error = string.Empty;
        if (string.IsNullOrEmpty(text))
        {
            error = "empty duration string";
            return false;
        }
        if (text == "0") return true;
        long total = 0;
        var pos = 0;
        var nextUnit = 0;
        while (pos < text.Length)
        {
            var start = pos;
            while (pos < text.Length && char.IsAsciiDigit(text[pos])) pos++;
            if (pos == start)
            {
                error = $"not a valid duration string: \"{text}\"";
                return false;
            }
            if (!long.TryParse(text.AsSpan(start, pos - start), NumberStyles.None, CultureInfo.InvariantCulture, out var n))
            {
                error = $"not a valid duration string: \"{text}\"";
                return false;
            }
            var unitIndex = -1;
            for (var u = nextUnit; u < Units.Length; u++)
            {
                var unit = Units[u].Unit;
                if (string.CompareOrdinal(text, pos, unit, 0, unit.Length) != 0) continue;
                // "m" must not swallow the "m" of "ms".
                if (unit == "m" && pos + 1 < text.Length && text[pos + 1] == 's') continue;
                unitIndex = u;
                break;
            }
            if (unitIndex < 0)
            {
                error = $"not a valid duration string: \"{text}\"";
                return false;
            }
            try
            {
                total = checked(total + checked(n * Units[unitIndex].Ms));
            }
            catch (OverflowException)
            {
                error = $"duration out of range: \"{text}\"";
                return false;
            }
            pos += Units[unitIndex].Unit.Length;
            nextUnit = unitIndex + 1;
        }
        duration = TimeSpan.FromMilliseconds(total);
        return true;
    }

    /// <summary>Prometheus's canonical form: <c>1h30m</c>, <c>15s</c>, <c>0s</c>.</summary>
    public static string Format(TimeSpan duration)
    {
        var ms = (long)duration.TotalMilliseconds;
        if (ms == 0) return "0s";
        var sb = new StringBuilder();
        if (ms < 0)
        {
            sb.Append('-');
            ms = -ms;
        }
        foreach (var (unit, size) in Units)
        {
            // Years and weeks only when they divide the rest exactly: 90d reads better than 12w6d.
            if (unit is "y" or "w" && ms % size != 0) continue;
            var n = ms / size;
            if (n == 0) continue;
            sb.Append(n.ToString(CultureInfo.InvariantCulture)).Append(unit);
            ms -= n * size;
        }
        return sb.ToString();
    }
}
