using MetricsServer.Model.Labels;
using MetricsServer.Model.Metadata;
using MetricsServer.Model.Storage;

namespace MetricsServer.Remote.Read;

/// <summary>Series fetched from a remote, held in memory, with the warnings of the read.</summary>
internal sealed class RemoteSeriesSet(List<ISeries> series, IReadOnlyList<string> warnings) : ISeriesSet
{
    private int _index = -1;

    public static RemoteSeriesSet Warning(string warning) => new([], [warning]);

    public bool MoveNext() => ++_index < series.Count;

    public ISeries Current => series[_index];

    public Exception? Error => null;

    public IReadOnlyList<string> Warnings => warnings;
}

/// <summary>One remote series: labels and float samples in time order.</summary>
internal sealed class RemoteSeries(LabelSet labels, long[] timestamps, double[] values) : ISeries
{
    public LabelSet Labels => labels;

    public ISampleIterator Iterator(ISampleIterator? reuse = null) => new SampleIterator(timestamps, values);

    private sealed class SampleIterator(long[] timestamps, double[] values) : ISampleIterator
    {
        private int _i = -1;

        public ValueKind Next() => ++_i < timestamps.Length ? ValueKind.Float : ValueKind.None;

        public ValueKind Seek(long timestampMs)
        {
            if (_i < 0) _i = 0;
            while (_i < timestamps.Length && timestamps[_i] < timestampMs) _i++;
            return _i < timestamps.Length ? ValueKind.Float : ValueKind.None;
        }

        public (long TimestampMs, double Value) At() => (timestamps[_i], values[_i]);

        public (long TimestampMs, NativeHistogram Histogram) AtHistogram() => throw new InvalidOperationException("remote read series hold float samples");

        public long AtTimestamp() => timestamps[_i];

        public Exception? Error => null;
    }
}
