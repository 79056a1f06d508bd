using System.Globalization;
using BenchmarkDotNet.Attributes;
using MetricsServer.Model.Labels;
using MetricsServer.Tsdb.Blocks;
using MetricsServer.Tsdb.Chunks;

namespace MetricsServer.Benchmarks.Tsdb;

/// <summary>
/// Writing a 2h block of 100k series × 120 samples (one XOR chunk each, 15 s scrapes with jitter; half counters,
/// half gauges), chunks encoded beforehand as the head would hand them over. Bytes on disk per sample are printed
/// from the setup; time is per block.
/// </summary>
[MemoryDiagnoser]
[InvocationCount(1)]
public class BlockWriterBenchmarks
{
    private const int SeriesCount = 100_000;
    private const int SamplesPerSeries = 120;
    private List<BlockSeries> _series = null!;
    private string _root = null!;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        _series = new List<BlockSeries>(SeriesCount);
        var samples = new (long, double)[SamplesPerSeries];
        for (var i = 0; i < SeriesCount; i++)
        {
            var counter = i % 2 == 0;
            var labels = LabelSet.FromStrings(
                "__name__", counter ? "http_requests_total" : "process_resident_memory_bytes",
                "job", "api",
                "instance", "10.0." + (i / 250 % 250).ToString(CultureInfo.InvariantCulture) + "." + (i % 250).ToString(CultureInfo.InvariantCulture) + ":9100",
                "path", "/p" + (i / 1000).ToString(CultureInfo.InvariantCulture),
                "id", i.ToString(CultureInfo.InvariantCulture));
            long t = 1_700_000_000_000 + random.Next(15_000);
            double v = counter ? random.Next(1000) : 2e8;
            for (var s = 0; s < SamplesPerSeries; s++)
            {
                t += 15_000 + random.Next(-2, 3);
                v = counter ? v + random.Next(0, 20) : Math.Round(v + (random.NextDouble() - 0.5) * 1e6);
                samples[s] = (t, v);
            }
            _series.Add(new BlockSeries(labels, [new BlockChunk(samples[0].Item1, samples[^1].Item1, XorChunk.Encode(samples))]));
        }
        _root = Path.Combine(Path.GetTempPath(), "ms-block-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_root);

        var meta = new BlockWriter(TimeProvider.System).Write(_root, _series);
        var dir = Path.Combine(_root, meta.Ulid.ToString());
        long chunkBytes = 0;
        foreach (var f in Directory.GetFiles(Path.Combine(dir, "chunks"))) chunkBytes += new FileInfo(f).Length;
        var indexBytes = new FileInfo(Path.Combine(dir, "index")).Length;
        var n = (double)meta.NumSamples;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"// block: {meta.NumSamples} samples, chunks {chunkBytes} B ({chunkBytes / n:F3} B/sample), index {indexBytes} B ({indexBytes / n:F3} B/sample), total {(chunkBytes + indexBytes) / n:F3} B/sample"));
        Directory.Delete(dir, recursive: true);
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_root, recursive: true);

    [IterationCleanup]
    public void RemoveBlocks()
    {
        foreach (var d in Directory.GetDirectories(_root)) Directory.Delete(d, recursive: true);
    }

    [Benchmark]
    public BlockMeta Write100kSeries() => new BlockWriter(TimeProvider.System).Write(_root, _series);
}
