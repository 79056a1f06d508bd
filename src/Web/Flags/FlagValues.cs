using System.Globalization;
using System.Text;
using MetricsServer.Model.Time;

namespace MetricsServer.Web.Flags;

/// <summary>Parsing and printing of flag values, one pair per <see cref="FlagKind"/>. Parsers return an error text
/// without the flag's name; the parser adds it.</summary>
public static class FlagValues
{
    // The spellings Go's strconv.ParseBool accepts, which kingpin uses for --flag=value on booleans.
    private static readonly string[] TrueWords = ["1", "t", "T", "true", "TRUE", "True"];
    private static readonly string[] FalseWords = ["0", "f", "F", "false", "FALSE", "False"];

    public static (bool Ok, string Value, string Error) ParseString(string text) => (true, text, "");

    public static (bool Ok, bool Value, string Error) ParseBool(string text)
    {
        if (Array.IndexOf(TrueWords, text) >= 0) return (true, true, "");
        if (Array.IndexOf(FalseWords, text) >= 0) return (true, false, "");
        return (false, false, "expected true or false");
    }

    public static (bool Ok, TimeSpan Value, string Error) ParseDuration(string text) =>
        PromDuration.TryParse(text, out var d, out var error) ? (true, d, "") : (false, TimeSpan.Zero, error);

    public static (bool Ok, long Value, string Error) ParseSize(string text) =>
        ByteSize.TryParse(text, out var b, out var error) ? (true, b, "") : (false, 0, error);

    public static (bool Ok, long Value, string Error) ParseInt64(string text)
    {
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n)) return (true, n, "");
        // Prometheus's own defaults use exponent notation (--storage.remote.read-sample-limit=5e7), so accept it when
        // the number is whole; a fraction is rejected rather than silently truncated.
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)
            && double.IsFinite(d) && Math.Floor(d) == d && d >= long.MinValue && d < 9.2233720368547758E18)
        {
            return (true, (long)d, "");
        }
        return (false, 0, "not an integer");
    }

    public static (bool Ok, int Value, string Error) ParseInt32(string text)
    {
        var (ok, n, error) = ParseInt64(text);
        if (!ok) return (false, 0, error);
        if (n is < int.MinValue or > int.MaxValue) return (false, 0, "integer out of range");
        return (true, (int)n, "");
    }

    public static (bool Ok, double Value, string Error) ParseFloat(string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d)
            ? (true, d, "")
            : (false, 0, "not a number");

    public static string FormatBool(bool value) => value ? "true" : "false";

    public static string FormatInt(long value) => value.ToString(CultureInfo.InvariantCulture);

    public static string FormatFloat(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>
    /// Prometheus's model.Duration form: years and weeks only when they divide the duration exactly (<c>15d</c>,
    /// not <c>2w1d</c>; <c>2w</c>; <c>1y</c>), then days down to milliseconds; zero is <c>0s</c>.
    /// </summary>
    public static string FormatDuration(TimeSpan duration) => PromDuration.Format(duration);

    /// <summary>
    /// Base-2 sizes the way kingpin prints them: the largest unit that divides exactly (<c>512MiB</c>, <c>10GiB</c>),
    /// else bytes (<c>1536B</c>); zero is <c>0B</c>. <see cref="ByteSize"/> reads every form back.
    /// </summary>
    public static string FormatSize(long bytes) => ByteSize.Format(bytes);
}
