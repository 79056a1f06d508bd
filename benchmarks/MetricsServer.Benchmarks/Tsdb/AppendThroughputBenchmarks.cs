using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using MetricsServer.Model.Labels;
using MetricsServer.Model.Storage;
using MetricsServer.Tsdb;
using Microsoft.Extensions.Logging.Abstractions;
using Prometheus;

namespace MetricsServer.Benchmarks.Tsdb;

/// <summary>
/// Ingest throughput on one thread through the public <see cref="IAppendable"/> / <see cref="IAppender"/> seam: 100k
/// known series (100 targets of <see cref="TargetSeries"/>), one sample each per round, appended by cached ref and
/// committed in batches of a scrape's size. Figures are per sample (OperationsPerInvoke); <c>Op/s</c> is samples/s.
/// </summary>
/// <remarks>
/// <c>Storage=Head</c> is the in-memory head alone; <c>Storage=Db</c> is the database in a temporary directory, whose
/// commit also writes the batch to the WAL (snappy, flushed to the file, not fsynced: as Prometheus). Whatever commit
/// does is inside the figure, because the benchmark only sees the seam; <see cref="CreateStorage"/> is the one place
/// that builds the storage.
/// </remarks>
[MemoryDiagnoser]
[Config(typeof(SamplesPerSecondConfig))]
public class AppendThroughputBenchmarks
{
    private const int SeriesCount = 100_000;
    private IAppendable _storage = null!;
    private SeriesRef[] _refs = null!;
    private double[] _values = null!;
    private double[] _increments = null!;
    private string _dir = null!;
    private long _t;

    /// <summary>Samples per commit: one target's scrape.</summary>
    [Params(1_000)]
    public int SamplesPerCommit { get; set; }

    [Params("Head", "Db")]
    public string Storage { get; set; } = "Head";

    [GlobalSetup]
    public void Setup()
    {
        _dir = Path.Combine(Path.GetTempPath(), "ms-append-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_dir);
        _storage = CreateStorage(Storage, _dir);
        var labels = TargetSeries.Generate(SeriesCount);
        _refs = new SeriesRef[SeriesCount];
        _values = new double[SeriesCount];
        _increments = new double[SeriesCount];
        var random = new Random(1);
        for (var i = 0; i < SeriesCount; i++)
        {
            _values[i] = random.Next(1_000_000);
            _increments[i] = random.Next(0, 50);
        }
        _t = 1_700_000_000_000;
        // The first scrape creates the series and caches their refs, as the scrape cache does.
        Round(labels);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        (_storage as IDisposable)?.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    [Benchmark(OperationsPerInvoke = SeriesCount)]
    public void AppendByRefAndCommit() => Round(null);

    /// <summary>
    /// One scrape interval: every target's samples in its own appender. With <paramref name="labels"/> null, series
    /// go by cached ref with empty labels, as on a scrape-cache hit.
    /// </summary>
    private void Round(LabelSet[]? labels)
    {
        _t += 15_000;
        var refs = _refs;
        var values = _values;
        var increments = _increments;
        for (var start = 0; start < refs.Length; start += SamplesPerCommit)
        {
            // Each target's scrape starts a few ms off schedule.
            var t = _t + start / SamplesPerCommit % 5;
            var app = _storage.Appender();
            var end = Math.Min(start + SamplesPerCommit, refs.Length);
            for (var i = start; i < end; i++)
            {
                values[i] += increments[i];
                app.Append(ref refs[i], labels is null ? LabelSet.Empty : labels[i], t, values[i]);
            }
            app.Commit();
        }
    }

    /// <summary>The storage under test, with <paramref name="dataDirectory"/> for anything it writes.</summary>
    private static IAppendable CreateStorage(string storage, string dataDirectory)
    {
        if (storage == "Head") return new Head(HeadOptions.Default, new HeadMetrics(Metrics.NewCustomRegistry()));
        var db = Db.Open(new DbOptions { Path = dataDirectory }, new DbMetrics(Metrics.NewCustomRegistry()), TimeProvider.System, NullLogger.Instance);
        db.ReplayWal();
        return db;
    }

    private sealed class SamplesPerSecondConfig : ManualConfig
    {
        public SamplesPerSecondConfig() => AddColumn(StatisticColumn.OperationsPerSecond);
    }
}
