using MetricsServer.Model.Labels;

namespace MetricsServer.Model.Storage;

/// <summary>
/// The k-way merge of sorted series sets, one per querier, in <see cref="LabelSetComparer"/> order. Inputs sit in a
/// small binary heap ordered by (current labels, querier index). A label set held by one input is passed through as
/// that input's series, unwrapped; one held by several becomes a <see cref="MergedSeries"/>. An input is advanced
/// only on the next <see cref="MoveNext"/>, so the series it handed out stays valid as its set's contract requires.
/// The first input error ends the merge and is reported as <see cref="Error"/>.
/// </summary>
internal sealed class MergeSeriesSet : ISeriesSet
{
    private readonly ISeriesSet[] _sets;
    private readonly object _owner;
    private readonly int[] _heap;
    private readonly int[] _taken;
    private int _heapSize;
    private int _takenCount;
    private bool _started;
    private ISeries? _current;
    private Exception? _error;

    /// <param name="sets">Sorted sets in querier order; index i came from querier i.</param>
    /// <param name="owner">The querier set the inputs belong to, which scopes iterator recycling.</param>
    public MergeSeriesSet(ISeriesSet[] sets, object owner)
    {
        _sets = sets;
        _owner = owner;
        _heap = new int[sets.Length];
        _taken = new int[sets.Length];
    }

    public ISeries Current => _current ?? throw new InvalidOperationException("no current series");

    public Exception? Error
    {
        get
        {
            if (_error is not null) return _error;
            foreach (var s in _sets)
            {
                if (s.Error is { } e) return e;
            }
            return null;
        }
    }

    public IReadOnlyList<string> Warnings
    {
        get
        {
            List<string>? union = null;
            foreach (var s in _sets)
            {
                foreach (var w in s.Warnings)
                {
                    union ??= [];
                    if (!union.Contains(w)) union.Add(w);
                }
            }
            return union is null ? [] : union;
        }
    }

    public bool MoveNext()
    {
        _current = null;
        if (_error is not null) return false;
        if (!_started)
        {
            _started = true;
            for (var i = 0; i < _sets.Length; i++)
            {
                if (!Advance(i)) return false;
            }
        }
        else
        {
            for (var j = 0; j < _takenCount; j++)
            {
                if (!Advance(_taken[j])) return false;
            }
        }
        _takenCount = 0;
        if (_heapSize == 0) return false;

        var first = PopTop();
        _taken[_takenCount++] = first;
        var labels = _sets[first].Current.Labels;
        while (_heapSize > 0 && LabelSetComparer.Instance.Compare(_sets[_heap[0]].Current.Labels, labels) == 0)
        {
            _taken[_takenCount++] = PopTop();
        }
        if (_takenCount == 1)
        {
            _current = _sets[first].Current;
            return true;
        }
        // The heap breaks label ties by querier index, so the sources come out in querier order.
        var sources = new (int Querier, ISeries Series)[_takenCount];
        for (var j = 0; j < _takenCount; j++) sources[j] = (_taken[j], _sets[_taken[j]].Current);
        _current = new MergedSeries(labels, sources, _owner, _sets.Length);
        return true;
    }

    /// <summary>Moves input <paramref name="i"/> on and back into the heap; false when it failed.</summary>
    private bool Advance(int i)
    {
        var set = _sets[i];
        if (set.MoveNext())
        {
            _heap[_heapSize] = i;
            SiftUp(_heapSize++);
            return true;
        }
        if (set.Error is null) return true;
        _error = set.Error;
        _heapSize = 0;
        _takenCount = 0;
        return false;
    }

    private int PopTop()
    {
        var top = _heap[0];
        _heap[0] = _heap[--_heapSize];
        SiftDown(0);
        return top;
    }

    private void SiftUp(int j) => IndexHeap.SiftUp(_heap, j, new ByLabels(_sets));

    private void SiftDown(int j) => IndexHeap.SiftDown(_heap, _heapSize, j, new ByLabels(_sets));

    /// <summary>Label-set order; on a tie the earlier input first.</summary>
    private readonly struct ByLabels(ISeriesSet[] sets) : IIndexOrder
    {
        public bool Less(int a, int b)
        {
            var c = LabelSetComparer.Instance.Compare(sets[a].Current.Labels, sets[b].Current.Labels);
            return c < 0 || (c == 0 && a < b);
        }
    }
}
