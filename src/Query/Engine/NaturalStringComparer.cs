namespace MetricsServer.Query.Engine;

/// <summary>
/// Natural sort order, as sort_by_label uses: runs of ASCII digits compare by numeric value ("4m5" before
/// "4m600", "1.2.3" before "1.11.3"), everything else ordinally.
/// </summary>
internal sealed class NaturalStringComparer : IComparer<string>
{
    public static readonly NaturalStringComparer Instance = new();

    public int Compare(string? x, string? y)
    {
        if (ReferenceEquals(x, y)) return 0;
        if (x is null) return -1;
        if (y is null) return 1;
        int i = 0, j = 0;
        while (i < x.Length && j < y.Length)
        {
            if (char.IsAsciiDigit(x[i]) && char.IsAsciiDigit(y[j]))
            {
                var c = CompareNumberRuns(x, ref i, y, ref j);
                if (c != 0) return c;
                continue;
            }
            if (x[i] != y[j]) return x[i].CompareTo(y[j]);
            i++;
            j++;
        }
        return (x.Length - i).CompareTo(y.Length - j);
    }

    private static int CompareNumberRuns(string x, ref int i, string y, ref int j)
    {
        var xStart = SkipZeros(x, i);
        var yStart = SkipZeros(y, j);
        var xEnd = RunEnd(x, i);
        var yEnd = RunEnd(y, j);
        var c = (xEnd - xStart).CompareTo(yEnd - yStart);
        if (c == 0) c = string.CompareOrdinal(x, xStart, y, yStart, xEnd - xStart);
        // Equal values with different zero padding ("01" and "1"): the shorter spelling first.
        if (c == 0) c = (xEnd - i).CompareTo(yEnd - j);
        i = xEnd;
        j = yEnd;
        return c;
    }

    private static int SkipZeros(string s, int i)
    {
        var end = RunEnd(s, i);
        while (i < end - 1 && s[i] == '0') i++;
        return i;
    }

    private static int RunEnd(string s, int i)
    {
        while (i < s.Length && char.IsAsciiDigit(s[i])) i++;
        return i;
    }
}
