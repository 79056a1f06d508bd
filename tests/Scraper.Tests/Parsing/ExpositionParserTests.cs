using System.Diagnostics;
using System.Text;
using CsCheck;
using MetricsServer.Model.Labels;
using MetricsServer.Model.Metadata;
using MetricsServer.Scraper.Parsing;
using Xunit.Abstractions;
using static MetricsServer.Scraper.Tests.Parsing.ExpositionTestData;

namespace MetricsServer.Scraper.Tests.Parsing;

/// <summary>Whole bodies: the shared fixtures, the allocation contract, and mutated input.</summary>
public class ExpositionParserTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("1histogram.om.txt", 42, 1, 1, 0)]
    [InlineData("alltypes.5mfs.om.txt", 53, 5, 5, 0)]
    [InlineData("alltypes.237mfs.prom.txt", 1857, 237, 237, 1)]
    [InlineData("alltypes.237mfs.nometa.prom.txt", 1857, 0, 0, 1)]
    public void Next_Fixture_CountsEntries(string file, int series, int help, int types, int comments)
    {
        var body = ReadFixture(file);
        if (body is null) return;
        var entries = ParseAll(ParserFor(file), body);
        Assert.Equal(series, entries.Count(e => e.Kind == EntryKind.Series));
        Assert.Equal(help, entries.Count(e => e.Kind == EntryKind.Help));
        Assert.Equal(types, entries.Count(e => e.Kind == EntryKind.Type));
        Assert.Equal(comments, entries.Count(e => e.Kind == EntryKind.Comment));
        foreach (var e in entries.Where(e => e.Kind == EntryKind.Series))
        {
            Assert.Equal(e.Name, e.Labels!.MetricName);
            Assert.StartsWith(e.Name, e.Key, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Next_TextFixture_ReadsKnownSamples()
    {
        var body = ReadFixture("alltypes.237mfs.prom.txt");
        if (body is null) return;
        var entries = ParseAll(new PrometheusTextParser(), body);
        var requests = Assert.Single(entries, e => e.Key == "prometheus_http_requests_total{code=\"200\",handler=\"/metrics\"}");
        Assert.Equal(1021, requests.Line);
        Assert.Equal(4.059092e+06, requests.Value);
        Assert.Equal("/metrics", requests.Labels!.Get("handler"));
        var limit = Assert.Single(entries, e => e.Key == "go_gc_gomemlimit_bytes");
        Assert.Equal(9.03676723e+08, limit.Value);
        var gcType = Assert.Single(entries, e => e.Kind == EntryKind.Type && e.Family == "go_gc_duration_seconds");
        Assert.Equal(MetricType.Summary, gcType.Type);
        Assert.Contains(entries, e => e.Kind == EntryKind.Type && e.Type == MetricType.Histogram);
    }

    [Fact]
    public void Next_OpenMetricsFixtures_ReadExemplarsAndCreatedSeries()
    {
        var body = ReadFixture("alltypes.5mfs.om.txt");
        if (body is null) return;
        var entries = ParseAll(new OpenMetricsParser(), body);
        var withExemplars = entries.Where(e => e.Exemplar is not null).ToList();
        Assert.Equal(6, withExemplars.Count);
        var first = withExemplars[0];
        Assert.Equal("rpc_durations_histogram_seconds_bucket{le=\"-0.0002899999999999998\"}", first.Key);
        Assert.Equal(3.0, first.Value);
        Assert.Equal("17783", first.Exemplar!.Value.Labels.Get("dummyID"));
        Assert.Equal(-0.0003825067330956884, first.Exemplar.Value.Value);
        Assert.Equal(1726839814223L, first.Exemplar.Value.TimestampMs);
        var created = Assert.Single(entries, e => e.Key == "promhttp_metric_handler_errors_created{cause=\"encoding\"}");
        Assert.Equal(1.726839813016397e+09, created.Value);
        Assert.Equal(MetricType.Counter, Assert.Single(entries, e => e.Kind == EntryKind.Type && e.Family == "rpc_requests").Type);

        var histogram = ReadFixture("1histogram.om.txt");
        Assert.NotNull(histogram);
        var buckets = ParseAll(new OpenMetricsParser(), histogram);
        var last = buckets[^1];
        Assert.Equal("golang_manual_histogram_seconds_count", last.Name);
        Assert.Equal("5003", last.Labels!.Get("port"));
        Assert.Equal(44, last.Line);
        Assert.Equal(3, buckets.Count(e => e.Labels?.Get("le") == "+Inf"));
    }

    [Fact]
    public void Next_SeriesPath_AllocatesNothing()
    {
        var body = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, 2000).Select(i =>
            $"http_request_duration_seconds_bucket{{method=\"GET\",handler=\"/api/v{i % 7}\",code=\"200\",le=\"{i % 13}.5\"}} {i * 1.5} {1700000000000 + i}\n"
            + $"up{{instance=\"10.0.0.{i % 250}:9100\"}} NaN\n# HELP x some help\\n here\n# TYPE x gauge\n")));
        var om = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, 2000).Select(i =>
            $"foo_bucket{{le=\"{i}\"}} {i} 1700000000.{i % 1000:D3} # {{trace_id=\"{i}\"}} 0.5 1700000000.5\n")) + "# EOF\n");
        var text = new PrometheusTextParser();
        var openMetrics = new OpenMetricsParser();
        Drain(text, body);
        Drain(openMetrics, om);
        var before = GC.GetAllocatedBytesForCurrentThread();
        var count = Drain(text, body) + Drain(openMetrics, om);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(6000, count);
        Assert.Equal(0, allocated);

        static int Drain(ExpositionParser parser, byte[] body)
        {
            parser.Reset(body);
            var series = 0;
            double sum = 0;
            EntryKind kind;
            while ((kind = parser.Next()) != EntryKind.EndOfInput)
            {
                if (kind != EntryKind.Series) continue;
                series++;
                sum += parser.SeriesKey.Length + (parser.TimestampMs ?? 0);
            }
            return sum >= 0 ? series : -1;
        }
    }

    /// <summary>
    /// Random byte flips, insertions, deletions and truncations of the fixtures: only <see cref="ExpositionException"/>
    /// may escape, every call advances (no hang), and the cache-miss paths (labels, exemplars) survive whatever parsed.
    /// </summary>
    [Fact]
    public void Next_MutatedFixtures_OnlyThrowExpositionException()
    {
        var dir = FixturesDirectory();
        var bodies = new List<(string Name, byte[] Body)>();
        if (dir is not null)
        {
            foreach (var file in Directory.GetFiles(dir).Order(StringComparer.Ordinal)) bodies.Add((Path.GetFileName(file), File.ReadAllBytes(file)));
        }
        // Hand-written seeds keep the test meaningful where the fixtures are absent, and reach quoted names and escapes.
        bodies.Add(("seed.prom.txt", "# HELP a x\\ny\n# TYPE a counter\n{\"a.b\",\"c\"=\"d\\\"\"} 1 2\nb{le=\"+Inf\",} -Inf\n"u8.ToArray()));
        bodies.Add(("seed.om.txt", "# TYPE a_s histogram\n# UNIT a_s s\na_s_bucket{le=\"1\"} 1 2.5 # {t=\"x\"} 1 2\n# EOF\n"u8.ToArray()));

        var mutation = Gen.Select(Gen.Int[0, 4], Gen.Int[0, int.MaxValue], Gen.Byte);
        var gen = Gen.Select(Gen.Int[0, bodies.Count - 1], Gen.Int[0, int.MaxValue], Gen.Int[1, 4096], mutation.Array[1, 6]);
        var stopwatch = Stopwatch.StartNew();
        var runs = 0;
        gen.Sample(
            (index, windowStart, windowLength, mutations) =>
            {
                var (name, source) = bodies[index];
                // Mostly a window of the body, so that mutations land near the start and errors are reached quickly.
                var start = source.Length <= windowLength ? 0 : windowStart % (source.Length - windowLength);
                var body = new List<byte>(source.AsSpan(start, Math.Min(windowLength, source.Length - start)).ToArray());
                foreach (var (op, where, value) in mutations)
                {
                    if (body.Count == 0) break;
                    var at = where % body.Count;
                    switch (op)
                    {
                        case 0: body[at] = value; break;
                        case 1: body.Insert(at, value); break;
                        case 2: body.RemoveAt(at); break;
                        case 3: body.RemoveRange(at, body.Count - at); break;
                        default: body[at] = Syntax[value % Syntax.Length]; break;
                    }
                }
                Exercise(ParserFor(name), [.. body]);
                Exercise(name.Contains(".om.", StringComparison.Ordinal) ? new PrometheusTextParser() : new OpenMetricsParser(), [.. body]);
                Interlocked.Increment(ref runs);
            },
            iter: 10000,
            threads: 1,
            seed: null);
        output.WriteLine($"{runs} mutated bodies in {stopwatch.ElapsedMilliseconds} ms");
        Assert.Equal(10000, runs);
    }

    private static readonly byte[] Syntax = "\n\"\\{}=, #\t"u8.ToArray();

    private static void Exercise(ExpositionParser parser, byte[] body)
    {
        var builder = new LabelSetBuilder();
        parser.Reset(body);
        var lines = body.Count(b => b == (byte)'\n') + 2;
        try
        {
            for (var calls = 0; ; calls++)
            {
                Assert.True(calls <= lines, "the parser did not advance");
                var kind = parser.Next();
                if (kind == EntryKind.EndOfInput) return;
                if (kind != EntryKind.Series) continue;
                parser.Labels(builder);
                _ = builder.ToLabelSet();
                _ = parser.TryGetExemplar(builder, out _);
            }
        }
        catch (ExpositionException ex)
        {
            Assert.InRange(ex.Line, 1, lines);
            Assert.True(ex.Column >= 1);
        }
    }

    private byte[]? ReadFixture(string file)
    {
        var dir = FixturesDirectory();
        if (dir is null)
        {
            output.WriteLine($"skipped: exposition fixtures not found (set EXPOSITION_FIXTURES_DIR); {file} not parsed");
            return null;
        }
        return File.ReadAllBytes(Path.Combine(dir, file));
    }
}
