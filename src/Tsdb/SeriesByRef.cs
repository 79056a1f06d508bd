namespace MetricsServer.Tsdb;

/// <summary>
/// Series by ref, for the append path's lookup of a cached ref. Refs are handed out in increasing order from 1, so a
/// paged array indexed by ref replaces a map: a lookup is two array reads and takes no lock. Writers (series
/// creation and removal) serialise on a lock; readers see a series once it has been published. A page whose
/// series have all been removed is freed, so churn does not keep memory.
/// </summary>
internal sealed class SeriesByRef
{
    private const int PageBits = 12;
    private const int PageSize = 1 << PageBits;
    private const int PageMask = PageSize - 1;

    private readonly Lock _lock = new();
    private MemSeries?[]?[] _pages = new MemSeries?[]?[16];
    private int[] _live = new int[16];

    public MemSeries? Get(ulong reference)
    {
        var pages = Volatile.Read(ref _pages);
        var pageIndex = reference >> PageBits;
        if (pageIndex >= (ulong)pages.Length) return null;
        var page = Volatile.Read(ref pages[pageIndex]);
        return page is null ? null : Volatile.Read(ref page[(int)(reference & PageMask)]);
    }

    public void Add(MemSeries series)
    {
        var pageIndex = (int)(series.Ref >> PageBits);
        lock (_lock)
        {
            var pages = _pages;
            if (pageIndex >= pages.Length)
            {
                var grown = new MemSeries?[]?[Math.Max(pages.Length * 2, pageIndex + 1)];
                Array.Copy(pages, grown, pages.Length);
                Array.Resize(ref _live, grown.Length);
                Volatile.Write(ref _pages, grown);
                pages = grown;
            }
            var page = pages[pageIndex];
            if (page is null)
            {
                page = new MemSeries?[PageSize];
                Volatile.Write(ref pages[pageIndex], page);
            }
            Volatile.Write(ref page[(int)(series.Ref & PageMask)], series);
            _live[pageIndex]++;
        }
    }

    /// <summary>Removes the series with <paramref name="reference"/>; frees its page when it was the page's last.</summary>
    public void Remove(ulong reference, ulong lastRef)
    {
        var pageIndex = (int)(reference >> PageBits);
        lock (_lock)
        {
            var pages = _pages;
            if (pageIndex >= pages.Length || pages[pageIndex] is not { } page) return;
            if (page[(int)(reference & PageMask)] is null) return;
            Volatile.Write(ref page[(int)(reference & PageMask)], null);
            // The page that new refs still go to stays, even when empty.
            if (--_live[pageIndex] == 0 && pageIndex < (int)(lastRef >> PageBits)) Volatile.Write(ref pages[pageIndex], null);
        }
    }

    /// <summary>Every series, page by page; a series added or removed meanwhile may or may not be seen.</summary>
    public void ForEach(Action<MemSeries> action)
    {
        var pages = Volatile.Read(ref _pages);
        foreach (var page in pages)
        {
            if (page is null) continue;
            foreach (var s in page)
            {
                if (s is not null) action(s);
            }
        }
    }
}
