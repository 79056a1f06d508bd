namespace MetricsServer.Model.Labels;

/// <summary>
/// Orders strings by their UTF-8 bytes, as Prometheus (Go) compares strings everywhere: in label-set order, in
/// sorted label names and values, and in a block's index. Ordinal UTF-16 order agrees except between surrogate
/// pairs (U+10000 and up) and U+E000..U+FFFF, which this corrects without encoding. Thread-safe.
/// </summary>
public sealed class Utf8StringComparer : IComparer<string>
{
    public static readonly Utf8StringComparer Instance = new();

    private Utf8StringComparer()
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

    // Surrogates (whose code points are above U+FFFF) must sort after U+E000..U+FFFF, as their UTF-8 bytes do.
    private static int Fix(char c) => c >= 0xD800 ? (c >= 0xE000 ? c - 0x800 : c + 0x2000) : c;
}
