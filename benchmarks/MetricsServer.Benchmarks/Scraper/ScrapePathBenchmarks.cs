using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using MetricsServer.Config;
using MetricsServer.Model.Labels;
using MetricsServer.Relabel;
using MetricsServer.Scraper;
using MetricsServer.Scraper.Parsing;
using MetricsServer.Scraper.Targets;
using MetricsServer.Tsdb;
using Microsoft.Extensions.Logging.Abstractions;

namespace MetricsServer.Benchmarks.Scraper;

/// <summary>
/// The steady-state scrape path on a 100,000-series body: parse, scrape-cache lookup, append by cached ref into the
/// head, staleness bookkeeping and commit — everything a scrape does after the HTTP body has arrived. One operation
/// per sample, so Mean is ns/sample and Allocated is bytes/sample (the goal is 0 B).
/// </summary>
[MemoryDiagnoser]
public class ScrapePathBenchmarks : IDisposable
{
    private const int Series = 100_000;

    private byte[] _body = [];
    private ScrapeLoop _loop = null!;
    private HttpClient _client = null!;
    private long _timestamp = 1_700_000_000_000;

    [GlobalSetup]
    public void Setup()
    {
        _body = Generate();
        var config = new ScrapeConfig { JobName = "bench", ScrapeInterval = TimeSpan.FromSeconds(15), ScrapeTimeout = TimeSpan.FromSeconds(10) };
        var target = new TargetBuilder(config, RelabelRules.Empty)
            .Build(LabelSet.FromStrings(LabelNames.Address, "127.0.0.1:9100"), LabelSet.Empty).Target!;
        var registry = Prometheus.Metrics.NewCustomRegistry();
        var head = new Head(new HeadOptions(), new HeadMetrics(registry));
        _client = new HttpClient();
        _loop = new ScrapeLoop(target, ScrapeLoopOptions.From(config, ExpositionFormat.AcceptHeader(ConfigLoader.DefaultScrapeProtocols)),
            _client, head, new ScrapeMetrics(registry), TimeProvider.System, NullLogger.Instance);
        // The first scrape creates every series and fills the cache; the benchmark measures the ones after.
        _loop.Append(_body, "text/plain; version=0.0.4", _timestamp);
        Console.WriteLine($"// body: {_body.Length} bytes, {_body.Length / (double)Series:F1} bytes/series");
    }

    [GlobalCleanup]
    public void Dispose()
    {
        _loop.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _client.Dispose();
        GC.SuppressFinalize(this);
    }

    [Benchmark(OperationsPerInvoke = Series)]
    public long SteadyStateScrape()
    {
        _timestamp += 15_000;
        return _loop.Append(_body, "text/plain; version=0.0.4", _timestamp).PostRelabeling;
    }

    /// <summary>Like the rig's synthetic targets: families of gauges, counters and histogram buckets with 3-4 labels.</summary>
    private static byte[] Generate()
    {
        var sb = new StringBuilder();
        var n = 0;
        for (var family = 0; n < Series; family++)
        {
            var name = $"app_metric_{family}_total";
            sb.Append("# HELP ").Append(name).Append(" A synthetic counter.\n# TYPE ").Append(name).Append(" counter\n");
            for (var i = 0; i < 100 && n < Series; i++, n++)
            {
                sb.Append(name).Append("{instance_id=\"").Append(i % 10).Append("\",method=\"GET\",path=\"/api/v1/item/")
                  .Append(i).Append("\",status=\"200\"} ").Append((n * 7.25).ToString(CultureInfo.InvariantCulture)).Append('\n');
            }
        }
        return Encoding.UTF8.GetBytes(sb.ToString());
    }
}
