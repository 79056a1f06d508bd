namespace MetricsServer.Tsdb.Wal;

/// <summary>Lists the segment files of a WAL or checkpoint directory. Other files (checkpoints, temporaries) are ignored.</summary>
public static class WalSegments
{
    /// <summary>
    /// The segments in <paramref name="directory"/>, in index order. A name counts as a segment when it is all
    /// digits. Throws <see cref="WalCorruptionException"/> when the indexes have a gap, because replaying across a
    /// missing segment would silently lose records.
    /// </summary>
    public static IReadOnlyList<WalSegmentFile> List(string directory)
    {
        var result = new List<WalSegmentFile>();
        foreach (var path in Directory.EnumerateFiles(directory))
        {
            var name = System.IO.Path.GetFileName(path);
            if (TryParseIndex(name, out var index)) result.Add(new WalSegmentFile(index, path));
        }
        result.Sort(static (a, b) => a.Index.CompareTo(b.Index));
        for (var i = 1; i < result.Count; i++)
        {
            if (result[i].Index != result[i - 1].Index + 1)
            {
                throw new WalCorruptionException(directory, result[i].Index, 0,
                    $"segments are not sequential: {result[i - 1].Index} is followed by {result[i].Index}");
            }
        }
        return result;
    }

    /// <summary>The first and last segment index in <paramref name="directory"/>, or (-1, -1) when it holds none.</summary>
    public static (int First, int Last) Range(string directory)
    {
        var list = List(directory);
        return list.Count == 0 ? (-1, -1) : (list[0].Index, list[^1].Index);
    }

    internal static bool TryParseIndex(string name, out int index)
    {
        index = 0;
        if (name.Length == 0 || name.Length > 9) return false;
        foreach (var c in name)
        {
            if (c is < '0' or > '9') return false;
            index = (index * 10) + (c - '0');
        }
        return true;
    }
}
