namespace MetricsServer.Model.Storage;

/// <summary>The sorted (ordinal) distinct union of string lists, as label names and values are returned.</summary>
internal static class SortedStringUnion
{
    /// <summary>
    /// Merges <paramref name="lists"/> linearly when each is strictly ascending in ordinal order, the querier contract;
    /// a list in any other order (a storage that sorts by UTF-8 bytes differs for characters above U+D7FF) is
    /// handled by sorting everything instead, so the result is right either way.
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
            if (string.CompareOrdinal(list[i - 1], list[i]) >= 0) return false;
        }
        return true;
    }

    private static List<string> Merge(IReadOnlyList<string> a, IReadOnlyList<string> b)
    {
        var merged = new List<string>(Math.Max(a.Count, b.Count));
        int i = 0, j = 0;
        while (i < a.Count && j < b.Count)
        {
            var c = string.CompareOrdinal(a[i], b[j]);
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
        sorted.Sort(StringComparer.Ordinal);
        return sorted;
    }
}
