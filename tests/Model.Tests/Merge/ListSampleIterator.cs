using MetricsServer.Model.Metadata;
using MetricsServer.Model.Storage;

namespace MetricsServer.Model.Tests.Merge;

/// <summary>
/// An iterator over a list of samples, following the <see cref="ISampleIterator"/> contract; optionally fails with
/// <see cref="ListSeries.FailAfter"/> samples read. Records its owner so reuse across storages can be checked.
/// </summary>
internal sealed class ListSampleIterator(ListQuerier owner) : ISampleIterator
{
    private IReadOnlyList<Sample> _samples = [];
    private int _failAfter = int.MaxValue;
    private int _index = -1;

    public ListQuerier Owner { get; } = owner;

    public Exception? Error { get; private set; }

    public void Reset(IReadOnlyList<Sample> samples, int failAfter)
    {
        _samples = samples;
        _failAfter = failAfter;
        _index = -1;
        Error = null;
    }

    public ValueKind Next()
    {
        if (_index >= _samples.Count) return ValueKind.None;
        _index++;
        return Kind();
    }

    public ValueKind Seek(long timestampMs)
    {
        if (_index < 0) _index = 0;
        while (_index < _samples.Count && _index < _failAfter && _samples[_index].T < timestampMs) _index++;
        return Kind();
    }

    public (long TimestampMs, double Value) At()
    {
        var s = Current();
        return s.Histogram is null ? (s.T, s.F) : throw new InvalidOperationException("At() on a histogram sample");
    }

    public (long TimestampMs, NativeHistogram Histogram) AtHistogram()
    {
        var s = Current();
        return s.Histogram is { } h ? (s.T, h) : throw new InvalidOperationException("AtHistogram() on a float sample");
    }

    public long AtTimestamp() => Current().T;

    private Sample Current() =>
        _index >= 0 && _index < _samples.Count && Error is null ? _samples[_index] : throw new InvalidOperationException("no current sample");

    private ValueKind Kind()
    {
        if (_index >= _failAfter && _index < _samples.Count)
        {
            Error = new InvalidDataException($"corrupt chunk in {Owner.Name}");
            _index = _samples.Count;
        }
        if (_index >= _samples.Count) return ValueKind.None;
        return _samples[_index].Histogram is null ? ValueKind.Float : ValueKind.Histogram;
    }
}
