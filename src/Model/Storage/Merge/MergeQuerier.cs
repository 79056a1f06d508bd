using MetricsServer.Model.Labels;

namespace MetricsServer.Model.Storage;

/// <summary>
/// One querier over several storages (the head and persistent blocks; remote read later), as Prometheus's merge
/// querier with its chained series merge. <see cref="Select"/> returns series in <see cref="LabelSetComparer"/> order
/// whatever <c>sortSeries</c> says; a label set present in several storages is one series whose samples are merged
/// in time order, keeping one sample per timestamp: the one from the earliest querier in the list. Label names and
/// values are sorted unions. Not thread-safe, as <see cref="IQuerier"/> says.
/// </summary>
/// <remarks>
/// The merge owns its queriers and disposes them. With exactly one querier every call goes straight to it (and
/// <see cref="Create"/> returns that querier itself), so the common single-storage case costs nothing.
/// </remarks>
public sealed class MergeQuerier : IQuerier
{
    private readonly IQuerier[] _queriers;
    private bool _disposed;

    /// <summary>Merges <paramref name="queriers"/>, taking ownership of them. Their order decides which sample wins a shared timestamp.</summary>
    public MergeQuerier(IReadOnlyList<IQuerier> queriers)
    {
        ArgumentNullException.ThrowIfNull(queriers);
        _queriers = new IQuerier[queriers.Count];
        for (var i = 0; i < _queriers.Length; i++)
        {
            _queriers[i] = queriers[i] ?? throw new ArgumentException("a querier is null", nameof(queriers));
        }
    }

    /// <summary>The one querier itself when there is one, else a <see cref="MergeQuerier"/> owning them all.</summary>
    public static IQuerier Create(IReadOnlyList<IQuerier> queriers)
    {
        ArgumentNullException.ThrowIfNull(queriers);
        return queriers.Count == 1 && queriers[0] is { } only ? only : new MergeQuerier(queriers);
    }

    public ISeriesSet Select(bool sortSeries, SelectHints? hints, params Matcher[] matchers)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentNullException.ThrowIfNull(matchers);
        switch (_queriers.Length)
        {
            case 0: return EmptySeriesSet.Instance;
            case 1: return _queriers[0].Select(sortSeries, hints, matchers);
        }
        // Merging needs every input in label order, so each is asked for sorted series whatever the caller wants.
        var sets = new ISeriesSet[_queriers.Length];
        for (var i = 0; i < sets.Length; i++) sets[i] = _queriers[i].Select(true, hints, matchers);
        return new MergeSeriesSet(sets, this);
    }

    public IReadOnlyList<string> LabelValues(string name, params Matcher[] matchers)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentNullException.ThrowIfNull(matchers);
        if (_queriers.Length == 1) return _queriers[0].LabelValues(name, matchers);
        var lists = new IReadOnlyList<string>[_queriers.Length];
        for (var i = 0; i < lists.Length; i++) lists[i] = _queriers[i].LabelValues(name, matchers);
        return SortedStringUnion.Of(lists);
    }

    public IReadOnlyList<string> LabelNames(params Matcher[] matchers)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentNullException.ThrowIfNull(matchers);
        if (_queriers.Length == 1) return _queriers[0].LabelNames(matchers);
        var lists = new IReadOnlyList<string>[_queriers.Length];
        for (var i = 0; i < lists.Length; i++) lists[i] = _queriers[i].LabelNames(matchers);
        return SortedStringUnion.Of(lists);
    }

    /// <summary>Disposes every querier, even when one throws; afterwards one failure is rethrown as it was, several as an <see cref="AggregateException"/>.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        List<Exception>? failures = null;
        foreach (var q in _queriers)
        {
            try
            {
                q.Dispose();
            }
            catch (Exception e)
            {
                (failures ??= []).Add(e);
            }
        }
        if (failures is { Count: 1 }) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failures[0]);
        if (failures is not null) throw new AggregateException("disposing the merged queriers failed", failures);
    }
}
