using MetricsServer.Model.Labels;
using MetricsServer.Model.Storage;

namespace MetricsServer.Model.Tests.Merge;

/// <summary>
/// An in-memory <see cref="IQuerier"/> over a fixed list of series that keeps the contract: sorted output when asked,
/// and otherwise the reverse of sorted order so that a caller relying on unrequested order is caught. It records what
/// it was asked and counts the iterators it created.
/// </summary>
internal sealed class ListQuerier(string name) : IQuerier
{
    private readonly List<ListSeries> _series = [];

    public string Name => name;

    public List<string> Warnings { get; } = [];

    /// <summary>When set, the series set stops with this error after <see cref="ErrorAfterSeries"/> series.</summary>
    public Exception? SetError { get; set; }

    public int ErrorAfterSeries { get; set; }

    public List<(bool Sorted, SelectHints? Hints)> Selects { get; } = [];

    public int IteratorsCreated { get; private set; }

    /// <summary>Iterators of another storage offered as reuse: a real block would read the wrong chunk file with one.</summary>
    public int ForeignIteratorsOffered { get; set; }

    public int DisposeCount { get; private set; }

    public bool ThrowOnDispose { get; set; }

    /// <summary>When set, returned by <see cref="LabelValues"/> as is, to model a storage with another sort order.</summary>
    public IReadOnlyList<string>? RawLabelValues { get; set; }

    public ListQuerier Add(LabelSet labels, params Sample[] samples) => AddFailing(labels, int.MaxValue, samples);

    public ListQuerier AddFailing(LabelSet labels, int failAfter, params Sample[] samples)
    {
        _series.Add(new ListSeries(this, labels, samples, failAfter));
        return this;
    }

    public ListQuerier Add(string labels, params long[] timestamps)
    {
        var samples = new Sample[timestamps.Length];
        for (var i = 0; i < samples.Length; i++) samples[i] = new Sample(timestamps[i], timestamps[i]);
        return Add(Parse(labels), samples);
    }

    /// <summary><c>"a=1,b=2"</c> as a label set.</summary>
    public static LabelSet Parse(string labels)
    {
        var pairs = new List<string>();
        foreach (var pair in labels.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            pairs.Add(pair[..eq]);
            pairs.Add(pair[(eq + 1)..]);
        }
        return LabelSet.FromStrings([.. pairs]);
    }

    internal ListSampleIterator NewIterator()
    {
        IteratorsCreated++;
        return new ListSampleIterator(this);
    }

    public ISeriesSet Select(bool sortSeries, SelectHints? hints, params Matcher[] matchers)
    {
        Selects.Add((sortSeries, hints));
        var selected = _series.FindAll(s => Matches(s.Labels, matchers));
        selected.Sort((a, b) => LabelSetComparer.Instance.Compare(a.Labels, b.Labels));
        if (!sortSeries) selected.Reverse();
        return new Set(selected, Warnings, SetError, ErrorAfterSeries);
    }

    public IReadOnlyList<string> LabelValues(string name, params Matcher[] matchers)
    {
        if (RawLabelValues is not null) return RawLabelValues;
        var values = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var s in _series)
        {
            if (Matches(s.Labels, matchers) && s.Labels.Has(name)) values.Add(s.Labels.Get(name));
        }
        return [.. values];
    }

    public IReadOnlyList<string> LabelNames(params Matcher[] matchers)
    {
        var names = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var s in _series)
        {
            if (!Matches(s.Labels, matchers)) continue;
            foreach (var l in s.Labels) names.Add(l.Name);
        }
        return [.. names];
    }

    public void Dispose()
    {
        DisposeCount++;
        if (ThrowOnDispose) throw new InvalidOperationException($"{name} failed to close");
    }

    private static bool Matches(LabelSet labels, Matcher[] matchers)
    {
        foreach (var m in matchers)
        {
            if (!m.Matches(labels.Get(m.Name))) return false;
        }
        return true;
    }

    private sealed class Set(List<ListSeries> series, List<string> warnings, Exception? error, int errorAfter) : ISeriesSet
    {
        private int _index = -1;

        public ISeries Current => _index >= 0 && _index < series.Count ? series[_index] : throw new InvalidOperationException("no current series");

        public Exception? Error { get; private set; }

        public IReadOnlyList<string> Warnings => warnings;

        public bool MoveNext()
        {
            if (_index >= series.Count) return false;
            _index++;
            if (error is not null && _index >= errorAfter)
            {
                Error = error;
                _index = series.Count;
            }
            return _index < series.Count;
        }
    }
}
