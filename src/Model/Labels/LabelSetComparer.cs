namespace MetricsServer.Model.Labels;

/// <summary>Prometheus's label-set order: label by label, name then value, ordinal; a prefix sorts first.</summary>
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
        for (var i = 0; i < n; i++)
        {
            var c = string.CompareOrdinal(a[i].Name, b[i].Name);
            if (c != 0) return c;
            c = string.CompareOrdinal(a[i].Value, b[i].Value);
            if (c != 0) return c;
        }
        return a.Length.CompareTo(b.Length);
    }
}
