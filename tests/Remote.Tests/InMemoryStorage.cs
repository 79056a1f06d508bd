using MetricsServer.Model.Labels;
using MetricsServer.Model.Metadata;
using MetricsServer.Model.Storage;

namespace MetricsServer.Remote.Tests;

/// <summary>A queryable holding fixed series, honouring the querier contract: time range clamped, all matchers applied, sorting on request.</summary>
internal sealed class InMemoryStorage(params (LabelSet Labels, (long T, double V)[] Samples)[] series) : IQueryableStorage
{
    public int QueriersOpen { get; private set; }

    private (LabelSet Labels, (long T, double V)[] Samples)[] All => series;

    public IQuerier Querier(long minTimeMs, long maxTimeMs)
    {
        QueriersOpen++;
        return new MemoryQuerier(this, minTimeMs, maxTimeMs);
    }

    private sealed class MemoryQuerier(InMemoryStorage owner, long min, long max) : IQuerier
    {
        public ISeriesSet Select(bool sortSeries, SelectHints? hints, params Matcher[] matchers)
        {
            var selected = owner.All.Where(s => matchers.All(m => m.Matches(s.Labels.Get(m.Name))))
                .Select(s => (s.Labels, s.Samples.Where(x => x.T >= min && x.T <= max).ToArray()))
                .Where(s => s.Item2.Length > 0).ToList();
            if (sortSeries) selected.Sort((a, b) => string.CompareOrdinal(a.Labels.ToString(), b.Labels.ToString()));
            return new ListSet([.. selected.Select(s => new MemorySeries(s.Labels, s.Item2))]);
        }

        public IReadOnlyList<string> LabelValues(string name, params Matcher[] matchers) => [];

        public IReadOnlyList<string> LabelNames(params Matcher[] matchers) => [];

        public void Dispose() => owner.QueriersOpen--;
    }

    private sealed class ListSet(List<ISeries> items) : ISeriesSet
    {
        private int _i = -1;

        public bool MoveNext() => ++_i < items.Count;

        public ISeries Current => items[_i];

        public Exception? Error => null;

        public IReadOnlyList<string> Warnings => [];
    }

    private sealed class MemorySeries(LabelSet labels, (long T, double V)[] samples) : ISeries
    {
        public LabelSet Labels => labels;

        public ISampleIterator Iterator(ISampleIterator? reuse = null) => new Iter(samples);
    }

    private sealed class Iter((long T, double V)[] samples) : ISampleIterator
    {
        private int _i = -1;

        public ValueKind Next() => ++_i < samples.Length ? ValueKind.Float : ValueKind.None;

        public ValueKind Seek(long timestampMs)
        {
            if (_i < 0) _i = 0;
            while (_i < samples.Length && samples[_i].T < timestampMs) _i++;
            return _i < samples.Length ? ValueKind.Float : ValueKind.None;
        }

        public (long TimestampMs, double Value) At() => samples[_i];

        public (long TimestampMs, NativeHistogram Histogram) AtHistogram() => throw new InvalidOperationException("float series");

        public long AtTimestamp() => samples[_i].T;

        public Exception? Error => null;
    }
}
