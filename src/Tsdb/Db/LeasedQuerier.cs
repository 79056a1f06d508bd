using MetricsServer.Model.Labels;
using MetricsServer.Model.Storage;

namespace MetricsServer.Tsdb;

/// <summary>A querier that gives back the blocks it read when disposed.</summary>
internal sealed class LeasedQuerier(IQuerier inner, List<BlockHandle> leases) : IQuerier
{
    private bool _disposed;

    public ISeriesSet Select(bool sortSeries, SelectHints? hints, params Matcher[] matchers) => inner.Select(sortSeries, hints, matchers);

    public IReadOnlyList<string> LabelValues(string name, params Matcher[] matchers) => inner.LabelValues(name, matchers);

    public IReadOnlyList<string> LabelNames(params Matcher[] matchers) => inner.LabelNames(matchers);

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        inner.Dispose();
        foreach (var block in leases) block.Release();
    }
}
