using BenchmarkDotNet.Attributes;
using MetricsServer.Model.Labels;
using MetricsServer.Model.Storage;
using MetricsServer.Tsdb;
using Microsoft.Extensions.Logging.Abstractions;
using Prometheus;

namespace MetricsServer.Benchmarks.Tsdb;

/// <summary>
/// Start-up cost of the WAL: a database whose WAL holds 100k series × 120 samples (12M samples, one commit of 1000
/// samples per scrape of a 1000-series target, as the scrape loop writes it) is opened and replayed. Reported per
/// sample (OperationsPerInvoke); the full replay time is that × 12M.
/// </summary>
[MemoryDiagnoser]
public class WalReplayBenchmarks
{
    private const int Series = 100_000;
    private const int SeriesPerTarget = 1000;
    private const int Scrapes = 120;
    private string _dir = null!;

    [GlobalSetup]
    public void Setup()
    {
        _dir = Path.Combine(Path.GetTempPath(), "replaybench-" + Guid.NewGuid().ToString("N"));
        using var db = Open();
        var labels = new LabelSet[Series];
        var refs = new SeriesRef[Series];
        for (var i = 0; i < Series; i++)
        {
            labels[i] = LabelSet.FromStrings("__name__", "http_requests_total", "instance", $"10.0.{i / SeriesPerTarget}.1:9100",
                "job", "node", "code", (200 + (i % 5)).ToString(System.Globalization.CultureInfo.InvariantCulture), "path", $"/api/{i % SeriesPerTarget}");
        }
        for (var scrape = 0; scrape < Scrapes; scrape++)
        {
            var t = 1_700_000_000_000 + (scrape * 15_000L);
            for (var target = 0; target < Series / SeriesPerTarget; target++)
            {
                var app = db.Appender();
                for (var i = target * SeriesPerTarget; i < (target + 1) * SeriesPerTarget; i++) app.Append(ref refs[i], labels[i], t, scrape * (i % 7));
                app.Commit();
            }
        }
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_dir, recursive: true);

    [Benchmark(OperationsPerInvoke = Series * Scrapes)]
    public long Replay()
    {
        using var db = Open();
        return db.Head.NumSeries;
    }

    private Db Open()
    {
        var db = Db.Open(new DbOptions { Path = _dir }, new DbMetrics(Metrics.NewCustomRegistry()), TimeProvider.System, NullLogger.Instance);
        db.ReplayWal();
        return db;
    }
}
