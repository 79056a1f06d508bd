using MetricsServer.Model.Labels;
using MetricsServer.Model.Storage;

namespace MetricsServer.Tsdb.Blocks;

/// <summary>
/// A read view of one block over [minTime, maxTime] (both inclusive). Matchers resolve through postings: those that
/// reject the empty string intersect the unions of their values' postings; those that accept it subtract the
/// postings of the values they reject (so <c>{a=""}</c> keeps series without <c>a</c>). Series come in reference
/// order, which is the index's label-set order. Not thread-safe, as <see cref="IQuerier"/> says.
/// </summary>
internal sealed class BlockQuerier(BlockReader block, long minTime, long maxTime) : IQuerier
{
    private bool _disposed;

    public ISeriesSet Select(bool sortSeries, SelectHints? hints, params Matcher[] matchers)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentNullException.ThrowIfNull(matchers);
        // The block covers [MinTime, MaxTime); a query range outside it needs no index work.
        if (!HasNonEmptyMatcher(matchers) || minTime > maxTime || maxTime < block.Meta.MinTimeMs || minTime >= block.Meta.MaxTimeMs)
            return new BlockSeriesSet(block, [], minTime, maxTime, null);
        try
        {
            return new BlockSeriesSet(block, PostingsForMatchers(block.Index, matchers), minTime, maxTime, null);
        }
        catch (BlockFormatException e)
        {
            return new BlockSeriesSet(block, [], minTime, maxTime, e);
        }
    }

    public IReadOnlyList<string> LabelValues(string name, params Matcher[] matchers)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentNullException.ThrowIfNull(matchers);
        if (matchers.Length == 0) return block.Index.LabelValues(name);
        var values = new HashSet<string>(StringComparer.Ordinal);
        var chunks = new List<ChunkMeta>();
        foreach (var r in PostingsForMatchers(block.Index, matchers))
        {
            var v = block.Index.Series(r, chunks).Get(name);
            if (v.Length > 0) values.Add(v);
        }
        return Sorted(values);
    }

    public IReadOnlyList<string> LabelNames(params Matcher[] matchers)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentNullException.ThrowIfNull(matchers);
        if (matchers.Length == 0) return block.Index.LabelNames();
        var names = new HashSet<string>(StringComparer.Ordinal);
        var chunks = new List<ChunkMeta>();
        foreach (var r in PostingsForMatchers(block.Index, matchers))
        {
            foreach (var l in block.Index.Series(r, chunks)) names.Add(l.Name);
        }
        return Sorted(names);
    }

    public void Dispose() => _disposed = true;

    /// <summary>The ascending references of series matching every matcher.</summary>
    internal static uint[] PostingsForMatchers(IndexReader index, Matcher[] matchers)
    {
        uint[]? result = null;
        var subtract = new List<uint[]>();
        foreach (var m in matchers)
        {
            if (m.MatchesEmpty)
            {
                // Series lacking the label match; series whose value the matcher rejects do not.
                var rejected = new List<uint[]>();
                foreach (var v in index.LabelValues(m.Name))
                {
                    if (!m.Matches(v)) rejected.Add(index.Postings(m.Name, v));
                }
                if (rejected.Count > 0) subtract.Add(SortedRefs.Union(rejected));
                continue;
            }
            uint[] matching;
            if (m.Type == Model.Labels.MatchType.Equal)
            {
                matching = index.Postings(m.Name, m.Value);
            }
            else
            {
                var lists = new List<uint[]>();
                foreach (var v in index.LabelValues(m.Name))
                {
                    if (m.Matches(v)) lists.Add(index.Postings(m.Name, v));
                }
                matching = SortedRefs.Union(lists);
            }
            result = result is null ? matching : SortedRefs.Intersect(result, matching);
            if (result.Length == 0) return result;
        }
        result ??= index.AllPostings();
        foreach (var s in subtract) result = SortedRefs.Subtract(result, s);
        return result;
    }

    private static bool HasNonEmptyMatcher(Matcher[] matchers)
    {
        foreach (var m in matchers)
        {
            if (!m.MatchesEmpty) return true;
        }
        return false;
    }

    private static List<string> Sorted(HashSet<string> set)
    {
        var list = new List<string>(set);
        list.Sort(StringComparer.Ordinal);
        return list;
    }
}
