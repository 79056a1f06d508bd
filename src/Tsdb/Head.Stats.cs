using System.Text;
using MetricsServer.Model.Labels;

namespace MetricsServer.Tsdb;

public sealed partial class Head
{
    /// <summary>
    /// The head's statistics, with the top <paramref name="limit"/> entries of each cardinality ranking, computed from
    /// the postings index in one pass. <paramref name="rankedLabel"/> is the label whose values are ranked by series
    /// count (Prometheus ranks <c>__name__</c>). Read-only; costs a walk of every label pair, so it is for the status
    /// page, not for a hot path.
    /// </summary>
    public HeadStatistics Statistics(int limit, string rankedLabel = LabelNames.MetricName)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentNullException.ThrowIfNull(rankedLabel);
        var byMetric = new TopN(limit);
        var pairs = new TopN(limit);
        var valueCounts = new Dictionary<string, (ulong Values, ulong Bytes)>(StringComparer.Ordinal);
        long numPairs = 0;
        _postings.ForEachPair((name, value, series) =>
        {
            numPairs++;
            var count = (ulong)series;
            if (string.Equals(name, rankedLabel, StringComparison.Ordinal)) byMetric.Offer(value, count);
            // The pair's name is built only when it would enter the ranking: most pairs do not.
            if (pairs.Admits(count)) pairs.Offer(name + "=" + value, count);
            valueCounts.TryGetValue(name, out var totals);
            valueCounts[name] = (totals.Values + 1, totals.Bytes + (ulong)Encoding.UTF8.GetByteCount(value) * count);
        });
        var values = new TopN(limit);
        var bytes = new TopN(limit);
        foreach (var (name, totals) in valueCounts)
        {
            values.Offer(name, totals.Values);
            bytes.Offer(name, totals.Bytes);
        }
        return new HeadStatistics
        {
            NumSeries = NumSeries,
            NumLabelPairs = numPairs,
            ChunkCount = (long)Metrics.Chunks.Value,
            MinTime = MinTime,
            MaxTime = MaxTime,
            SeriesCountByMetricName = byMetric.Ranked(),
            LabelValueCountByLabelName = values.Ranked(),
            MemoryInBytesByLabelName = bytes.Ranked(),
            SeriesCountByLabelValuePair = pairs.Ranked(),
        };
    }

    /// <summary>The <c>limit</c> highest counts offered, kept in a min-heap so that each offer costs O(log limit).</summary>
    private sealed class TopN(int limit)
    {
        private readonly PriorityQueue<CardinalityStat, CardinalityStat> _heap = new(Comparer<CardinalityStat>.Create(Lowest));

        /// <summary>Whether an entry with this count could enter (ties may enter by name).</summary>
        public bool Admits(ulong count) => _heap.Count < limit || count >= _heap.Peek().Count;

        public void Offer(string name, ulong count)
        {
            var stat = new CardinalityStat(name, count);
            if (_heap.Count < limit) _heap.Enqueue(stat, stat);
            else if (Lowest(stat, _heap.Peek()) > 0) _heap.EnqueueDequeue(stat, stat);
        }

        public List<CardinalityStat> Ranked()
        {
            var result = new List<CardinalityStat>(_heap.Count);
            foreach (var (stat, _) in _heap.UnorderedItems) result.Add(stat);
            result.Sort((a, b) => Lowest(b, a));
            return result;
        }

        /// <summary>Orders the worst entry first: lower count, then (for a stable ranking) the later name.</summary>
        private static int Lowest(CardinalityStat a, CardinalityStat b)
        {
            var byCount = a.Count.CompareTo(b.Count);
            return byCount != 0 ? byCount : string.CompareOrdinal(b.Name, a.Name);
        }
    }
}
