using MetricsServer.TestSupport;
using MetricsServer.Web.Tests.Hosting;

namespace MetricsServer.Web.Tests.Remote;

/// <summary>Remote write and remote read against Debian's prometheus, both ways, on loopback.</summary>
public sealed class RemoteInteropTests
{
    private const string TargetBody = "# TYPE app_requests_total counter\napp_requests_total{path=\"/a\"} 10\napp_requests_total{path=\"/b\"} 20\n# TYPE app_temp gauge\napp_temp 21.5\n";
    /// <summary>Sample counts per series; one query per metric, since count_over_time drops the name.</summary>
    private static readonly string[] Compared = ["count_over_time(up[10m])", "count_over_time(app_requests_total[10m])", "count_over_time(app_temp[10m])"];

    private static async Task<List<string>> CountsAsync(HttpClient http, long at)
    {
        var all = new List<string>();
        foreach (var q in Compared) all.AddRange(PrometheusPeer.Canonical(await PrometheusPeer.QueryAsync(http, q, at)).Select(line => q + " " + line));
        return all;
    }

    [Fact]
    public async Task Prometheus_RemoteWritingToUs_WeHoldTheSeriesAndSamplesItHolds()
    {
        await using var target = new ScrapeTarget(TargetBody);
        await using var ours = await TestServer.StartAsync("global: {}\n", "--web.enable-remote-write-receiver");
        await using var prometheus = await PrometheusPeer.StartAsync($$"""
            global:
              scrape_interval: 1s
            scrape_configs:
              - job_name: app
                static_configs: [{ targets: ["{{target.Address}}"] }]
            remote_write:
              - url: http://{{ours.Address}}/api/v1/write
                queue_config: { batch_send_deadline: 200ms, min_backoff: 50ms, max_backoff: 200ms }
            """);

        // Samples up to a fixed instant, once at least five scrapes are behind it, must all arrive here.
        var at = 0L;
        await Eventually.TrueAsync(async () =>
        {
            var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
            var counts = PrometheusPeer.Canonical(await PrometheusPeer.QueryAsync(prometheus.Http, "count_over_time(up[10m])", now));
            if (counts.Count == 1 && int.Parse(counts[0].Split(" => ")[1], System.Globalization.CultureInfo.InvariantCulture) >= 5) at = now;
            return at > 0;
        }, TimeSpan.FromSeconds(60), "prometheus to scrape five times");

        var theirs = await CountsAsync(prometheus.Http, at);
        Assert.Equal(4, theirs.Count);
        await Eventually.TrueAsync(async () =>
            (await CountsAsync(ours.Http, at)).SequenceEqual(theirs),
            TimeSpan.FromSeconds(60), "our server to hold what prometheus holds: " + string.Join("; ", theirs));
    }

    [Fact]
    public async Task Prometheus_RemoteReadingFromUs_AnswersAsWeDo()
    {
        await using var target = new ScrapeTarget(TargetBody);
        await using var ours = await TestServer.StartAsync($$"""
            global:
              scrape_interval: 1s
            scrape_configs:
              - job_name: app
                static_configs: [{ targets: ["{{target.Address}}"] }]
            """);
        await Eventually.TrueAsync(() => ours.Select(Model.Labels.Matcher.Equal("__name__", "up")).Sum(s => s.Samples.Count) >= 3,
            TimeSpan.FromSeconds(30), "our server to scrape three times");
        await using var prometheus = await PrometheusPeer.StartAsync($"""
            global:
              scrape_interval: 1m
            remote_read:
              - url: http://{ours.Address}/api/v1/read
                read_recent: true
            """);

        var at = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        foreach (var query in (string[])[.. Compared, "app_requests_total", "sum by (path) (rate(app_requests_total[1m]))", "app_temp"])
        {
            var expected = PrometheusPeer.Canonical(await PrometheusPeer.QueryAsync(ours.Http, query, at));
            var actual = PrometheusPeer.Canonical(await PrometheusPeer.QueryAsync(prometheus.Http, query, at));
            Assert.NotEmpty(expected);
            Assert.Equal(expected, actual);
        }
    }
}
