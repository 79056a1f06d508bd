using System.Globalization;
using BenchmarkDotNet.Attributes;
using MetricsServer.Model.Labels;
using MetricsServer.Model.Storage;
using MetricsServer.Tsdb;
using MetricsServer.Tsdb.HeadChunks;
using Prometheus;

namespace MetricsServer.Benchmarks.Tsdb;

/// <summary>
/// Bytes of managed heap per active series after 100k series × 120 samples (one full chunk each), measured with
/// <see cref="GC.GetTotalMemory(bool)"/> around building the head. The figure is printed by the global setup; the
/// benchmark itself times a full select over one metric name. With <see cref="ChunkFiles"/> the head seals chunks
/// into <c>chunks_head/</c> files as the server's does, and only the open chunk per series stays on the heap.
/// </summary>
[MemoryDiagnoser]
public class HeadFootprint
{
    private const int SeriesCount = 100_000;
    private const int SamplesPerSeries = 120;
    private Head _head = null!;
    private HeadChunkDiskMapper? _disk;
    private string? _dir;

    [Params(false, true)]
    public bool ChunkFiles { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        // Measured from before the labels exist: the head keeps (interned copies of) them, the caller's sets are dropped.
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var labels = new LabelSet[SeriesCount];
        for (var i = 0; i < SeriesCount; i++)
        {
            labels[i] = LabelSet.FromStrings(
                "__name__", "http_requests_total",
                "job", "api",
                "instance", "10.0.0." + (i % 250).ToString(CultureInfo.InvariantCulture) + ":9100",
                "path", "/p" + (i / 250).ToString(CultureInfo.InvariantCulture));
        }
        if (ChunkFiles)
        {
            _dir = Path.Combine(Path.GetTempPath(), "footprint-" + Guid.NewGuid().ToString("N"));
            _disk = HeadChunkDiskMapper.Open(_dir);
        }
        _head = Build(labels, _disk);
        labels = null!;
        var after = GC.GetTotalMemory(forceFullCollection: true);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"// HeadFootprint (chunk files: {ChunkFiles}): {(after - before) / (double)SeriesCount:F0} bytes per series ({SeriesCount} series x {SamplesPerSeries} samples, labels included)"));
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _disk?.Dispose();
        if (_dir is not null) Directory.Delete(_dir, recursive: true);
    }

    private static Head Build(LabelSet[] labels, HeadChunkDiskMapper? disk)
    {
        var head = new Head(HeadOptions.Default, new HeadMetrics(Metrics.NewCustomRegistry()));
        if (disk is not null) head.AttachChunkDisk(disk);
        var refs = new SeriesRef[labels.Length];
        var random = new Random(42);
        var values = new double[labels.Length];
        for (var s = 0; s < SamplesPerSeries; s++)
        {
            var app = head.Appender();
            for (var i = 0; i < labels.Length; i++)
            {
                // Counters with realistic increments and a little scrape jitter.
                values[i] += random.Next(0, 50);
                app.Append(ref refs[i], labels[i], s * 15_000L + random.Next(0, 3), values[i]);
            }
            app.Commit();
        }
        return head;
    }

    [Benchmark]
    public int SelectOnePath()
    {
        using var q = _head.Querier(0, long.MaxValue);
        var set = q.Select(false, null, Matcher.Equal("path", "/p7"));
        var n = 0;
        ISampleIterator? it = null;
        while (set.MoveNext())
        {
            it = set.Current.Iterator(it);
            while (it.Next() == ValueKind.Float) n++;
        }
        return n;
    }
}
