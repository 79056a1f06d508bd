namespace MetricsServer.Tsdb.Wal;

/// <summary>The kind of a fragment, in the low three bits of its type byte.</summary>
public enum WalFragmentType : byte
{
    /// <summary>A zero byte: the rest of the page is zero padding.</summary>
    PageTerm = 0,

    /// <summary>A whole record in one fragment.</summary>
    Full = 1,

    /// <summary>The first fragment of a record split across pages.</summary>
    First = 2,

    /// <summary>A fragment between the first and the last.</summary>
    Middle = 3,

    /// <summary>The last fragment of a split record.</summary>
    Last = 4,
}
