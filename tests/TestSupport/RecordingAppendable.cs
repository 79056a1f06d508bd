using MetricsServer.Model.Labels;
using MetricsServer.Model.Metadata;
using MetricsServer.Model.Storage;

namespace MetricsServer.TestSupport;

/// <summary>
/// An <see cref="IAppendable"/> that records committed samples per series, keeping the appender contract: nothing
/// is visible before <c>Commit</c>, <c>Rollback</c> discards, refs are stable per label set, and an older
/// timestamp than the series' newest committed one is <see cref="AppendResult.OutOfOrder"/>. Thread-safe.
/// </summary>
public sealed class RecordingAppendable : IAppendable
{
    private readonly Lock _lock = new();
    private readonly Dictionary<LabelSet, ulong> _refs = [];
    private readonly Dictionary<ulong, LabelSet> _labels = [];
    private readonly Dictionary<ulong, List<(long T, double V)>> _samples = [];

    public IAppender Appender() => new RecordingAppender(this);

    /// <summary>Committed batches so far.</summary>
    public int Commits { get; private set; }

    public int Rollbacks { get; private set; }

    /// <summary>Every series with at least one committed sample.</summary>
    public IReadOnlyList<LabelSet> Series
    {
        get
        {
            lock (_lock) return _samples.Keys.Select(r => _labels[r]).ToList();
        }
    }

    /// <summary>The committed samples of the series with these labels, oldest first; empty when none.</summary>
    public IReadOnlyList<(long T, double V)> Samples(LabelSet labels)
    {
        lock (_lock)
        {
            return _refs.TryGetValue(labels, out var r) && _samples.TryGetValue(r, out var s) ? [.. s] : [];
        }
    }

    /// <summary>The committed samples of the series whose labels satisfy <paramref name="match"/>.</summary>
    public IReadOnlyList<(LabelSet Labels, IReadOnlyList<(long T, double V)> Samples)> Find(Func<LabelSet, bool> match)
    {
        lock (_lock)
        {
            return _samples.Where(kv => match(_labels[kv.Key])).Select(kv => (_labels[kv.Key], (IReadOnlyList<(long, double)>)[.. kv.Value])).ToList();
        }
    }

    private sealed class RecordingAppender(RecordingAppendable owner) : IAppender
    {
        private readonly List<(ulong Ref, long T, double V)> _pending = [];
        private bool _done;

        public AppendResult Append(ref SeriesRef series, LabelSet labels, long timestampMs, double value)
        {
            if (_done) throw new InvalidOperationException("appender used after Commit or Rollback");
            lock (owner._lock)
            {
                if (series.IsNone)
                {
                    if (labels.Count == 0) return AppendResult.InvalidSeries;
                    if (!owner._refs.TryGetValue(labels, out var r))
                    {
                        r = (ulong)owner._refs.Count + 1;
                        owner._refs[labels] = r;
                        owner._labels[r] = labels;
                    }
                    series = new SeriesRef(r);
                }
                else if (!owner._labels.ContainsKey(series.Value))
                {
                    return AppendResult.InvalidSeries;
                }
                if (owner._samples.TryGetValue(series.Value, out var existing) && existing.Count > 0 && existing[^1].T > timestampMs)
                    return AppendResult.OutOfOrder;
            }
            _pending.Add((series.Value, timestampMs, value));
            return AppendResult.Ok;
        }

        public AppendResult AppendHistogram(ref SeriesRef series, LabelSet labels, long timestampMs, NativeHistogram histogram) => AppendResult.Unsupported;

        public AppendResult AppendExemplar(ref SeriesRef series, LabelSet labels, in Exemplar exemplar) => AppendResult.Ok;

        public void UpdateMetadata(ref SeriesRef series, LabelSet labels, MetricMetadata metadata)
        {
        }

        public void Commit()
        {
            if (_done) throw new InvalidOperationException("appender used after Commit or Rollback");
            _done = true;
            lock (owner._lock)
            {
                foreach (var (r, t, v) in _pending)
                {
                    if (!owner._samples.TryGetValue(r, out var list)) owner._samples[r] = list = [];
                    list.Add((t, v));
                }
                owner.Commits++;
            }
        }

        public void Rollback()
        {
            if (_done) throw new InvalidOperationException("appender used after Commit or Rollback");
            _done = true;
            lock (owner._lock) owner.Rollbacks++;
        }
    }
}
