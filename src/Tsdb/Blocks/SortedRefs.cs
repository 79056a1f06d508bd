namespace MetricsServer.Tsdb.Blocks;

/// <summary>Set operations on ascending, duplicate-free series reference arrays (postings lists).</summary>
internal static class SortedRefs
{
    public static uint[] Intersect(uint[] a, uint[] b)
    {
        var result = new List<uint>(Math.Min(a.Length, b.Length));
        int i = 0, j = 0;
        while (i < a.Length && j < b.Length)
        {
            if (a[i] < b[j]) i++;
            else if (a[i] > b[j]) j++;
            else
            {
                result.Add(a[i]);
                i++;
                j++;
            }
        }
        return [.. result];
    }

    /// <summary>The elements of <paramref name="a"/> not in <paramref name="b"/>.</summary>
    public static uint[] Subtract(uint[] a, uint[] b)
    {
        if (b.Length == 0) return a;
        var result = new List<uint>(a.Length);
        var j = 0;
        foreach (var x in a)
        {
            while (j < b.Length && b[j] < x) j++;
            if (j < b.Length && b[j] == x) continue;
            result.Add(x);
        }
        return [.. result];
    }

    public static uint[] Union(List<uint[]> lists)
    {
        if (lists.Count == 0) return [];
        if (lists.Count == 1) return lists[0];
        var total = 0;
        foreach (var l in lists) total += l.Length;
        var all = new uint[total];
        var k = 0;
        foreach (var l in lists)
        {
            l.CopyTo(all, k);
            k += l.Length;
        }
        Array.Sort(all);
        var n = 0;
        for (var i = 0; i < all.Length; i++)
        {
            if (n == 0 || all[i] != all[n - 1]) all[n++] = all[i];
        }
        return all.AsSpan(0, n).ToArray();
    }
}
