namespace MetricsServer.Model.Labels;

/// <summary>
/// Prometheus's label-set order (<c>labels.Compare</c>): label by label, name then value, each by UTF-8 bytes
/// (<see cref="Utf8StringComparer"/>); a prefix sorts first. The head, blocks, index and engine all sort by it, so
/// that merged results agree.
/// </summary>
public sealed class LabelSetComparer : IComparer<LabelSet>
{
    public static readonly LabelSetComparer Instance = new();

    public int Compare(LabelSet? x, LabelSet? y)
    {
        if (ReferenceEquals(x, y)) return 0;
        if (x is null) return -1;
        if (y is null) return 1;
        var a = x.AsSpan();
        var b = y.AsSpan();
        var n = Math.Min(a.Length, b.Length);
        var strings = Utf8StringComparer.Instance;
        for (var i = 0; i < n; i++)
        {
            var c = strings.Compare(a[i].Name, b[i].Name);
            if (c != 0) return c;
            c = strings.Compare(a[i].Value, b[i].Value);
            if (c != 0) return c;
        }
        return a.Length.CompareTo(b.Length);
    }
}
