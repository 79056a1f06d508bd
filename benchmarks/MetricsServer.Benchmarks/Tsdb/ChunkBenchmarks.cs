using System.Globalization;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using MetricsServer.Model.Storage;
using MetricsServer.Tsdb.Chunks;

namespace MetricsServer.Benchmarks.Tsdb;

/// <summary>
/// XOR chunk encode and decode on 1000 chunks of 120 samples (as the head cuts them), each a different series of one
/// <see cref="ChunkDataKind"/> (see <see cref="ChunkSamples"/>), scraped on schedule (<c>JitterMs</c> 0) or up to ±3 ms
/// off it. Figures are per sample (OperationsPerInvoke); the
/// <c>B/sample</c> column is the encoded chunk bytes (2-byte header included, chunk-file framing not) per sample.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(BytesPerSampleConfig))]
public class ChunkBenchmarks
{
    private const int Chunks = 1000;
    private const int SamplesPerChunk = 120;
    private const int Samples = Chunks * SamplesPerChunk;

    private (long TimestampMs, double Value)[] _samples = null!;
    private byte[][] _encoded = null!;
    private readonly XorChunkIterator _iterator = new();

    [Params(ChunkDataKind.Counter, ChunkDataKind.MemoryGauge, ChunkDataKind.CpuRatioGauge, ChunkDataKind.Constant)]
    public ChunkDataKind Kind { get; set; }

    /// <summary>How far scrape timestamps stray from the 15 s schedule, ± ms.</summary>
    [Params(0, 3)]
    public int JitterMs { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _samples = ChunkSamples.Generate(Kind, JitterMs, Chunks, SamplesPerChunk);
        _encoded = EncodeAll(_samples);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"// ChunkBenchmarks {Kind} jitter {JitterMs} ms: {BytesPerSample(Kind, JitterMs):F3} bytes/sample"));
    }

    /// <summary>
    /// Appends each chunk's samples into a buffer sized after that series' previous chunk, as the head does, and
    /// seals it into an exact-length array.
    /// </summary>
    [Benchmark(OperationsPerInvoke = Samples)]
    public int Encode()
    {
        var samples = _samples;
        var encoded = _encoded;
        var bytes = 0;
        for (var c = 0; c < Chunks; c++)
        {
            var hint = encoded[c].Length;
            var appender = new XorChunkAppender(hint + (hint >> 3) + 8);
            foreach (var (t, v) in samples.AsSpan(c * SamplesPerChunk, SamplesPerChunk)) appender.Append(t, v);
            bytes += appender.ToArray().Length;
        }
        return bytes;
    }

    [Benchmark(OperationsPerInvoke = Samples)]
    public double Decode()
    {
        var iterator = _iterator;
        var sum = 0.0;
        foreach (var chunk in _encoded)
        {
            iterator.Reset(chunk, chunk.Length, SamplesPerChunk);
            while (iterator.Next() == ValueKind.Float) sum += iterator.At().Value;
        }
        return sum;
    }

    /// <summary>Encoded bytes per sample of the case's data; deterministic, so the column can recompute it.</summary>
    public static double BytesPerSample(ChunkDataKind kind, int jitterMs)
    {
        long bytes = 0;
        foreach (var chunk in EncodeAll(ChunkSamples.Generate(kind, jitterMs, Chunks, SamplesPerChunk))) bytes += chunk.Length;
        return bytes / (double)Samples;
    }

    private static byte[][] EncodeAll((long TimestampMs, double Value)[] samples)
    {
        var chunks = new byte[Chunks][];
        for (var c = 0; c < Chunks; c++)
        {
            chunks[c] = XorChunk.Encode(samples.AsSpan(c * SamplesPerChunk, SamplesPerChunk)).Bytes.ToArray();
        }
        return chunks;
    }

    private sealed class BytesPerSampleConfig : ManualConfig
    {
        public BytesPerSampleConfig() => AddColumn(new BytesPerSampleColumn());
    }

    /// <summary>The <c>B/sample</c> column: the encoded size of the case's data, independent of timing.</summary>
    private sealed class BytesPerSampleColumn : IColumn
    {
        public string Id => nameof(BytesPerSampleColumn);
        public string ColumnName => "B/sample";
        public bool AlwaysShow => true;
        public ColumnCategory Category => ColumnCategory.Custom;
        public int PriorityInCategory => 0;
        public bool IsNumeric => true;
        public UnitType UnitType => UnitType.Dimensionless;
        public string Legend => "Encoded XOR chunk bytes per sample (2-byte header included)";

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) =>
            benchmarkCase.Parameters[nameof(Kind)] is ChunkDataKind kind && benchmarkCase.Parameters[nameof(JitterMs)] is int jitterMs
                ? BytesPerSample(kind, jitterMs).ToString("F3", CultureInfo.InvariantCulture)
                : "-";

        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

        public bool IsAvailable(Summary summary) => true;
    }
}
