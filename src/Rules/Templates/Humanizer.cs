using System.Globalization;

namespace MetricsServer.Rules.Templates;

/// <summary>Prometheus's <c>humanize*</c> template functions, digit for digit.</summary>
internal static class Humanizer
{
    private static readonly string[] Big = ["", "k", "M", "G", "T", "P", "E", "Z", "Y"];
    private static readonly string[] Small = ["", "m", "u", "n", "p", "f", "a", "z", "y"];
    private static readonly string[] Binary = ["", "ki", "Mi", "Gi", "Ti", "Pi", "Ei", "Zi", "Yi"];

    private static string G4(double v) => GoFormat.FormatG(v, 4);

    public static string Humanize(double v)
    {
        if (v == 0 || double.IsNaN(v) || double.IsInfinity(v)) return G4(v);
        if (Math.Abs(v) >= 1)
        {
            var i = 0;
            for (; i < Big.Length - 1 && Math.Abs(v) >= 1000; i++) v /= 1000;
            return G4(v) + Big[i];
        }
        var j = 0;
        for (; j < Small.Length - 1 && Math.Abs(v) < 1; j++) v *= 1000;
        return G4(v) + Small[j];
    }

    public static string Humanize1024(double v)
    {
        if (Math.Abs(v) <= 1 || double.IsNaN(v) || double.IsInfinity(v)) return G4(v);
        var i = 0;
        for (; i < Binary.Length - 1 && Math.Abs(v) >= 1024; i++) v /= 1024;
        return G4(v) + Binary[i];
    }

    public static string HumanizeDuration(double v)
    {
        if (double.IsNaN(v) || double.IsInfinity(v)) return G4(v);
        if (v == 0) return "0s";
        if (Math.Abs(v) >= 1)
        {
            var sign = v < 0 ? "-" : "";
            v = Math.Abs(v);
            var duration = (long)v;
            var seconds = duration % 60;
            var minutes = duration / 60 % 60;
            var hours = duration / 60 / 60 % 24;
            var days = duration / 60 / 60 / 24;
            var inv = CultureInfo.InvariantCulture;
            if (days != 0) return string.Create(inv, $"{sign}{days}d {hours}h {minutes}m {seconds}s");
            if (hours != 0) return string.Create(inv, $"{sign}{hours}h {minutes}m {seconds}s");
            if (minutes != 0) return string.Create(inv, $"{sign}{minutes}m {seconds}s");
            return sign + G4(v) + "s";
        }
        var j = 0;
        for (; j < Small.Length - 1 && Math.Abs(v) < 1; j++) v *= 1000;
        return G4(v) + Small[j] + "s";
    }

    public static string HumanizePercentage(double v) => G4(v * 100) + "%";

    /// <summary>Go's <c>time.Time.String()</c> of a Unix time in seconds, in UTC.</summary>
    public static string HumanizeTimestamp(double v)
    {
        if (double.IsNaN(v) || double.IsInfinity(v)) return G4(v);
        var seconds = Math.Floor(v);
        // Rounded to microseconds: a float's binary fraction would otherwise print as .128000021.
        var nanos = (long)Math.Round((v - seconds) * 1e6) * 1000;
        var t = DateTime.UnixEpoch.AddSeconds(seconds).AddTicks(nanos / 100);
        var text = t.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
        if (nanos > 0) text += "." + nanos.ToString("000000000", CultureInfo.InvariantCulture).TrimEnd('0');
        return text + " +0000 UTC";
    }

    /// <summary>Go's <c>time.Duration.String()</c> of seconds (<c>1h2m3.5s</c>).</summary>
    public static string GoDuration(double seconds)
    {
        if (seconds == 0) return "0s";
        var sign = seconds < 0 ? "-" : "";
        seconds = Math.Abs(seconds);
        var h = (long)(seconds / 3600);
        var m = (long)(seconds / 60 % 60);
        var s = seconds - (h * 3600) - (m * 60);
        var text = GoFormat.FormatG(s, -1) + "s";
        if (h > 0) return string.Create(CultureInfo.InvariantCulture, $"{sign}{h}h{m}m{text}");
        if (m > 0) return string.Create(CultureInfo.InvariantCulture, $"{sign}{m}m{text}");
        return sign + text;
    }
}
