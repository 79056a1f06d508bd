using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using MetricsServer.Model.Labels;
using MetricsServer.Scraper.Parsing;

namespace MetricsServer.Benchmarks.Scraper;

/// <summary>
/// Parsing a 100,000-series scrape body end to end, as the scrape loop does: the steady state (key, value and timestamp
/// only, as on a scrape-cache hit), and the first scrape (every series' labels built, as on a miss). Each benchmark
/// counts one operation per series, so Mean is nanoseconds per sample; MB/s is <see cref="BodyBytes"/> / 100,000 per
/// sample over that time. The body: HELP and TYPE per family, 3-5 labels per series, a quarter of it histograms.
/// </summary>
[MemoryDiagnoser]
public class TextParserBenchmarks
{
    private const int Series = 100_000;

    private byte[] _text = [];
    private byte[] _openMetrics = [];
    private readonly PrometheusTextParser _textParser = new();
    private readonly OpenMetricsParser _openMetricsParser = new();
    private readonly LabelSetBuilder _builder = new();

    /// <summary>The text body's size, printed at setup so that MB/s can be computed from the result.</summary>
    public int BodyBytes => _text.Length;

    [GlobalSetup]
    public void Setup()
    {
        _text = Generate(openMetrics: false);
        _openMetrics = Generate(openMetrics: true);
        Console.WriteLine($"// text body: {_text.Length} bytes ({_text.Length / (double)Series:F1} bytes/series); openmetrics body: {_openMetrics.Length} bytes");
    }

    [Benchmark(OperationsPerInvoke = Series)]
    public double TextSeriesPath() => Drain(_textParser, _text);

    [Benchmark(OperationsPerInvoke = Series)]
    public double OpenMetricsSeriesPath() => Drain(_openMetricsParser, _openMetrics);

    [Benchmark(OperationsPerInvoke = Series)]
    public int TextWithLabels()
    {
        var parser = _textParser;
        parser.Reset(_text);
        var labels = 0;
        EntryKind kind;
        while ((kind = parser.Next()) != EntryKind.EndOfInput)
        {
            if (kind != EntryKind.Series) continue;
            parser.Labels(_builder);
            labels += _builder.Count;
        }
        return labels;
    }

    private static double Drain(ExpositionParser parser, byte[] body)
    {
        parser.Reset(body);
        double sum = 0;
        EntryKind kind;
        while ((kind = parser.Next()) != EntryKind.EndOfInput)
        {
            if (kind != EntryKind.Series) continue;
            // Touch what the scrape loop reads on a cache hit: the key (for the lookup), the value and the timestamp.
            sum += parser.SeriesKey.Length + parser.Value + (parser.TimestampMs ?? 0);
        }
        return sum;
    }

    /// <summary>Families of gauges and counters with 3-5 labels, and histograms of 10 buckets plus _sum and _count.</summary>
    private static byte[] Generate(bool openMetrics)
    {
        var random = new Random(7);
        string[] methods = ["GET", "POST", "PUT", "DELETE"];
        string[] codes = ["200", "201", "204", "400", "404", "500", "503"];
        string[] buckets = ["0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1", "2.5", "+Inf"];
        var sb = new StringBuilder(Series * 120);
        var series = 0;
        for (var family = 0; series < Series; family++)
        {
            var histogram = family % 4 == 3;
            var name = histogram ? $"app_request_duration_seconds_{family}" : $"app_component_{family}_operations";
            sb.Append("# HELP ").Append(name).Append(" Operations handled by component ").Append(family).Append(".\n");
            sb.Append("# TYPE ").Append(name).Append(histogram ? " histogram\n" : family % 2 == 0 ? " gauge\n" : " counter\n");
            var sampleName = !histogram && family % 2 == 1 ? name + "_total" : name;
            for (var s = 0; s < 40 && series < Series; s++)
            {
                var labels = string.Create(CultureInfo.InvariantCulture,
                    $"namespace=\"payments-{s % 5}\",pod=\"payments-api-7d9f8b6c5d-{s:x5}\",method=\"{methods[s % 4]}\"");
                if (s % 2 == 0) labels += $",code=\"{codes[s % 7]}\"";
                if (s % 3 == 0) labels += ",handler=\"/api/v1/orders/{id}\"";
                if (histogram)
                {
                    long cumulative = 0;
                    foreach (var le in buckets)
                    {
                        cumulative += random.Next(0, 1000);
                        sb.Append(name).Append("_bucket{").Append(labels).Append(",le=\"").Append(le).Append("\"} ").Append(cumulative).Append('\n');
                    }
                    sb.Append(name).Append("_sum{").Append(labels).Append("} ")
                        .Append((random.NextDouble() * 1000).ToString("R", CultureInfo.InvariantCulture)).Append('\n');
                    sb.Append(name).Append("_count{").Append(labels).Append("} ").Append(cumulative).Append('\n');
                    series += buckets.Length + 2;
                }
                else
                {
                    var value = family % 2 == 0
                        ? (random.NextDouble() * 1e6).ToString("R", CultureInfo.InvariantCulture)
                        : random.Next(0, 10_000_000).ToString(CultureInfo.InvariantCulture);
                    sb.Append(sampleName).Append('{').Append(labels).Append("} ").Append(value);
                    if (s % 10 == 0) sb.Append(' ').Append(openMetrics ? "1700000000.123" : "1700000000123");
                    sb.Append('\n');
                    series++;
                }
            }
        }
        if (openMetrics) sb.Append("# EOF\n");
        return Encoding.UTF8.GetBytes(sb.ToString());
    }
}
