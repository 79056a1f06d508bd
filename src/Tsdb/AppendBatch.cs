using System.Buffers;
using MetricsServer.Model.Metadata;
using MetricsServer.Tsdb.Wal;

namespace MetricsServer.Tsdb;

/// <summary>
/// The pending samples and metadata of one appender, pooled by the head so that a steady scrape allocates nothing
/// per sample. The arrays hold series references, so they are cleared before going back to the pool.
/// </summary>
internal sealed class AppendBatch
{
    // A pooled batch keeps its WAL buffers; one that grew past this for a huge commit lets them go.
    private const int MaxKeptRecordBytes = 1 << 20;

    private PendingSample[] _samples = new PendingSample[64];
    private int _count;
    private RefSample[] _refSamples = [];
    private ArrayBufferWriter<byte> _record = new(4096);

    public List<(MemSeries Series, MetricMetadata Metadata)> Metadata { get; } = [];

    /// <summary>Series this batch created, to be logged to the WAL on commit or rollback.</summary>
    public List<MemSeries> NewSeries { get; } = [];

    public ReadOnlySpan<PendingSample> Samples => _samples.AsSpan(0, _count);

    /// <summary>The buffer WAL records are encoded into, empty.</summary>
    public ArrayBufferWriter<byte> Record
    {
        get
        {
            _record.ResetWrittenCount();
            return _record;
        }
    }

    /// <summary>A scratch array of at least <paramref name="length"/> WAL samples.</summary>
    public RefSample[] RefSamples(int length)
    {
        if (_refSamples.Length < length) _refSamples = new RefSample[Math.Max(length, _refSamples.Length * 2)];
        return _refSamples;
    }

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
        NewSeries.Clear();
        if (_record.Capacity > MaxKeptRecordBytes) _record = new ArrayBufferWriter<byte>(4096);
        if (_refSamples.Length > MaxKeptRecordBytes / 24) _refSamples = [];
    }
}
