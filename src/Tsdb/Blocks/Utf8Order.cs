using MetricsServer.Model.Labels;

namespace MetricsServer.Tsdb.Blocks;

/// <summary>
/// Orders strings and label sets as Prometheus's index does: by their UTF-8 bytes. Ordinal UTF-16 order agrees except
/// between surrogate pairs (U+10000 and up) and U+E000..U+FFFF, which this corrects without encoding. Thread-safe.
/// </summary>
public sealed class Utf8Order : IComparer<string>, IComparer<LabelSet>
{
    public static readonly Utf8Order Instance = new();

    private Utf8Order()
    {
    }

    public int Compare(string? x, string? y)
    {
        if (ReferenceEquals(x, y)) return 0;
        if (x is null) return -1;
        if (y is null) return 1;
        var n = Math.Min(x.Length, y.Length);
        var i = x.AsSpan(0, n).CommonPrefixLength(y.AsSpan(0, n));
        if (i == n) return x.Length.CompareTo(y.Length);
        return Fix(x[i]).CompareTo(Fix(y[i]));
    }

    /// <summary>Label by label, name then value, as Prometheus's <c>labels.Compare</c>; a prefix sorts first.</summary>
    public int Compare(LabelSet? x, LabelSet? y)
    {
        if (ReferenceEquals(x, y)) return 0;
        if (x is null) return -1;
        if (y is null) return 1;
        var a = x.AsSpan();
        var b = y.AsSpan();
        var n = Math.Min(a.Length, b.Length);
        for (var i = 0; i < n; i++)
        {
            var c = Compare(a[i].Name, b[i].Name);
            if (c != 0) return c;
            c = Compare(a[i].Value, b[i].Value);
            if (c != 0) return c;
        }
        return a.Length.CompareTo(b.Length);
    }

    // Surrogates (whose code points are above U+FFFF) must sort after U+E000..U+FFFF, as their UTF-8 bytes do.
    private static int Fix(char c) => c >= 0xD800 ? (c >= 0xE000 ? c - 0x800 : c + 0x2000) : c;
}
