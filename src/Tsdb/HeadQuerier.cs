using MetricsServer.Model.Labels;
using MetricsServer.Model.Storage;

namespace MetricsServer.Tsdb;

/// <summary>
/// A read view of the head over [minTime, maxTime]. Matchers that require a label resolve through postings
/// (equality lookups intersected, regex and negative matchers as unions over matching values); the remaining
/// matchers are checked against each candidate's labels. Each selected series carries a snapshot of its data taken
/// under its lock, so appends after <see cref="Select"/> are not seen and a series is never seen half-written.
/// </summary>
internal sealed class HeadQuerier(Head head, long minTime, long maxTime) : IQuerier
{
    private bool _disposed;

    public ISeriesSet Select(bool sortSeries, SelectHints? hints, params Matcher[] matchers)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentNullException.ThrowIfNull(matchers);
        if (!HasNonEmptyMatcher(matchers) || minTime > maxTime) return ListSeriesSet.Empty;
        var result = new List<ISeries>();
        HeadSampleIterator? probe = null;
        foreach (var s in Candidates(matchers))
        {
            SeriesSnapshot snapshot;
            lock (s)
            {
                if (s.Deleted) continue;
                snapshot = s.Snapshot();
            }
            // As in Prometheus, a series with no data in the range is not selected, nor one whose data there is all deleted.
            if (!snapshot.Overlaps(minTime, maxTime)) continue;
            var deleted = head.Tombstones.Intervals(s.Ref);
            if (deleted is not null && !HasVisibleSample(snapshot, deleted, ref probe)) continue;
            result.Add(new HeadSeries(s.Labels, snapshot, minTime, maxTime, head.ChunkDisk, deleted));
        }
        if (sortSeries) result.Sort(static (a, b) => LabelSetComparer.Instance.Compare(a.Labels, b.Labels));
        return new ListSeriesSet(result);
    }

    public IReadOnlyList<string> LabelValues(string name, params Matcher[] matchers)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentNullException.ThrowIfNull(matchers);
        if (matchers.Length == 0) return head.Postings.Values(name);
        var values = new HashSet<string>(StringComparer.Ordinal);
        foreach (var s in Candidates(matchers))
        {
            var v = s.Labels.Get(name);
            if (v.Length > 0) values.Add(v);
        }
        return Sorted(values);
    }

    public IReadOnlyList<string> LabelNames(params Matcher[] matchers)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentNullException.ThrowIfNull(matchers);
        if (matchers.Length == 0) return head.Postings.Names();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var s in Candidates(matchers))
        {
            foreach (var l in s.Labels) names.Add(l.Name);
        }
        return Sorted(names);
    }

    public void Dispose() => _disposed = true;

    /// <summary>Whether a series with deleted intervals keeps a sample in the range; decodes only up to the first one.</summary>
    private bool HasVisibleSample(SeriesSnapshot snapshot, (long MinTimeMs, long MaxTimeMs)[] deleted, ref HeadSampleIterator? probe)
    {
        probe ??= new HeadSampleIterator();
        probe.Reset(snapshot, minTime, maxTime, head.ChunkDisk, deleted);
        // A corrupt chunk is reported when the series is read, not hidden here.
        return probe.Next() != ValueKind.None || probe.Error is not null;
    }

    private static bool HasNonEmptyMatcher(Matcher[] matchers)
    {
        foreach (var m in matchers)
        {
            if (!m.MatchesEmpty) return true;
        }
        return false;
    }

    private List<MemSeries> Candidates(Matcher[] matchers) => Matching(head, matchers);

    /// <summary>
    /// Series of <paramref name="head"/> matching every matcher, in ref order; all series when every matcher matches
    /// the empty string. Series may have been deleted meanwhile: callers check <see cref="MemSeries.Deleted"/>.
    /// </summary>
    internal static List<MemSeries> Matching(Head head, Matcher[] matchers)
    {
        var result = new List<MemSeries>();
        var refs = head.Postings.Intersect(matchers);
        if (refs is null)
        {
            head.ForEachSeries(s =>
            {
                if (MatchesAll(s.Labels, matchers)) result.Add(s);
            });
            result.Sort(static (a, b) => a.Ref.CompareTo(b.Ref));
            return result;
        }
        foreach (var r in refs)
        {
            var s = head.GetByRef(r);
            if (s is not null && MatchesAll(s.Labels, matchers)) result.Add(s);
        }
        return result;
    }

    private static bool MatchesAll(LabelSet labels, Matcher[] matchers)
    {
        foreach (var m in matchers)
        {
            if (!m.Matches(labels.Get(m.Name))) return false;
        }
        return true;
    }

    private static List<string> Sorted(HashSet<string> set)
    {
        var list = new List<string>(set);
        list.Sort(Utf8StringComparer.Instance);
        return list;
    }
}
