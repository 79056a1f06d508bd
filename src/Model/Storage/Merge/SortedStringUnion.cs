using MetricsServer.Model.Labels;

namespace MetricsServer.Model.Storage;

/// <summary>The sorted distinct union of string lists (UTF-8 byte order, as every querier sorts), as label names and values are returned.</summary>
internal static class SortedStringUnion
{
    /// <summary>
    /// Merges <paramref name="lists"/> linearly when each is strictly ascending, the querier contract; a list in any
    /// other order (a remote storage that sorts differently) is handled by sorting everything instead.
    /// </summary>
    public static IReadOnlyList<string> Of(IReadOnlyList<string>[] lists)
    {
        IReadOnlyList<string>? result = null;
        var allSorted = true;
        foreach (var list in lists)
        {
            if (!IsStrictlyAscending(list))
            {
                allSorted = false;
                break;
            }
        }
        if (!allSorted) return SortAll(lists);
        foreach (var list in lists)
        {
            if (list.Count == 0) continue;
            result = result is null ? list : Merge(result, list);
        }
        return result ?? [];
    }

    private static bool IsStrictlyAscending(IReadOnlyList<string> list)
    {
        for (var i = 1; i < list.Count; i++)
        {
            if (Utf8StringComparer.Instance.Compare(list[i - 1], list[i]) >= 0) return false;
        }
        return true;
    }

    private static List<string> Merge(IReadOnlyList<string> a, IReadOnlyList<string> b)
    {
        var merged = new List<string>(Math.Max(a.Count, b.Count));
        int i = 0, j = 0;
        while (i < a.Count && j < b.Count)
        {
            var c = Utf8StringComparer.Instance.Compare(a[i], b[j]);
            if (c <= 0)
            {
                merged.Add(a[i++]);
                if (c == 0) j++;
            }
            else
            {
                merged.Add(b[j++]);
            }
        }
        while (i < a.Count) merged.Add(a[i++]);
        while (j < b.Count) merged.Add(b[j++]);
        return merged;
    }

    private static List<string> SortAll(IReadOnlyList<string>[] lists)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        foreach (var list in lists) set.UnionWith(list);
        var sorted = new List<string>(set);
        sorted.Sort(Utf8StringComparer.Instance);
        return sorted;
    }
}
