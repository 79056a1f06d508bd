namespace MetricsServer.Tsdb.Index;

/// <summary>
/// The series refs carrying one label value, ascending, plus the canonical (interned) value string. A struct stored
/// inline in the value dictionary: one array per value and no list object.
/// </summary>
internal struct PostingsList
{
    public string Value;
    public ulong[] Refs;
    public int Count;

    public readonly ReadOnlySpan<ulong> AsSpan() => Refs.AsSpan(0, Count);

    public void Add(ulong reference)
    {
        Refs ??= [];
        if (Count == Refs.Length) Array.Resize(ref Refs, Math.Max(1, Refs.Length * 2));
        // Refs are handed out in increasing order, so this is almost always an append; concurrent creators may swap.
        var i = Count;
        while (i > 0 && Refs[i - 1] > reference)
        {
            Refs[i] = Refs[i - 1];
            i--;
        }
        Refs[i] = reference;
        Count++;
    }

    public void Remove(ulong reference)
    {
        var i = AsSpan().BinarySearch(reference);
        if (i < 0) return;
        Array.Copy(Refs, i + 1, Refs, i, Count - i - 1);
        Count--;
        // Give memory back when churn empties a big list.
        if (Count > 0 && Count < Refs.Length / 4) Array.Resize(ref Refs, Refs.Length / 2);
    }
}
