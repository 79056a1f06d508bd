using MetricsServer.Model.Storage;

namespace MetricsServer.Tsdb;

/// <summary>A series set over an already materialised list.</summary>
internal sealed class ListSeriesSet(IReadOnlyList<ISeries> series) : ISeriesSet
{
    public static readonly ListSeriesSet Empty = new([]);

    private int _index = -1;

    public ISeries Current => _index >= 0 && _index < series.Count ? series[_index] : throw new InvalidOperationException("no current series");

    public Exception? Error => null;

    public IReadOnlyList<string> Warnings => [];

    public bool MoveNext()
    {
        if (_index >= series.Count) return false;
        _index++;
        return _index < series.Count;
    }
}
