using MetricsServer.Model.Metadata;

namespace MetricsServer.Tsdb;

/// <summary>
/// The pending samples and metadata of one appender, pooled by the head so that a steady scrape allocates nothing
/// per sample. The arrays hold series references, so they are cleared before going back to the pool.
/// </summary>
internal sealed class AppendBatch
{
    private PendingSample[] _samples = new PendingSample[64];
    private int _count;

    public List<(MemSeries Series, MetricMetadata Metadata)> Metadata { get; } = [];

    public ReadOnlySpan<PendingSample> Samples => _samples.AsSpan(0, _count);

    public void Add(MemSeries series, long t, double v)
    {
        if (_count == _samples.Length) Array.Resize(ref _samples, _samples.Length * 2);
        _samples[_count++] = new PendingSample(series, t, v);
    }

    public void Clear()
    {
        Array.Clear(_samples, 0, _count);
        _count = 0;
        Metadata.Clear();
    }
}
