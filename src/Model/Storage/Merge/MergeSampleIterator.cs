using MetricsServer.Model.Metadata;

namespace MetricsServer.Model.Storage;

/// <summary>
/// The samples of one series held by several storages, in timestamp order (Prometheus's chain merge). Inputs are kept
/// in a small binary heap ordered by (timestamp, input order); where inputs share a timestamp exactly one sample is
/// kept, the one from the input that comes first in querier order, and the others are skipped. (Prometheus keeps an
/// arbitrary one; for replicated data they are identical, and a fixed rule makes results repeatable.)
/// Not thread-safe. Reusable through <see cref="Reset"/>: the input iterators of the previous series are handed back
/// to the storage they came from (by querier index) so a query over many series allocates no iterator per series.
/// </summary>
internal sealed class MergeSampleIterator : ISampleIterator
{
    // The querier set that the recycled inputs in _byQuerier belong to: an input iterator is only offered back to
    // the querier that produced it, because an iterator of one block must not read another block's chunks.
    private object? _owner;
    private ISampleIterator?[] _byQuerier = [];

    private ISampleIterator[] _inputs = [];
    private long[] _timestamps = [];
    private ValueKind[] _kinds = [];
    private int[] _heap = [];
    private int _count;
    private int _heapSize;
    private bool _started;

    public Exception? Error { get; private set; }

    /// <summary>
    /// Starts over on <paramref name="sources"/> (in ascending querier index, at most one per querier) of a series
    /// selected through <paramref name="owner"/>, which has <paramref name="querierCount"/> queriers.
    /// </summary>
    public void Reset(object owner, int querierCount, (int Querier, ISeries Series)[] sources)
    {
        if (!ReferenceEquals(owner, _owner) || _byQuerier.Length != querierCount)
        {
            _owner = owner;
            _byQuerier = new ISampleIterator?[querierCount];
        }
        var n = sources.Length;
        if (_inputs.Length < n)
        {
            _inputs = new ISampleIterator[n];
            _timestamps = new long[n];
            _kinds = new ValueKind[n];
            _heap = new int[n];
        }
        for (var i = 0; i < n; i++)
        {
            var (q, series) = sources[i];
            var input = series.Iterator(_byQuerier[q]);
            _byQuerier[q] = input;
            _inputs[i] = input;
        }
        _count = n;
        _heapSize = 0;
        _started = false;
        Error = null;
    }

    public ValueKind Next()
    {
        if (!_started) return Start(seek: false, 0);
        if (_heapSize == 0) return ValueKind.None;
        var returned = _timestamps[_heap[0]];
        if (!AdvanceTop()) return ValueKind.None;
        // Inputs that hold a sample at the timestamp just returned lost the tie to it: skip their copies.
        while (_heapSize > 0 && _timestamps[_heap[0]] == returned)
        {
            if (!AdvanceTop()) return ValueKind.None;
        }
        return CurrentKind();
    }

    public ValueKind Seek(long timestampMs)
    {
        if (!_started) return Start(seek: true, timestampMs);
        if (_heapSize == 0) return ValueKind.None;
        var top = _heap[0];
        if (_timestamps[top] >= timestampMs) return _kinds[top];
        var kept = 0;
        for (var j = 0; j < _heapSize; j++)
        {
            var i = _heap[j];
            if (_timestamps[i] < timestampMs && !Load(i, _inputs[i].Seek(timestampMs)))
            {
                if (Error is not null) return Fail();
                continue;
            }
            _heap[kept++] = i;
        }
        _heapSize = kept;
        for (var j = kept / 2 - 1; j >= 0; j--) SiftDown(j);
        return CurrentKind();
    }

    public (long TimestampMs, double Value) At() => _inputs[CurrentInput()].At();

    public (long TimestampMs, NativeHistogram Histogram) AtHistogram() => _inputs[CurrentInput()].AtHistogram();

    public long AtTimestamp() => _timestamps[CurrentInput()];

    private int CurrentInput() =>
        _heapSize > 0 ? _heap[0] : throw new InvalidOperationException("the iterator is not positioned on a sample");

    private ValueKind CurrentKind() => _heapSize > 0 ? _kinds[_heap[0]] : ValueKind.None;

    private ValueKind Start(bool seek, long timestampMs)
    {
        _started = true;
        for (var i = 0; i < _count; i++)
        {
            var input = _inputs[i];
            if (Load(i, seek ? input.Seek(timestampMs) : input.Next()))
            {
                _heap[_heapSize] = i;
                SiftUp(_heapSize++);
            }
            else if (Error is not null)
            {
                return Fail();
            }
        }
        return CurrentKind();
    }

    /// <summary>Records where input <paramref name="i"/> now stands; false when it is exhausted (Error set if it failed).</summary>
    private bool Load(int i, ValueKind kind)
    {
        if (kind == ValueKind.None)
        {
            if (_inputs[i].Error is { } e) Error = e;
            return false;
        }
        _kinds[i] = kind;
        _timestamps[i] = _inputs[i].AtTimestamp();
        return true;
    }

    /// <summary>Moves the current input to its next sample and restores heap order; false when an input failed.</summary>
    private bool AdvanceTop()
    {
        var i = _heap[0];
        if (Load(i, _inputs[i].Next()))
        {
            SiftDown(0);
            return true;
        }
        if (Error is not null)
        {
            Fail();
            return false;
        }
        _heap[0] = _heap[--_heapSize];
        if (_heapSize > 1) SiftDown(0);
        return true;
    }

    /// <summary>A failed input ends the merged iteration: data after it would be silently incomplete.</summary>
    private ValueKind Fail()
    {
        _heapSize = 0;
        return ValueKind.None;
    }

    private void SiftUp(int j) => IndexHeap.SiftUp(_heap, j, new ByTimestamp(_timestamps));

    private void SiftDown(int j) => IndexHeap.SiftDown(_heap, _heapSize, j, new ByTimestamp(_timestamps));

    /// <summary>Earliest timestamp first; on a tie the earlier input, whose sample wins.</summary>
    private readonly struct ByTimestamp(long[] timestamps) : IIndexOrder
    {
        public bool Less(int a, int b) => timestamps[a] < timestamps[b] || (timestamps[a] == timestamps[b] && a < b);
    }
}
