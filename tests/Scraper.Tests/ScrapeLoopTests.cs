using MetricsServer.Config;
using MetricsServer.Model.Labels;
using MetricsServer.Model.Storage;
using Microsoft.Extensions.Time.Testing;

namespace MetricsServer.Scraper.Tests;

public sealed class ScrapeLoopTests
{
    private const string TwoSeries = """
        # HELP http_requests_total Requests.
        # TYPE http_requests_total counter
        http_requests_total{code="200"} 10
        http_requests_total{code="500"} 2
        """;

    [Fact]
    public async Task Scrape_ValidBody_AppendsSeriesWithTargetLabels()
    {
        await using var f = new ScrapeLoopFixture(TwoSeries + "\n");
        var result = await f.ScrapeAsync(1_000);

        Assert.Null(result.Error);
        var ok = f.Storage.Samples(LabelSet.FromStrings("__name__", "http_requests_total", "code", "200", "instance", f.Target.Address, "job", "test"));
        Assert.Equal([(1_000L, 10.0)], ok);
        Assert.Equal(1, f.Last("up"));
        Assert.Equal(2, f.Last("scrape_samples_scraped"));
        Assert.Equal(2, f.Last("scrape_samples_post_metric_relabeling"));
        Assert.Equal(2, f.Last("scrape_series_added"));
        Assert.Equal(TargetHealthUp, f.ScrapedTarget.Status.Health.ToString());
        Assert.Equal("counter", f.ScrapedTarget.Metadata["http_requests_total"].Type.ToString().ToLowerInvariant());
        Assert.Equal("Requests.", f.ScrapedTarget.Metadata["http_requests_total"].Help);
    }

    private const string TargetHealthUp = "Up";

    [Fact]
    public async Task Scrape_SecondScrape_HitsCacheAndAddsNoSeries()
    {
        await using var f = new ScrapeLoopFixture(TwoSeries + "\n");
        await f.ScrapeAsync(1_000);
        await f.ScrapeAsync(16_000);

        Assert.Equal(0, f.Last("scrape_series_added"));
        Assert.Equal(2, f.Series("http_requests_total").Single(s => s.Labels.Get("code") == "500").Samples.Count);
    }

    [Fact]
    public async Task Scrape_MalformedLine_FailsWithLineAndStoresNothing()
    {
        var lines = string.Join('\n', Enumerable.Range(0, 3000).Select(i => $"metric_{i} {i}"));
        await using var f = new ScrapeLoopFixture(lines + "\nbroken_metric{a=\"b\" 1\n" + "after 1\n");
        var result = await f.ScrapeAsync(1_000);

        Assert.NotNull(result.Error);
        Assert.Contains("3001", result.Error);
        Assert.Empty(f.Storage.Find(l => l.MetricName.StartsWith("metric_", StringComparison.Ordinal)));
        Assert.Equal(0, f.Last("up"));
        Assert.Equal("Down", f.ScrapedTarget.Status.Health.ToString());
        Assert.Equal(result.Error, f.ScrapedTarget.Status.LastError);
    }

    [Fact]
    public async Task Scrape_SeriesDisappears_GetsStaleMarker()
    {
        await using var f = new ScrapeLoopFixture(TwoSeries + "\n");
        await f.ScrapeAsync(1_000);
        f.Target.Body = "http_requests_total{code=\"200\"} 11\n";
        await f.ScrapeAsync(16_000);

        var gone = f.Series("http_requests_total").Single(s => s.Labels.Get("code") == "500").Samples;
        Assert.Equal(16_000, gone[^1].T);
        Assert.True(StaleMarker.IsStale(gone[^1].V));
        var kept = f.Series("http_requests_total").Single(s => s.Labels.Get("code") == "200").Samples;
        Assert.Equal(11, kept[^1].V);
    }

    [Fact]
    public async Task Scrape_FailureAfterSuccess_MarksEverySeriesStale()
    {
        await using var f = new ScrapeLoopFixture(TwoSeries + "\n");
        await f.ScrapeAsync(1_000);
        f.Target.Status = 500;
        var result = await f.ScrapeAsync(16_000);

        Assert.Contains("server returned HTTP status 500", result.Error);
        foreach (var (_, samples) in f.Series("http_requests_total"))
        {
            Assert.True(StaleMarker.IsStale(samples[^1].V));
        }
        Assert.Equal(0, f.Last("up"));
    }

    [Fact]
    public async Task Stop_TargetGone_MarksSeriesAndReportStale()
    {
        await using var f = new ScrapeLoopFixture(TwoSeries + "\n");
        await f.ScrapeAsync(1_000);
        await f.Loop.StopAsync(markStale: true);

        Assert.True(StaleMarker.IsStale(f.Last("up")));
        Assert.All(f.Series("http_requests_total"), s => Assert.True(StaleMarker.IsStale(s.Samples[^1].V)));
    }

    [Theory]
    [InlineData(false, "job", "test", "exported_job", "other")]
    [InlineData(true, "job", "other", "exported_job", "")]
    public async Task Scrape_HonorLabels_DecidesConflicts(bool honor, string name, string expected, string exportedName, string exportedExpected)
    {
        await using var f = new ScrapeLoopFixture("m{job=\"other\"} 1\n", c => c.HonorLabels = honor);
        await f.ScrapeAsync(1_000);

        var labels = f.Series("m").Single().Labels;
        Assert.Equal(expected, labels.Get(name));
        Assert.Equal(exportedExpected, labels.Get(exportedName));
    }

    [Theory]
    [InlineData(true, 5_000)]
    [InlineData(false, 1_000)]
    public async Task Scrape_ExplicitTimestamp_HonoredOnlyWhenAsked(bool honor, long expected)
    {
        await using var f = new ScrapeLoopFixture("m 1 5000\n", c => c.HonorTimestamps = honor);
        await f.ScrapeAsync(1_000);

        Assert.Equal(expected, f.Series("m").Single().Samples[0].T);
    }

    [Fact]
    public async Task Scrape_OverSampleLimit_FailsWholeScrape()
    {
        await using var f = new ScrapeLoopFixture("a 1\nb 2\nc 3\n", c => c.SampleLimit = 2);
        var result = await f.ScrapeAsync(1_000);

        Assert.Equal("sample limit exceeded", result.Error);
        Assert.Empty(f.Series("a"));
        Assert.Equal(1, f.Metrics.ExceededSampleLimit.Value);
    }

    [Theory]
    [InlineData("label_limit", "label_limit exceeded")]
    [InlineData("label_name_length_limit", "label_name_length_limit exceeded")]
    [InlineData("label_value_length_limit", "label_value_length_limit exceeded")]
    public async Task Scrape_OverLabelLimits_Fails(string limit, string expected)
    {
        await using var f = new ScrapeLoopFixture("m{a_long_label_name=\"a long label value\",b=\"c\"} 1\n", c =>
        {
            if (limit == "label_limit") c.LabelLimit = 3;
            if (limit == "label_name_length_limit") c.LabelNameLengthLimit = 10;
            if (limit == "label_value_length_limit") c.LabelValueLengthLimit = 10;
        });
        var result = await f.ScrapeAsync(1_000);

        Assert.StartsWith(expected, result.Error);
        Assert.Empty(f.Series("m"));
    }

    [Fact]
    public async Task Scrape_OverBodySizeLimit_Fails()
    {
        var body = string.Join('\n', Enumerable.Range(0, 200).Select(i => $"metric_{i} {i}")) + "\n";
        await using var f = new ScrapeLoopFixture(body, c => c.BodySizeLimit = 100);
        var result = await f.ScrapeAsync(1_000);

        Assert.StartsWith("body size limit exceeded", result.Error);
        Assert.Equal(1, f.Metrics.ExceededBodySizeLimit.Value);
    }

    [Fact]
    public async Task Scrape_SendsAcceptGzipAndTimeoutHeaders_AndDecompresses()
    {
        await using var f = new ScrapeLoopFixture(TwoSeries + "\n");
        var result = await f.ScrapeAsync(1_000);

        Assert.Null(result.Error);
        var request = f.Target.Requests.Single();
        Assert.Contains("gzip", request["Accept-Encoding"]);
        Assert.Contains("application/openmetrics-text", request["Accept"]);
        Assert.Equal("10", request["X-Prometheus-Scrape-Timeout-Seconds"]);
        Assert.Equal(2, f.Series("http_requests_total").Count);
    }

    [Fact]
    public async Task Scrape_MetricRelabelDrop_DropsSeriesButCountsScraped()
    {
        await using var f = new ScrapeLoopFixture(TwoSeries + "\n", c => c.MetricRelabelConfigs =
        [
            new RelabelConfig { SourceLabels = ["code"], Regex = "5..", Action = RelabelAction.Drop },
        ]);
        await f.ScrapeAsync(1_000);

        Assert.Single(f.Series("http_requests_total"));
        Assert.Equal(2, f.Last("scrape_samples_scraped"));
        Assert.Equal(1, f.Last("scrape_samples_post_metric_relabeling"));
    }

    [Fact]
    public async Task Scrape_OpenMetricsContentType_UsesOpenMetricsParser()
    {
        await using var f = new ScrapeLoopFixture("# TYPE m gauge\nm 1.5 2.5\n# EOF\n");
        f.Target.ContentType = "application/openmetrics-text; version=1.0.0; charset=utf-8";
        var result = await f.ScrapeAsync(1_000);

        Assert.Null(result.Error);
        Assert.Equal([(2_500L, 1.5)], f.Series("m").Single().Samples);
    }

    [Fact]
    public async Task Scrape_TargetSlowerThanTimeout_FailsWithDeadlineExceeded()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UnixEpoch.AddSeconds(1));
        await using var f = new ScrapeLoopFixture("m 1\n", clock: clock);
        f.Target.Hold();
        var scrape = f.ScrapeAsync(1_000);
        await Task.Delay(200);
        clock.Advance(TimeSpan.FromSeconds(11));
        var result = await scrape.WaitAsync(TimeSpan.FromSeconds(30));
        f.Target.Release();

        Assert.Contains("context deadline exceeded", result.Error);
    }

    [Theory]
    [InlineData(null, "received unsupported Content-Type")]
    [InlineData("PrometheusText0.0.4", null)]
    public async Task Scrape_UnsupportedContentType_UsesFallbackOrFails(string? fallback, string? expectedError)
    {
        await using var f = new ScrapeLoopFixture("m 1\n", c => c.FallbackScrapeProtocol = fallback);
        f.Target.ContentType = "text/html; charset=utf-8";
        var result = await f.ScrapeAsync(1_000);

        if (expectedError is null)
        {
            Assert.Null(result.Error);
            Assert.Single(f.Series("m"));
        }
        else
        {
            Assert.Contains(expectedError, result.Error);
            Assert.Empty(f.Series("m"));
        }
    }
}
